package workflow

import (
	"context"
	"errors"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

const layoutWorkflow = `
metadata: {name: wf-layout, namespace: default}
spec:
  entrypoint: s
  templates:
  - name: s
    inputs:
      artifacts:
      - name: in
        path: /tmp/in.txt
        s3: {endpoint: "10.0.0.1:7070", bucket: b, key: k/in.tgz, insecure: true,
             accessKeySecret: {name: in-creds, key: ak}, secretKeySecret: {name: in-creds, key: sk}}
    outputs:
      artifacts:
      - name: out
        path: /tmp/out.txt
        s3: {endpoint: "10.0.0.1:7070", bucket: b, key: k/out.tgz, insecure: true,
             accessKeySecret: {name: out-creds, key: ak}, secretKeySecret: {name: out-creds, key: sk}}
    script: {image: busybox, command: [sh], source: "echo hi"}
`

// restricted fails unless sc passes the restricted Pod Security Standard on its own.
func restricted(t *testing.T, name string, sc *corev1.SecurityContext) {
	t.Helper()
	if sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.Capabilities == nil || len(sc.Capabilities.Drop) != 1 || sc.Capabilities.Drop[0] != "ALL" || len(sc.Capabilities.Add) != 0 ||
		sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 || *sc.RunAsUser != stepcontract.ImageUser ||
		sc.RunAsGroup == nil || *sc.RunAsGroup != stepcontract.ImageUser ||
		sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault || sc.Privileged != nil {
		t.Errorf("container %s: security context %+v does not pass restricted", name, sc)
	}
}

func secretRefs(c corev1.Container) []string {
	var refs []string
	for _, e := range c.Env {
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			refs = append(refs, e.ValueFrom.SecretKeyRef.Name+"/"+e.ValueFrom.SecretKeyRef.Key)
		}
	}
	return refs
}

// TestPodLayout: init (input credentials only), then wait as a native sidecar (output
// credentials only), main with no credentials and the report path; injected containers
// pass restricted; no shared process namespace.
func TestPodLayout(t *testing.T) {
	h := newHarness(t, layoutWorkflow)
	h.reconcile()
	pod := h.pods()["wf-layout"]
	if pod == nil {
		t.Fatalf("no pod; status %+v", h.wf().Status)
	}
	ics := pod.Spec.InitContainers
	if len(ics) != 2 || ics[0].Name != "init" || ics[1].Name != "wait" || len(pod.Spec.Containers) != 1 || pod.Spec.Containers[0].Name != "main" {
		t.Fatalf("containers: init %v, main %v", ics, pod.Spec.Containers)
	}
	initC, wait, main := ics[0], ics[1], pod.Spec.Containers[0]
	if got := strings.Join(secretRefs(initC), ","); got != "in-creds/ak,in-creds/sk" {
		t.Errorf("init credentials %q, want the input's only", got)
	}
	if got := strings.Join(secretRefs(wait), ","); got != "out-creds/ak,out-creds/sk" {
		t.Errorf("wait credentials %q, want the output's only", got)
	}
	noCredentials(t, pod)
	if initC.RestartPolicy != nil || wait.RestartPolicy == nil || *wait.RestartPolicy != corev1.ContainerRestartPolicyAlways {
		t.Errorf("restart policies: init %v, wait %v; want wait a native sidecar", initC.RestartPolicy, wait.RestartPolicy)
	}
	if got := strings.Join(wait.Command, " "); got != "/usr/local/bin/skiff-exec wait" {
		t.Errorf("wait command %q", got)
	}
	restricted(t, "init", initC.SecurityContext)
	restricted(t, "wait", wait.SecurityContext)
	if main.SecurityContext != nil {
		t.Errorf("main got a security context the user did not ask for: %+v", main.SecurityContext)
	}
	report := ""
	for _, e := range main.Env {
		if e.Name == stepcontract.EnvReport {
			report = e.Value
		}
	}
	if report != stepcontract.ReportPath {
		t.Errorf("main's %s = %q", stepcontract.EnvReport, report)
	}
	if pod.Spec.ShareProcessNamespace != nil && *pod.Spec.ShareProcessNamespace {
		t.Error("shareProcessNamespace is set")
	}

	// A plain container template without outputs has no wait container.
	h2 := newHarness(t, `
metadata: {name: wf-plain, namespace: default}
spec:
  entrypoint: c
  templates:
  - name: c
    container: {image: busybox, command: ["true"]}
`)
	h2.reconcile()
	if p := h2.pods()["wf-plain"]; p == nil || len(p.Spec.InitContainers) != 1 || hasWait(p) {
		t.Errorf("plain container pod: %+v", p)
	}
}

