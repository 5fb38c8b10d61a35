// Package conditions holds the one way the Workflow and CronWorkflow reconcilers write a
// status condition, so both move LastTransitionTime the same way.
package conditions

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Set writes condition t, adding it when missing. LastTransitionTime moves only when the
// status changes, so a reason or message update does not look like a transition. now is the
// reconciler's clock, not the wall clock, so a test (or a replayed reconcile) controls it.
func Set(cs *v1alpha1.Conditions, now time.Time, t v1alpha1.ConditionType, s metav1.ConditionStatus, reason, msg string) {
	at := metav1.NewTime(now)
	if c := cs.Get(t); c != nil {
		if c.Status != s {
			c.LastTransitionTime = &at
		}
		c.Status, c.Reason, c.Message = s, reason, msg
		return
	}
	*cs = append(*cs, v1alpha1.Condition{Type: t, Status: s, Reason: reason, Message: msg, LastTransitionTime: &at})
}
