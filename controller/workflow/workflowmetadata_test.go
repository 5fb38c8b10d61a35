package workflow

import (
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func TestWorkflowMetadata(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf, labels: {team: old, keep: "yes"}}
spec:
  entrypoint: c
  arguments: {parameters: [{name: env, value: prod}]}
  workflowMetadata:
    labels: {team: new}
    annotations: {note: hello}
    labelsFrom:
      stage: {expression: "workflow.parameters.env + '-' + workflow.name"}
  templates:
  - name: c
    container: {image: a, command: ["echo {{workflow.labels.stage}}"]}
`)
	h.reconcile()
	wf := h.wf()
	want := map[string]string{"team": "new", "keep": "yes", "stage": "prod-wf"}
	for k, v := range want {
		if wf.Labels[k] != v {
			t.Errorf("label %s = %q, want %q (labels %v)", k, wf.Labels[k], v, wf.Labels)
		}
	}
	if wf.Annotations["note"] != "hello" {
		t.Errorf("annotations %v", wf.Annotations)
	}
	if wf.Status.Phase != v1alpha1.WorkflowRunning {
		t.Fatalf("phase %s %q", wf.Status.Phase, wf.Status.Message)
	}
	for _, c := range wf.Status.Conditions {
		if c.Type == v1alpha1.ConditionTypeSpecWarning {
			t.Errorf("condition %+v", c)
		}
	}
	// The computed labels are workflow variables for the templates, as upstream.
	if pod := h.pods()["wf"]; pod == nil || !strings.Contains(strings.Join(pod.Spec.Containers[0].Command, " "), "echo prod-wf") {
		t.Errorf("pod %v", pod)
	}
}

func TestWorkflowMetadataErrors(t *testing.T) {
	for _, tc := range []struct{ md, want string }{
		{`labelsFrom: {x: {expression: "1 +"}}`, `spec.workflowMetadata.labelsFrom.x: evaluating "1 +"`},
		{`labelsFrom: {x: {expression: "1 + 1"}}`, `spec.workflowMetadata.labelsFrom.x: "1 + 1" gives a int, a label value must be a string`},
		{`labelsFrom: {x: {expression: "'not a label value'"}}`, `spec.workflowMetadata: label x value "not a label value"`},
	} {
		h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: c
  workflowMetadata: {`+tc.md+`}
  templates:
  - name: c
    container: {image: a, command: [x]}
`)
		h.reconcile()
		wf := h.wantPhase(v1alpha1.WorkflowError)
		if !strings.HasPrefix(wf.Status.Message, tc.want) {
			t.Errorf("%s: message %q, want prefix %q", tc.md, wf.Status.Message, tc.want)
		}
		if len(h.pods()) != 0 {
			t.Errorf("%s: pods created", tc.md)
		}
	}
}
