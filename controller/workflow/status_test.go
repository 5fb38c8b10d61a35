package workflow

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// TestConditionsUseTheReconcilerClock: LastTransitionTime is the reconciler's (fake) time of
// the reconcile that changed the condition, not the wall clock.
func TestConditionsUseTheReconcilerClock(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: a, command: [x]}
`)
	started := h.now
	h.reconcile()
	wantTransition := func(typ v1alpha1.ConditionType, s metav1.ConditionStatus, at time.Time) {
		t.Helper()
		c := h.wf().Status.Conditions.Get(typ)
		if c == nil || c.Status != s || c.LastTransitionTime == nil || !c.LastTransitionTime.Time.Equal(at) {
			t.Errorf("%s = %+v, want %s since %v", typ, c, s, at)
		}
	}
	wantTransition(v1alpha1.ConditionTypeReady, metav1.ConditionFalse, started)
	wantTransition(v1alpha1.ConditionTypeReconciling, metav1.ConditionTrue, started)

	h.now = h.now.Add(7 * time.Minute)
	h.finish("wf", 0, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
	wantTransition(v1alpha1.ConditionTypeReady, metav1.ConditionTrue, h.now)
	wantTransition(v1alpha1.ConditionTypeReconciling, metav1.ConditionFalse, h.now)
	wantTransition(v1alpha1.ConditionTypeCompleted, metav1.ConditionTrue, h.now)
	wantTransition(v1alpha1.ConditionTypeStalled, metav1.ConditionFalse, started)
}
