package cronworkflow

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// TestConditionsUseTheReconcilerClock: every condition's LastTransitionTime is the
// reconciler's (fake) time of the reconcile that changed it, not the wall clock.
func TestConditionsUseTheReconcilerClock(t *testing.T) {
	h := newHarness(t, cronDoc("  timezone: Mars/Olympus"))
	h.at("10:01:00")
	broken := h.now
	h.reconcile()
	wantTransition := func(typ v1alpha1.ConditionType, s metav1.ConditionStatus, at time.Time) {
		t.Helper()
		c := h.cron().Status.Conditions.Get(typ)
		if c == nil || c.Status != s || c.LastTransitionTime == nil || !c.LastTransitionTime.Time.Equal(at) {
			t.Errorf("%s = %+v, want %s since %v", typ, c, s, at)
		}
	}
	wantTransition(v1alpha1.ConditionTypeSpecError, metav1.ConditionTrue, broken)
	wantTransition(v1alpha1.ConditionTypeStalled, metav1.ConditionTrue, broken)
	wantTransition(v1alpha1.ConditionTypeReady, metav1.ConditionFalse, broken)

	h.update(func(cw *v1alpha1.CronWorkflow) { cw.Spec.Timezone = "UTC" })
	h.at("10:05:00")
	fixed := h.now
	h.reconcile()
	wantTransition(v1alpha1.ConditionTypeReady, metav1.ConditionTrue, fixed)
	wantTransition(v1alpha1.ConditionTypeStalled, metav1.ConditionFalse, fixed)
	wantTransition(v1alpha1.ConditionTypeReconciling, metav1.ConditionFalse, broken) // never changed
}
