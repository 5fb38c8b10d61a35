package workflow

import (
	"testing"
	"time"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// kubectl wf retry: the failed step runs again, the succeeded one is kept (its pod too).
func TestRetryRunsFailedNodesAgain(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: c}
    - - {name: b, template: c}
  - name: c
    container: {image: a, command: [x]}
`)
	h.reconcile()
	h.finish("wf[0].a", 0, "")
	h.reconcile()
	h.finish("wf[1].b", 1, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowFailed)

	// A request already carried out is not acted on again.
	h.update(func(wf *v1alpha1.Workflow) {
		wf.Annotations = map[string]string{AnnotationRetry: "r0", AnnotationRetried: "r0"}
	})
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowFailed)

	// A request in the same second as the finish still counts.
	h.update(func(wf *v1alpha1.Workflow) {
		wf.Annotations[AnnotationRetry] = wf.Status.FinishedAt.Format(time.RFC3339Nano)
	})
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowPending)
	if _, ok := wf.Status.Nodes[v1alpha1.WorkflowNodeID("wf", "wf[1].b")]; ok {
		t.Errorf("the failed node b was kept")
	}
	if n := h.node("wf[0].a"); n.Phase != v1alpha1.NodeSucceeded {
		t.Errorf("a: %s, want it kept Succeeded", n.Phase)
	}
	if l := h.pods()["wf[0].a"].Labels[LabelCompleted]; l != "true" {
		t.Errorf("a's finished pod is labelled completed=%q, want true", l)
	}
	if _, ok := h.pods()["wf[1].b"]; ok {
		t.Errorf("b's failed pod was not deleted")
	}
	h.reconcile()
	h.finish("wf[1].b", 0, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
	// A recreated pod would have no terminated status from finish.
	if p := h.pods()["wf[0].a"]; p == nil || len(p.Status.ContainerStatuses) != 1 {
		t.Errorf("a's pod was replaced: the succeeded step ran again")
	}
	if a := h.wf().Annotations; a[AnnotationRetried] != a[AnnotationRetry] {
		t.Errorf("the carried-out request is not recorded: %v", a)
	}
	// Done: the same request does not retry a second time.
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
}
