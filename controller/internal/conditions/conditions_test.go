package conditions

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func TestSetAddsThenMovesTransitionOnlyOnStatusChange(t *testing.T) {
	var cs v1alpha1.Conditions
	Set(&cs, v1alpha1.ConditionTypeReady, metav1.ConditionFalse, "Pending", "")
	if len(cs) != 1 || cs[0].Status != metav1.ConditionFalse || cs[0].Reason != "Pending" || cs[0].LastTransitionTime == nil {
		t.Fatalf("after add: %+v", cs)
	}
	old := metav1.NewTime(cs[0].LastTransitionTime.Add(-3600e9))
	cs[0].LastTransitionTime = &old

	Set(&cs, v1alpha1.ConditionTypeReady, metav1.ConditionFalse, "Running", "still going")
	if len(cs) != 1 || cs[0].Reason != "Running" || cs[0].Message != "still going" {
		t.Fatalf("after update: %+v", cs)
	}
	if !cs[0].LastTransitionTime.Equal(&old) {
		t.Errorf("same status moved LastTransitionTime to %v", cs[0].LastTransitionTime)
	}

	Set(&cs, v1alpha1.ConditionTypeReady, metav1.ConditionTrue, "Succeeded", "")
	if cs[0].Status != metav1.ConditionTrue || cs[0].LastTransitionTime.Equal(&old) {
		t.Errorf("status change kept LastTransitionTime %v", cs[0].LastTransitionTime)
	}

	Set(&cs, v1alpha1.ConditionTypeCompleted, metav1.ConditionTrue, "Succeeded", "")
	if len(cs) != 2 || cs[1].Type != v1alpha1.ConditionTypeCompleted {
		t.Errorf("second type not appended: %+v", cs)
	}
}
