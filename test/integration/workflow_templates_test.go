//go:build integration

package integration

import (
	"context"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// testWorkflowTemplateRefs (run by TestWorkflowController) checks templateRef and
// workflowTemplateRef against a real API server: admission, the controller's cached reads of
// (Cluster)WorkflowTemplates, and status-only patches of the stored spec and templates.
func testWorkflowTemplateRefs(t *testing.T) {
	ctx := context.Background()
	ns := workflowNamespace(t, "wf-tmpl")
	spec := func(doc string) v1alpha1.WorkflowSpec {
		var s v1alpha1.WorkflowSpec
		if err := yaml.UnmarshalStrict([]byte(doc), &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	wt := &v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "greet", Namespace: ns}, Spec: spec(`
entrypoint: main
arguments: {parameters: [{name: who, value: template}]}
templates:
- name: main
  steps: [[{name: say, template: say}]]
- name: say
  container: {image: alpine, command: [echo, "hello {{workflow.parameters.who}}"]}
`)}
	cwt := &v1alpha1.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "integration-shared"}, Spec: spec(`
templates:
- name: outer
  inputs: {parameters: [{name: msg}]}
  steps: [[{name: inner, template: inner, arguments: {parameters: [{name: msg, value: "{{inputs.parameters.msg}}"}]}}]]
- name: inner
  inputs: {parameters: [{name: msg}]}
  container: {image: busybox, command: [echo, "{{inputs.parameters.msg}}"]}
`)}
	for _, obj := range []client.Object{wt, cwt} {
		if err := ucl.Create(ctx, obj); err != nil {
			t.Fatalf("creating %s: %v", obj.GetName(), err)
		}
	}
	t.Cleanup(func() { _ = cl.Delete(context.Background(), cwt) })

	// The whole template, its argument overridden by the workflow.
	createWorkflow(t, ns, `
metadata: {name: from-template}
spec:
  workflowTemplateRef: {name: greet}
  arguments: {parameters: [{name: who, value: workflow}]}
`)
	pod := nodePod(t, ns, "from-template", "from-template[0].say")
	if got := strings.Join(pod.Spec.Containers[0].Command, " "); !strings.HasSuffix(got, "echo hello workflow") {
		t.Errorf("pod command %q", got)
	}
	kubeletFinishes(t, pod, 0, "")
	wf := waitWorkflowPhase(t, ns, "from-template", v1alpha1.WorkflowSucceeded)
	if st := wf.Status.StoredWorkflowSpec; st == nil || st.Entrypoint != "main" || len(st.Templates) != 2 {
		t.Errorf("storedWorkflowTemplateSpec = %+v", st)
	}
	if wf.Spec.Entrypoint != "" || len(wf.Spec.Templates) != 0 {
		t.Errorf("the controller changed the workflow's spec: %+v", wf.Spec)
	}

	// A step calling into the ClusterWorkflowTemplate, whose inner template is its own.
	createWorkflow(t, ns, `
metadata: {name: cluster-ref}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: call
        templateRef: {name: integration-shared, template: outer, clusterScope: true}
        arguments: {parameters: [{name: msg, value: from-cluster}]}
`)
	pod = nodePod(t, ns, "cluster-ref", "cluster-ref[0].call[0].inner")
	if got := pod.Spec.Containers[0].Image + " " + strings.Join(pod.Spec.Containers[0].Command, " "); !strings.HasPrefix(got, "busybox ") || !strings.HasSuffix(got, "echo from-cluster") {
		t.Errorf("pod %q", got)
	}
	kubeletFinishes(t, pod, 0, "")
	wf = waitWorkflowPhase(t, ns, "cluster-ref", v1alpha1.WorkflowSucceeded)
	if _, ok := wf.Status.StoredTemplates["cluster/integration-shared/inner"]; !ok {
		t.Errorf("storedTemplates keys %v", func() (ks []string) {
			for k := range wf.Status.StoredTemplates {
				ks = append(ks, k)
			}
			return
		}())
	}

	// A missing WorkflowTemplate: admitted (it may come later), then an Error naming it.
	createWorkflow(t, ns, `
metadata: {name: missing-ref}
spec:
  workflowTemplateRef: {name: nowhere}
`)
	wf = waitWorkflowPhase(t, ns, "missing-ref", v1alpha1.WorkflowError)
	if !strings.Contains(wf.Status.Message, `WorkflowTemplate "nowhere" not found`) {
		t.Errorf("message %q", wf.Status.Message)
	}
}