// TestResourcePodRestricted: a resource template's main runs Skiff's image and passes
// restricted too.
func TestResourcePodRestricted(t *testing.T) {
	tmpl := &v1alpha1.Template{Name: "r", Resource: &v1alpha1.ResourceTemplate{Action: "get", Manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"}}
	pod, err := buildResourcePod(&v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "default"}}, tmpl, "w", "w-1", "img")
	if err != nil {
		t.Fatal(err)
	}
	restricted(t, "main", pod.Spec.Containers[0].SecurityContext)
}

// TestAssessPodWithWait: main's exit code with wait's outputs; main done but wait not yet
// keeps the node running; a wait that failed to upload fails the step; wait gone without a
// message fails it; init's failure is named.
func TestAssessPodWithWait(t *testing.T) {
	h := newHarness(t, layoutWorkflow)
	h.reconcile()
	base := h.pods()["wf-layout"]
	now := metav1.Now()

	pod := base.DeepCopy()
	setTerminated(pod, stepcontract.Message{ExitCode: 0, Result: "r", Artifacts: []stepcontract.SavedArtifact{{Name: "out", Key: "k/out.tgz"}}}, now)
	if got := assessPod(pod); got.phase != v1alpha1.NodeSucceeded || *got.outputs.Result != "r" || len(got.artifacts) != 1 {
		t.Errorf("finished: %+v", got)
	}
	running := pod.DeepCopy()
	running.Status.Phase = corev1.PodRunning
	running.Status.InitContainerStatuses[1].State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	if got := assessPod(running); got.phase != v1alpha1.NodeRunning {
		t.Errorf("main done, wait uploading: %+v", got)
	}
	pod = base.DeepCopy()
	setTerminated(pod, stepcontract.Message{ExitCode: 1, Message: `output artifact "out": uploading: connection refused`}, now)
	pod.Status.Phase = corev1.PodSucceeded
	pod.Status.ContainerStatuses[0].State.Terminated.ExitCode = 0
	pod.Status.ContainerStatuses[0].State.Terminated.Message = `{"exitCode":0}`
	if got := assessPod(pod); got.phase != v1alpha1.NodeFailed || !strings.Contains(got.message, "connection refused") {
		t.Errorf("upload failed: %+v", got)
	}
	pod.Status.InitContainerStatuses[1].State.Terminated.Message = ""
	if got := assessPod(pod); got.phase != v1alpha1.NodeFailed || !strings.Contains(got.message, "wait container ended without a report") {
		t.Errorf("no wait message: %+v", got)
	}
	// Main killed at the deadline: no report; wait's "no report" does not hide the cause.
	pod = base.DeepCopy()
	setTerminated(pod, stepcontract.Message{ExitCode: 1, Message: "the main container exited without a report"}, now)
	pod.Status.Message = "Pod was active on the node longer than the specified deadline"
	pod.Status.ContainerStatuses[0].State.Terminated = &corev1.ContainerStateTerminated{ExitCode: 137}
	if got := assessPod(pod); got.phase != v1alpha1.NodeFailed || got.message != "Error (exit code 137)" {
		t.Errorf("deadline: %+v", got)
	}
	pod = base.DeepCopy()
	pod.Status.Phase = corev1.PodFailed
	pod.Status.InitContainerStatuses = []corev1.ContainerStatus{{Name: "init", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
		ExitCode: 1, Message: `{"exitCode":1,"message":"init: input artifact \"in\": s3://b/k/in.tgz: object not found"}`}}}}
	if got := assessPod(pod); got.phase != v1alpha1.NodeFailed || got.message != `init container: init: input artifact "in": s3://b/k/in.tgz: object not found` {
		t.Errorf("init failed: %+v", got)
	}
}

