//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/executor/resource"
	execrun "github.com/skiff-dev/skiff/executor/run"
)

// TestWorkflowResource runs `skiff-exec resource`'s logic against the real kube-apiserver,
// as a namespace's service account (impersonated), the identity the pod has in a cluster.
func TestWorkflowResource(t *testing.T) {
	ctx := context.Background()
	ns := workflowNamespace(t, "wf-resource")
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "runner", Namespace: ns}}
	if err := cl.Create(ctx, sa); err != nil {
		t.Fatal(err)
	}
	// The owner: a real Workflow, for its UID.
	wf := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "owner", Namespace: ns},
		Spec: v1alpha1.WorkflowSpec{Entrypoint: "r", Templates: []v1alpha1.Template{{
			Name: "r", Resource: &v1alpha1.ResourceTemplate{Action: "get", Manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"},
		}}},
	}
	if err := ucl.Create(ctx, wf); err != nil {
		t.Fatal(err)
	}
	asSA := rest.CopyConfig(cfg)
	asSA.Impersonate = rest.ImpersonationConfig{UserName: "system:serviceaccount:" + ns + ":runner"}
	owner := resource.Workflow{Name: wf.Name, Namespace: ns, UID: wf.UID}
	exec := func(r v1alpha1.ResourceTemplate, outs ...v1alpha1.Parameter) (*resource.Outcome, error) {
		tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		return resource.Execute(tctx, resource.Options{
			Template: &v1alpha1.Template{Name: "r", Resource: &r, Outputs: v1alpha1.Outputs{Parameters: outs}},
			Workflow: owner, Config: asSA, Interval: 200 * time.Millisecond,
		})
	}
	manifest := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made\n  labels: {app: demo}\ndata:\n  colour: blue\n  size: \"3\"\n"

	t.Run("ForbiddenWithoutRBAC", func(t *testing.T) {
		_, err := exec(v1alpha1.ResourceTemplate{Action: "create", Manifest: manifest})
		if err == nil || !strings.Contains(err.Error(), "forbidden") {
			t.Fatalf("err = %v, want forbidden: the service account has no rights yet", err)
		}
	})
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "cm", Namespace: ns}, Rules: []rbacv1.PolicyRule{{
		APIGroups: []string{""}, Resources: []string{"configmaps"}, Verbs: []string{"create", "get", "list", "patch", "update", "delete"},
	}}}
	binding := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "cm", Namespace: ns},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "cm"},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "runner", Namespace: ns}}}
	for _, o := range []client.Object{role, binding} {
		if err := cl.Create(ctx, o); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("CreateWithConditionOwnerAndOutputs", func(t *testing.T) {
		eventually(t, "the role to take effect", func() error {
			out, err := exec(v1alpha1.ResourceTemplate{Action: "create", Manifest: manifest, SetOwnerReference: true,
				SuccessCondition: "data.colour == blue,metadata.labels.app in (demo, other)"},
				v1alpha1.Parameter{Name: "name", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata.name}"}},
				v1alpha1.Parameter{Name: "uid", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata.uid}"}},
				v1alpha1.Parameter{Name: "keys", ValueFrom: &v1alpha1.ValueFrom{JQFilter: ".data | keys | join(\",\")"}})
			if err != nil {
				return err
			}
			got := map[string]string{}
			for _, p := range out.Parameters {
				got[p.Name] = p.Value
			}
			if got["name"] != "made" || got["uid"] == "" || got["keys"] != "colour,size" {
				t.Fatalf("outputs = %v", got)
			}
			return nil
		})
		var made corev1.ConfigMap
		if err := cl.Get(ctx, client.ObjectKey{Namespace: ns, Name: "made"}, &made); err != nil {
			t.Fatal(err)
		}
		refs := made.OwnerReferences
		if len(refs) != 1 || refs[0].UID != wf.UID || refs[0].Kind != "Workflow" || refs[0].APIVersion != "argoproj.io/v1alpha1" ||
			refs[0].Controller == nil || !*refs[0].Controller {
			t.Fatalf("ownerReferences = %+v, want the workflow as controller", refs)
		}
		// create again: already exists.
		if _, err := exec(v1alpha1.ResourceTemplate{Action: "create", Manifest: manifest}); err == nil || !apierrors.IsAlreadyExists(unwrapAPI(err)) {
			t.Fatalf("second create: err = %v", err)
		}
	})

	t.Run("ApplyAndPatches", func(t *testing.T) {
		applied := strings.Replace(manifest, "blue", "green", 1)
		if _, err := exec(v1alpha1.ResourceTemplate{Action: "apply", Manifest: applied, SuccessCondition: "data.colour == green"}); err != nil {
			t.Fatal(err)
		}
		if _, err := exec(v1alpha1.ResourceTemplate{Action: "patch", MergeStrategy: "merge", Flags: []string{"cm", "made"}, Manifest: "data:\n  size: \"4\"\n"}); err != nil {
			t.Fatal(err)
		}
		if _, err := exec(v1alpha1.ResourceTemplate{Action: "patch", Manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made\ndata:\n  shape: round\n"}); err != nil {
			t.Fatal(err) // strategic, the object from the manifest
		}
		out, err := exec(v1alpha1.ResourceTemplate{Action: "patch", MergeStrategy: "json", Flags: []string{"configmaps/made"},
			Manifest: "- op: replace\n  path: /data/colour\n  value: red\n"}, v1alpha1.Parameter{Name: "size", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.data.size}"}})
		if err != nil {
			t.Fatal(err)
		}
		if out.Parameters[0].Value != "4" {
			t.Fatalf("size = %q", out.Parameters[0].Value)
		}
		var cm corev1.ConfigMap
		if err := cl.Get(ctx, client.ObjectKey{Namespace: ns, Name: "made"}, &cm); err != nil {
			t.Fatal(err)
		}
		if cm.Data["colour"] != "red" || cm.Data["size"] != "4" || cm.Data["shape"] != "round" {
			t.Fatalf("data = %v", cm.Data)
		}
		// replace without a resourceVersion replaces what is there.
		if _, err := exec(v1alpha1.ResourceTemplate{Action: "replace", Manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made\ndata:\n  only: one\n"}); err != nil {
			t.Fatal(err)
		}
		if err := cl.Get(ctx, client.ObjectKey{Namespace: ns, Name: "made"}, &cm); err != nil || len(cm.Data) != 1 || cm.Data["only"] != "one" {
			t.Fatalf("after replace: %v, %v", cm.Data, err)
		}
	})

	t.Run("SuccessConditionWaits", func(t *testing.T) {
		go func() {
			time.Sleep(time.Second)
			patch := client.RawPatch("application/merge-patch+json", []byte(`{"data":{"ready":"yes"}}`))
			_ = cl.Patch(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "made", Namespace: ns}}, patch)
		}()
		start := time.Now()
		if _, err := exec(v1alpha1.ResourceTemplate{Action: "get", Flags: []string{"configmap", "made"}, SuccessCondition: "data.ready == yes"}); err != nil {
			t.Fatal(err)
		}
		if time.Since(start) < 800*time.Millisecond {
			t.Fatalf("returned after %v: it did not wait for the condition", time.Since(start))
		}
	})

	t.Run("FailureConditionTrips", func(t *testing.T) {
		_, err := exec(v1alpha1.ResourceTemplate{Action: "get", Flags: []string{"cm/made"},
			SuccessCondition: "data.never == true", FailureCondition: "data.ready in (yes, y)"})
		if err == nil || !strings.Contains(err.Error(), "failureCondition") {
			t.Fatalf("err = %v, want the failureCondition to fail the step", err)
		}
	})

	t.Run("DeleteWaitsUntilGone", func(t *testing.T) {
		if _, err := exec(v1alpha1.ResourceTemplate{Action: "delete", Manifest: manifest}); err != nil {
			t.Fatal(err)
		}
		err := cl.Get(ctx, client.ObjectKey{Namespace: ns, Name: "made"}, &corev1.ConfigMap{})
		if !apierrors.IsNotFound(err) {
			t.Fatalf("after delete: %v", err)
		}
		// Deleting a missing object succeeds (upstream passes --ignore-not-found)...
		if _, err := exec(v1alpha1.ResourceTemplate{Action: "delete", Manifest: manifest}); err != nil {
			t.Fatal(err)
		}
		// ...unless asked not to.
		if _, err := exec(v1alpha1.ResourceTemplate{Action: "delete", Manifest: manifest, Flags: []string{"--ignore-not-found=false"}}); err == nil {
			t.Fatal("delete of a missing object with --ignore-not-found=false succeeded")
		}
		// Delete by type and labels, without a manifest (upstream's resource-delete-with-flags).
		for _, n := range []string{"sel-a", "sel-b"} {
			if _, err := exec(v1alpha1.ResourceTemplate{Action: "create", Manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + n + "\n  labels: {cleanup: \"true\"}\n"}); err != nil {
				t.Fatal(err)
			}
		}
		out, err := exec(v1alpha1.ResourceTemplate{Action: "delete", Flags: []string{"configmap", "--selector", "cleanup=true"}})
		if err != nil || !strings.Contains(out.Message, "sel-a, sel-b") {
			t.Fatalf("delete by selector: %+v, %v", out, err)
		}
		var left corev1.ConfigMapList
		if err := cl.List(ctx, &left, client.InNamespace(ns), client.MatchingLabels{"cleanup": "true"}); err != nil || len(left.Items) != 0 {
			t.Fatalf("left after delete by selector: %d, %v", len(left.Items), err)
		}
		// A get of a missing object fails.
		if _, err := exec(v1alpha1.ResourceTemplate{Action: "get", Manifest: manifest}); err == nil || !strings.Contains(err.Error(), "not found") {
			t.Fatalf("get of a missing object: err = %v", err)
		}
		// ...unless --ignore-not-found: the outputs are then their defaults.
		def := v1alpha1.AnyString("none")
		out, err = exec(v1alpha1.ResourceTemplate{Action: "get", Manifest: manifest, Flags: []string{"--ignore-not-found"}},
			v1alpha1.Parameter{Name: "colour", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.data.colour}", Default: &def}})
		if err != nil || out.Object != nil || len(out.Parameters) != 1 || out.Parameters[0].Value != "none" {
			t.Fatalf("get --ignore-not-found of a missing object: %+v, %v", out, err)
		}
	})

	t.Run("TerminationMessage", func(t *testing.T) {
		term := filepath.Join(t.TempDir(), "termination-log")
		tm := &v1alpha1.Template{Name: "r", Resource: &v1alpha1.ResourceTemplate{Action: "create",
			Manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: gen-\ndata:\n  a: b\n"},
			Outputs: v1alpha1.Outputs{Parameters: []v1alpha1.Parameter{{Name: "name", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata.name}"}}}}}
		var log strings.Builder
		code := resource.Main(ctx, resource.Options{Template: tm, Workflow: owner, Config: asSA}, term, &log)
		var m execrun.Message
		b, _ := os.ReadFile(term)
		if err := json.Unmarshal(b, &m); err != nil || code != 0 || m.ExitCode != 0 {
			t.Fatalf("code %d, message %s (%v), log %s", code, b, err, log.String())
		}
		if len(m.Parameters) != 1 || !strings.HasPrefix(m.Parameters[0].Value, "gen-") {
			t.Fatalf("parameters = %+v", m.Parameters)
		}
		// A failure: exit 1, the reason as the message.
		tm.Resource = &v1alpha1.ResourceTemplate{Action: "create", Manifest: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n"}
		code = resource.Main(ctx, resource.Options{Template: tm, Workflow: owner, Config: asSA}, term, &log)
		b, _ = os.ReadFile(term)
		_ = json.Unmarshal(b, &m)
		if code != 1 || m.ExitCode != 1 || !strings.Contains(m.Message, "forbidden") {
			t.Fatalf("code %d, message %s", code, b)
		}
	})
}

// unwrapAPI finds the API status error inside a wrapped one.
func unwrapAPI(err error) error {
	var s apierrors.APIStatus
	for e := err; e != nil; {
		if x, ok := e.(apierrors.APIStatus); ok {
			s = x
			break
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			break
		}
		e = u.Unwrap()
	}
	if s == nil {
		return err
	}
	return s.(error)
}

// testWorkflowResourceTemplate (under TestWorkflowController, whose manager runs the
// reconciler) follows a resource template through the controller: the pod it creates is run
// as the kubelet would, with the executor's own entry point, the pod's environment and the
// identity of the pod's service account; its termination message feeds the next step.
func testWorkflowResourceTemplate(t *testing.T) {
	ctx := context.Background()
	ns := workflowNamespace(t, "wf-ctrl-resource")
	for _, o := range []client.Object{
		&corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "runner", Namespace: ns}},
		&rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "cm", Namespace: ns}, Rules: []rbacv1.PolicyRule{{
			APIGroups: []string{""}, Resources: []string{"configmaps"}, Verbs: []string{"create", "get"}}}},
		&rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "cm", Namespace: ns},
			RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "cm"},
			Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "runner", Namespace: ns}}},
	} {
		if err := cl.Create(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	wf := createWorkflow(t, ns, `
metadata: {name: res}
spec:
  entrypoint: main
  serviceAccountName: runner
  templates:
  - name: main
    steps:
    - - name: make
        template: make
        arguments: {parameters: [{name: colour, value: blue}]}
    - - name: use
        template: use
        arguments: {parameters: [{name: made, value: "{{steps.make.outputs.parameters.name}}"}]}
  - name: make
    inputs: {parameters: [{name: colour}]}
    resource:
      action: create
      setOwnerReference: true
      successCondition: data.colour == {{inputs.parameters.colour}}
      manifest: |
        apiVersion: v1
        kind: ConfigMap
        metadata: {generateName: made-}
        data: {colour: "{{inputs.parameters.colour}}"}
    outputs:
      parameters:
      - name: name
        valueFrom: {jsonPath: "{.metadata.name}"}
  - name: use
    inputs: {parameters: [{name: made}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.made}}"]}
`)
	pod := nodePod(t, ns, "res", "res[0].make")
	main := pod.Spec.Containers[0]
	if got := strings.Join(main.Command, " "); got != "/usr/local/bin/skiff-exec resource" || len(pod.Spec.InitContainers) != 0 {
		t.Fatalf("resource pod runs %q with %d init containers", got, len(pod.Spec.InitContainers))
	}
	// The kubelet's part: run the executor with the pod's environment and identity.
	env := map[string]string{}
	for _, e := range main.Env {
		env[e.Name] = e.Value
	}
	var tmpl v1alpha1.Template
	if err := json.Unmarshal([]byte(env["SKIFF_TEMPLATE"]), &tmpl); err != nil {
		t.Fatal(err)
	}
	asPod := rest.CopyConfig(cfg)
	asPod.Impersonate = rest.ImpersonationConfig{UserName: "system:serviceaccount:" + ns + ":" + pod.Spec.ServiceAccountName}
	term := filepath.Join(t.TempDir(), "termination-log")
	var log strings.Builder
	code := resource.Main(ctx, resource.Options{Template: &tmpl, Config: asPod, Interval: 200 * time.Millisecond, Workflow: resource.Workflow{
		Name: env["SKIFF_WORKFLOW_NAME"], Namespace: env["SKIFF_WORKFLOW_NAMESPACE"], UID: types.UID(env["SKIFF_WORKFLOW_UID"])}}, term, &log)
	msg, _ := os.ReadFile(term)
	if code != 0 {
		t.Fatalf("executor exit %d: %s\n%s", code, msg, log.String())
	}
	now := metav1.Now()
	pod.Status.Phase = corev1.PodSucceeded
	pod.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "main", Image: main.Image, ImageID: "sha256:test",
		State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 0, Message: string(msg), StartedAt: now, FinishedAt: now}}}}
	if err := cl.Status().Update(ctx, pod); err != nil {
		t.Fatal(err)
	}
	use := nodePod(t, ns, "res", "res[1].use")
	cmd := strings.Join(use.Spec.Containers[0].Command, " ")
	made := cmd[strings.LastIndex(cmd, " ")+1:]
	if !strings.HasPrefix(made, "made-") {
		t.Fatalf("next step runs %q, want the made ConfigMap's name", cmd)
	}
	var cm corev1.ConfigMap
	if err := cl.Get(ctx, client.ObjectKey{Namespace: ns, Name: made}, &cm); err != nil {
		t.Fatal(err)
	}
	if len(cm.OwnerReferences) != 1 || cm.OwnerReferences[0].UID != wf.UID || cm.Data["colour"] != "blue" {
		t.Fatalf("made ConfigMap %+v", cm.ObjectMeta)
	}
	kubeletFinishes(t, use, 0, "")
	waitWorkflowPhase(t, ns, "res", v1alpha1.WorkflowSucceeded)
}
