package cronworkflow

import (
	"errors"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func TestStartingDeadlineRunsOneMissedRunAfterARestart(t *testing.T) {
	for _, tc := range []struct {
		name     string
		extra    string
		wantRun  bool
		wantNote string
	}{
		{"no deadline", "", false, "Missed the runs scheduled from 2026-01-15T10:02:00Z on: more than 30s late"},
		{"deadline 300", "  startingDeadlineSeconds: 300", true, ""},
		{"deadline 35", "  startingDeadlineSeconds: 35", false, "more than 35s late (startingDeadlineSeconds 35)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, cronDoc("  concurrencyPolicy: Allow\n"+tc.extra))
			h.at("10:01:00")
			h.reconcile()
			h.events()
			// The controller is down from 10:01:10 to 10:05:40.
			h.r = &Reconciler{Client: h.c, APIReader: h.c, Recorder: h.rec, Now: func() time.Time { return h.now }}
			h.at("10:05:40")
			res := h.reconcile()
			if tc.wantRun {
				// Only the latest missed time runs, once.
				h.wantChildren(h.child("10:01:00"), h.child("10:05:00"))
			} else {
				h.wantChildren(h.child("10:01:00"))
				h.wantEvent(tc.wantNote)
			}
			if res.RequeueAfter != 20*time.Second {
				t.Errorf("requeue after %s, want 20s", res.RequeueAfter)
			}
			h.reconcile()
			h.at("10:06:00")
			h.reconcile()
			if got := len(h.children()); (tc.wantRun && got != 3) || (!tc.wantRun && got != 2) {
				t.Errorf("%d children after 10:06: %v", got, keys(h.children()))
			}
		})
	}
}

func TestSuspendStopsSchedulingAndResumeDoesNotCatchUp(t *testing.T) {
	h := newHarness(t, cronDoc("  suspend: true"))
	h.at("10:01:00")
	if res := h.reconcile(); res.RequeueAfter != 0 {
		t.Errorf("a suspended CronWorkflow needs no timer, got requeue %s", res.RequeueAfter)
	}
	h.wantChildren()
	if c := h.cron().Status.Conditions.Get(v1alpha1.ConditionTypeReady); c == nil || c.Reason != "Suspended" {
		t.Errorf("Ready %+v", c)
	}
	// Resumed 40 s after 10:03: too late for 10:03, and the times while suspended are missed.
	h.at("10:03:40")
	h.update(func(cw *v1alpha1.CronWorkflow) { cw.Spec.Suspend = nil })
	h.reconcile()
	h.wantChildren()
	h.wantEvent("Missed the runs scheduled from 2026-01-15T10:01:00Z on")
	h.at("10:04:00")
	h.reconcile()
	h.wantChildren(h.child("10:04:00"))
}

func TestResumeWithinGraceRunsTheJustPassedTime(t *testing.T) {
	h := newHarness(t, cronDoc("  suspend: true"))
	h.at("10:03:10")
	h.reconcile()
	h.update(func(cw *v1alpha1.CronWorkflow) { cw.Spec.Suspend = nil })
	h.reconcile()
	h.wantChildren(h.child("10:03:00"))
	h.wantEvent("Missed the runs scheduled from 2026-01-15T10:01:00Z on")
}

func TestStopStrategyStopsAfterTheFirstSuccess(t *testing.T) {
	h := newHarness(t, cronDoc("  concurrencyPolicy: Allow\n  stopStrategy: {expression: \"cronworkflow.succeeded >= 1\"}"))
	h.at("10:01:00")
	h.reconcile()
	h.at("10:01:30")
	h.finish(h.child("10:01:00"), v1alpha1.WorkflowSucceeded)
	h.reconcile()
	cw := h.cron()
	if cw.Status.Phase != v1alpha1.CronWorkflowStopped || cw.Labels[LabelCompleted] != "true" {
		t.Fatalf("phase %q labels %v", cw.Status.Phase, cw.Labels)
	}
	h.wantEvent(`Stopped scheduling: stopStrategy.expression "cronworkflow.succeeded >= 1" is true (succeeded 1, failed 0)`)
	h.at("10:02:00")
	if res := h.reconcile(); res.RequeueAfter != 0 {
		t.Errorf("stopped: requeue %s", res.RequeueAfter)
	}
	h.wantChildren(h.child("10:01:00"))
}

func TestWhenSkipsRuns(t *testing.T) {
	h := newHarness(t, cronDoc("  concurrencyPolicy: Allow\n  when: \"{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 150 }}\""))
	for _, at := range []string{"10:01:00", "10:02:00", "10:03:00", "10:04:00"} {
		h.at(at)
		h.reconcile()
	}
	h.wantChildren(h.child("10:01:00"), h.child("10:04:00"))
	h.wantEvent("Skipped the run scheduled at 2026-01-15T10:02:00Z: when")
}

func TestWhenWithAPlainTag(t *testing.T) {
	h := newHarness(t, cronDoc(`  when: "'{{cronworkflow.name}}' == 'other'"`))
	h.at("10:01:00")
	h.reconcile()
	h.wantChildren()
	h.wantEvent(`when "'{{cronworkflow.name}}' == 'other'" is false`)
}

