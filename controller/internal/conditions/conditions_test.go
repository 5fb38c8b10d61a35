package conditions

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clocktesting "k8s.io/utils/clock/testing"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// TestSetMovesTransitionOnlyOnStatusChange drives Set with a fake clock: LastTransitionTime is
// the caller's time when added or when the status changes, and stays on any other update.
func TestSetMovesTransitionOnlyOnStatusChange(t *testing.T) {
	clk := clocktesting.NewFakePassiveClock(time.Date(2020, 3, 4, 5, 6, 7, 0, time.UTC))
	added := clk.Now()
	var cs v1alpha1.Conditions
	Set(&cs, clk.Now(), v1alpha1.ConditionTypeReady, metav1.ConditionFalse, "Pending", "")
	if len(cs) != 1 || cs[0].Status != metav1.ConditionFalse || cs[0].Reason != "Pending" {
		t.Fatalf("after add: %+v", cs)
	}
	if got := cs[0].LastTransitionTime; got == nil || !got.Time.Equal(added) {
		t.Fatalf("added at %v, want the clock's %v", got, added)
	}

	clk.SetTime(added.Add(time.Hour))
	Set(&cs, clk.Now(), v1alpha1.ConditionTypeReady, metav1.ConditionFalse, "Running", "still going")
	if len(cs) != 1 || cs[0].Reason != "Running" || cs[0].Message != "still going" {
		t.Fatalf("after update: %+v", cs)
	}
	if !cs[0].LastTransitionTime.Time.Equal(added) {
		t.Errorf("same status moved LastTransitionTime to %v", cs[0].LastTransitionTime)
	}

	clk.SetTime(added.Add(2 * time.Hour))
	Set(&cs, clk.Now(), v1alpha1.ConditionTypeReady, metav1.ConditionTrue, "Succeeded", "")
	if cs[0].Status != metav1.ConditionTrue || !cs[0].LastTransitionTime.Time.Equal(added.Add(2*time.Hour)) {
		t.Errorf("status change: LastTransitionTime %v, want %v", cs[0].LastTransitionTime, added.Add(2*time.Hour))
	}

	Set(&cs, clk.Now(), v1alpha1.ConditionTypeCompleted, metav1.ConditionTrue, "Succeeded", "")
	if len(cs) != 2 || cs[1].Type != v1alpha1.ConditionTypeCompleted {
		t.Errorf("second type not appended: %+v", cs)
	}
}
