package workflow

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

const artifactsWorkflow = `
metadata: {name: wf-art}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: gen
        template: gen
    - - name: use
        template: use
        arguments:
          artifacts:
          - name: in
            from: "{{steps.gen.outputs.artifacts.out}}"
          - name: note
            raw: {data: "step {{steps.gen.status}}"}
  - name: gen
    container: {image: busybox, command: [sh, -c, "echo hi > /tmp/out.txt"]}
    outputs:
      artifacts:
      - name: out
        path: /tmp/out.txt
        globalName: shared
      - name: plain
        path: /tmp/out.txt
        archive: {none: {}}
  - name: use
    inputs:
      artifacts:
      - name: in
        path: /tmp/in.txt
      - name: note
        path: /tmp/note.txt
      - name: extra
        path: /tmp/extra
        optional: true
    container: {image: busybox, command: [cat, "{{inputs.artifacts.in.path}}"]}
`

func repositoryConfigMap(ns string) *corev1.ConfigMap {
	return &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "artifact-repositories", Namespace: ns,
			Annotations: map[string]string{annotationDefaultArtifactRepository: "default-v1"}},
		Data: map[string]string{"default-v1": `
s3:
  endpoint: 10.0.0.1:7070
  bucket: my-bucket
  insecure: true
  accessKeySecret: {name: s3-creds, key: accessKey}
  secretKeySecret: {name: s3-creds, key: secretKey}
`},
	}
}

// podTemplate decodes the SKIFF_TEMPLATE the controller gave a pod's container, and
// returns that container's env.
func podTemplate(t *testing.T, pod *corev1.Pod, container string) (*v1alpha1.Template, map[string]corev1.EnvVar) {
	t.Helper()
	env := map[string]corev1.EnvVar{}
	for _, c := range append(append([]corev1.Container{}, pod.Spec.InitContainers...), pod.Spec.Containers...) {
		if c.Name == container {
			for _, e := range c.Env {
				env[e.Name] = e
			}
		}
	}
	tmpl := &v1alpha1.Template{}
	if err := json.Unmarshal([]byte(env[stepcontract.EnvTemplate].Value), tmpl); err != nil {
		t.Fatal(err)
	}
	return tmpl, env
}

// noCredentials fails when main's env holds any credential.
func noCredentials(t *testing.T, pod *corev1.Pod) {
	t.Helper()
	for _, e := range pod.Spec.Containers[0].Env {
		if strings.HasPrefix(e.Name, "SKIFF_SECRET_") || e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			t.Errorf("main container of %s has the credential env %s", pod.Name, e.Name)
		}
	}
}

// finishArtifacts plays the kubelet for a pod whose executor uploaded artifacts.
func (h *harness) finishArtifacts(nodeName string, arts ...stepcontract.SavedArtifact) {
	h.t.Helper()
	h.terminate(h.pods()[nodeName], stepcontract.Message{Artifacts: arts})
}