func TestInvalidSpecIsASpecError(t *testing.T) {
	h := newHarness(t, cronDoc("  timezone: Mars/Olympus"))
	h.at("10:01:00")
	if res := h.reconcile(); res.RequeueAfter != 0 {
		t.Errorf("requeue %s", res.RequeueAfter)
	}
	h.wantChildren()
	cw := h.cron()
	c := cw.Status.Conditions.Get(v1alpha1.ConditionTypeSpecError)
	if c == nil || c.Status != metav1.ConditionTrue || !strings.Contains(c.Message, "spec.timezone") {
		t.Fatalf("SpecError %+v", c)
	}
	if s := cw.Status.Conditions.Get(v1alpha1.ConditionTypeStalled); s == nil || s.Status != metav1.ConditionTrue {
		t.Errorf("Stalled %+v", s)
	}
	h.wantEvent("spec.timezone")
	// Fixing the spec clears the condition and schedules.
	h.update(func(cw *v1alpha1.CronWorkflow) { cw.Spec.Timezone = "UTC" })
	h.reconcile()
	if h.cron().Status.Conditions.Get(v1alpha1.ConditionTypeSpecError) != nil {
		t.Errorf("SpecError not cleared")
	}
	h.wantChildren(h.child("10:01:00"))
}

func TestAnExistingRunIsRecordedNotDuplicated(t *testing.T) {
	h := newHarness(t, cronDoc(""))
	h.at("10:01:00")
	// The workflow for 10:01 exists already (created just before a crash, before the status
	// write): it is recorded as this time's run rather than created twice.
	wf := newChild(h.cron(), time.Date(2026, 1, 15, 10, 1, 0, 0, time.UTC))
	if err := h.c.Create(t.Context(), wf); err != nil {
		t.Fatal(err)
	}
	h.reconcile()
	if cw := h.cron(); cw.Status.LastScheduledTime == nil || len(cw.Status.Active) != 1 {
		t.Errorf("existing run not recorded: %+v", cw.Status)
	}
	if n := len(h.children()); n != 1 {
		t.Errorf("%d children", n)
	}
}

func TestSubmissionErrorIsReportedAndCounted(t *testing.T) {
	h := newHarness(t, cronDoc(""))
	h.at("10:01:00")
	h.failCreate = apierrors.NewForbidden(schema.GroupResource{Group: "argoproj.io", Resource: "workflows"}, "tick-1768471260", errors.New("denied by a test webhook"))
	h.reconcile()
	h.wantChildren()
	cw := h.cron()
	c := cw.Status.Conditions.Get(v1alpha1.ConditionTypeSubmissionError)
	if c == nil || !strings.Contains(c.Message, "Failed to submit Workflow:") || !strings.Contains(c.Message, "denied by a test webhook") {
		t.Fatalf("SubmissionError %+v", c)
	}
	if cw.Status.Failed != 1 {
		t.Errorf("failed %d, want 1 (upstream counts a failed submission)", cw.Status.Failed)
	}
	if r := cw.Status.Conditions.Get(v1alpha1.ConditionTypeReady); r == nil || r.Status != metav1.ConditionFalse {
		t.Errorf("Ready %+v", r)
	}
	// The same time is not retried; the next one is, and success clears the condition.
	h.reconcile()
	h.failCreate = nil
	h.at("10:02:00")
	h.reconcile()
	h.wantChildren(h.child("10:02:00"))
	if cw := h.cron(); cw.Status.Conditions.Get(v1alpha1.ConditionTypeSubmissionError) != nil || cw.Status.Failed != 1 {
		t.Errorf("after success: %+v", cw.Status)
	}
}

func TestAScheduleChangeDoesNotRunPastTimes(t *testing.T) {
	h := newHarness(t, cronDoc("  concurrencyPolicy: Allow\n  startingDeadlineSeconds: 3600\n  timezone: UTC"))
	h.reconcile()
	if got := h.cron().Annotations[AnnotationLastUsedSchedule]; got != "CRON_TZ=UTC * * * * *" {
		t.Fatalf("last-used-schedule annotation %q", got)
	}
	h.at("10:01:00")
	h.reconcile()
	h.wantChildren(h.child("10:01:00"))
	// At 10:20:10 the schedule becomes 10:15 daily: within the deadline, but the old schedule
	// never had it, so it does not run now; the next 10:15 does.
	h.at("10:20:10")
	h.update(func(cw *v1alpha1.CronWorkflow) { cw.Spec.Schedules = []string{"15 10 * * *"} })
	res := h.reconcile()
	h.wantChildren(h.child("10:01:00"))
	if got := h.cron().Annotations[AnnotationLastUsedSchedule]; got != "CRON_TZ=UTC 15 10 * * *" {
		t.Errorf("last-used-schedule annotation %q", got)
	}
	if want := 23*time.Hour + 54*time.Minute + 50*time.Second; res.RequeueAfter != want {
		t.Errorf("requeue after %s, want %s", res.RequeueAfter, want)
	}
	h.reconcile()
	h.wantChildren(h.child("10:01:00"))
}