// fixedLogs serves one log, or an error, and remembers what was asked for.
type fixedLogs struct {
	log []byte
	err error
	got string
}

func (f *fixedLogs) Read(_ context.Context, ns, pod, container string, limit int64) ([]byte, error) {
	f.got = ns + "/" + pod + "/" + container
	return f.log, f.err
}

// TestLoggedOutputs: outputs announced in wait's termination message are read from its log
// and checked by size and SHA-256; a mismatch, or outputs past the limits, fail the node;
// an API error waits for the next reconcile.
func TestLoggedOutputs(t *testing.T) {
	items := make([]string, 2000)
	for i := range items {
		items[i] = `"item-` + strings.Repeat("x", 90) + `"`
	}
	result := "[" + strings.Join(items, ",") + "]"
	line, ref := logLine(t, stepcontract.Message{Result: result, Parameters: []stepcontract.OutputParameter{{Name: "p", Value: "v"}}})
	log := append([]byte("skiff-exec: wait: uploading\n"), append(line, '\n')...)

	for _, tc := range []struct {
		name  string
		logs  *fixedLogs
		phase v1alpha1.NodePhase
		want  string
	}{
		{"announced line", &fixedLogs{log: log}, v1alpha1.NodeSucceeded, ""},
		{"changed line", &fixedLogs{log: []byte(strings.Replace(string(log), "item-", "itEm-", 1))}, v1alpha1.NodeFailed, "does not hold the outputs"},
		{"api error", &fixedLogs{err: errors.New("the server is busy")}, v1alpha1.NodeRunning, "the server is busy"},
	} {
		h := newHarness(t, layoutWorkflow)
		h.r.PodLogs = tc.logs
		h.reconcile()
		pod := h.pods()["wf-layout"]
		setTerminated(pod, stepcontract.Message{}, metav1.Now())
		pod.Status.InitContainerStatuses[1].State.Terminated.Message = mustJSON(t, stepcontract.Message{Outputs: ref})
		if err := h.c.Status().Update(context.Background(), pod); err != nil {
			t.Fatal(err)
		}
		h.reconcile()
		n := h.node("wf-layout")
		if tc.phase == v1alpha1.NodeRunning {
			if n.Phase.Fulfilled() || !strings.Contains(n.Message, tc.want) {
				t.Errorf("%s: node %s %q, want it left to the next reconcile", tc.name, n.Phase, n.Message)
			}
			continue
		}
		if n.Phase != tc.phase || !strings.Contains(n.Message, tc.want) {
			t.Errorf("%s: node %s %q, want %s %q", tc.name, n.Phase, n.Message, tc.phase, tc.want)
		}
		if tc.logs.got != "default/"+pod.Name+"/wait" {
			t.Errorf("%s: read the log of %q", tc.name, tc.logs.got)
		}
		if tc.phase == v1alpha1.NodeSucceeded {
			if n.Outputs == nil || n.Outputs.Result == nil || *n.Outputs.Result != result || len(n.Outputs.Parameters) != 1 {
				t.Errorf("%s: outputs not recorded", tc.name)
			}
			t.Logf("a %d-byte result (2,000 items) read from a %d-byte log line", len(result), ref.Bytes)
		}
	}
	big, bigRef := logLine(t, stepcontract.Message{Result: strings.Repeat("a", stepcontract.MaxOutputValue+1)})
	if _, err := loggedOutputs(big, bigRef); !errors.Is(err, stepcontract.ErrOutputTooLarge) ||
		err.Error() != "outputs.result is 262145 bytes, over the limit of 262144 bytes per output value" {
		t.Errorf("too large: %v", err)
	}
}

// TestClientsetLogs: the log GET goes to pods/log of the wait container with a byte limit.
func TestClientsetLogs(t *testing.T) {
	cs := fake.NewClientset(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}})
	b, err := NewPodLogs(cs).Read(context.Background(), "ns", "p", "wait", 10)
	if err != nil || string(b) != "fake logs" {
		t.Fatalf("log %q, %v", b, err)
	}
	acts := cs.Actions()
	if len(acts) != 1 || acts[0].GetVerb() != "get" || acts[0].GetSubresource() != "log" {
		t.Errorf("actions %+v", acts)
	}
}