func TestArtifactsPassBetweenSteps(t *testing.T) {
	h := newHarness(t, artifactsWorkflow)
	if err := h.c.Create(context.Background(), repositoryConfigMap("default")); err != nil {
		t.Fatal(err)
	}
	h.reconcile()
	gen := h.pods()["wf-art[0].gen"]
	if gen == nil {
		t.Fatalf("no gen pod; nodes: %v", h.wf().Status.Nodes)
	}
	tmpl, env := podTemplate(t, gen, stepcontract.WaitContainer)
	noCredentials(t, gen)
	wantKey := "wf-art/" + gen.Name + "/out.tgz"
	out := tmpl.Outputs.Artifacts[0].S3
	if out == nil || out.Key != wantKey || out.Bucket != "my-bucket" || out.Endpoint != "10.0.0.1:7070" {
		t.Fatalf("output location = %+v, want key %s in my-bucket", out, wantKey)
	}
	if k := tmpl.Outputs.Artifacts[1].S3.Key; k != "wf-art/"+gen.Name+"/out.txt" {
		t.Errorf("archive none key = %q, want the file's own name", k)
	}
	ak := env[stepcontract.SecretEnv(&corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "s3-creds"}, Key: "accessKey"})]
	if ak.ValueFrom == nil || ak.ValueFrom.SecretKeyRef == nil || ak.ValueFrom.SecretKeyRef.Name != "s3-creds" || ak.ValueFrom.SecretKeyRef.Key != "accessKey" {
		t.Errorf("access key env = %+v, want a secretKeyRef to s3-creds/accessKey", ak)
	}
	if ref := h.wf().Status.ArtifactRepositoryRef; ref == nil || ref.Key != "default-v1" || ref.ArtifactRepository == nil {
		t.Errorf("status.artifactRepositoryRef = %+v", ref)
	}

	h.finishArtifacts("wf-art[0].gen", stepcontract.SavedArtifact{Name: "out", Key: wantKey})
	h.reconcile()
	h.reconcile()
	if arts := h.node("wf-art[0].gen").Outputs.Artifacts; len(arts) != 1 || arts[0].S3.Key != wantKey || arts[0].S3.Bucket != "my-bucket" {
		t.Fatalf("gen outputs.artifacts = %+v", arts)
	}
	use := h.pods()["wf-art[1].use"]
	if use == nil {
		t.Fatalf("no use pod; pods: %v", keys(h.pods()))
	}
	tmpl, env = podTemplate(t, use, stepcontract.InitContainer)
	noCredentials(t, use)
	in := tmpl.Inputs.Artifacts
	if in[0].S3 == nil || in[0].S3.Key != wantKey || in[0].Path != "/tmp/in.txt" {
		t.Errorf("input in = %+v", in[0])
	}
	if in[1].Raw == nil || in[1].Raw.Data != "step Succeeded" {
		t.Errorf("input note = %+v, want raw data with the tag substituted", in[1])
	}
	if artifactHasLocation(&in[2].ArtifactLocation) {
		t.Errorf("optional unsupplied input got a location: %+v", in[2])
	}
	if got := strings.Join(use.Spec.Containers[0].Command, " "); !strings.HasSuffix(got, "cat /tmp/in.txt") {
		t.Errorf("command = %q, want {{inputs.artifacts.in.path}} substituted", got)
	}
	if _, ok := env[stepcontract.SecretEnv(in[0].S3.SecretKeySecret)]; !ok {
		t.Error("the consuming pod lacks the secret key env var")
	}
	h.finishArtifacts("wf-art[1].use")
	h.reconcile()
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowSucceeded)
	if o := wf.Status.Outputs; o == nil || len(o.Artifacts) != 1 || o.Artifacts[0].Name != "shared" || o.Artifacts[0].S3.Key != wantKey {
		t.Errorf("status.outputs = %+v, want the global artifact shared", o)
	}
}

func TestArtifactsErrors(t *testing.T) {
	for _, c := range []struct{ name, doc, cm, want string }{
		{"no repository", `
metadata: {name: wf-a}
spec:
  entrypoint: gen
  templates:
  - name: gen
    container: {image: busybox, command: ["true"]}
    outputs: {artifacts: [{name: out, path: /tmp/o}]}`, "", "ConfigMap default/artifact-repositories not found"},
		{"zip", `
metadata: {name: wf-a}
spec:
  entrypoint: gen
  templates:
  - name: gen
    container: {image: busybox, command: ["true"]}
    outputs: {artifacts: [{name: out, path: /tmp/o, archive: {zip: {}}}]}`, "yes", "spec.templates[0].outputs.artifacts[0].archive.zip: Forbidden: not supported by Skiff"},
		{"missing input", `
metadata: {name: wf-a}
spec:
  entrypoint: use
  templates:
  - name: use
    inputs: {artifacts: [{name: in, path: /tmp/i}]}
    container: {image: busybox, command: ["true"]}`, "", "inputs.artifacts.in was not supplied"},
		{"bad from", `
metadata: {name: wf-a}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: use
        template: use
        arguments: {artifacts: [{name: in, from: "{{steps.nope.outputs.artifacts.x}}"}]}
  - name: use
    inputs: {artifacts: [{name: in, path: /tmp/i}]}
    container: {image: busybox, command: ["true"]}`, "", "{{steps.nope.outputs.artifacts.x}}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.doc)
			if c.cm != "" {
				if err := h.c.Create(context.Background(), repositoryConfigMap("default")); err != nil {
					t.Fatal(err)
				}
			}
			h.reconcile()
			h.reconcile()
			wf := h.wf()
			var msgs []string
			for _, n := range wf.Status.Nodes {
				msgs = append(msgs, n.Message)
			}
			if all := strings.Join(append(msgs, wf.Status.Message), " | "); !strings.Contains(all, c.want) {
				t.Errorf("messages %q do not mention %q", all, c.want)
			}
			if len(h.pods()) != 0 {
				t.Errorf("a pod was created: %v", keys(h.pods()))
			}
		})
	}
}
