// Package conditions holds the one way the Workflow and CronWorkflow reconcilers write a
// status condition, so both move LastTransitionTime the same way.
package conditions

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Set writes condition t, adding it when missing. LastTransitionTime moves only when the
// status changes, so a reason or message update does not look like a transition.
func Set(cs *v1alpha1.Conditions, t v1alpha1.ConditionType, s metav1.ConditionStatus, reason, msg string) {
	if c := cs.Get(t); c != nil {
		if c.Status != s {
			now := metav1.Now()
			c.LastTransitionTime = &now
		}
		c.Status, c.Reason, c.Message = s, reason, msg
		return
	}
	now := metav1.Now()
	*cs = append(*cs, v1alpha1.Condition{Type: t, Status: s, Reason: reason, Message: msg, LastTransitionTime: &now})
}
