package cronworkflow

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// cronDoc is a CronWorkflow running every minute with the given extra spec lines.
func cronDoc(extra string) string {
	return `
metadata:
  name: tick
  namespace: default
  labels: {workflows.argoproj.io/creator: alice, team: a}
spec:
  schedules: ["* * * * *"]
` + extra + `
  workflowMetadata:
    labels: {app: tick}
    annotations: {note: hello}
  workflowSpec:
    entrypoint: main
    templates:
    - name: main
      container: {image: busybox, command: [sleep, "90"]}
`
}

func TestCreatesTheChildWorkflowAtTheScheduledTime(t *testing.T) {
	h := newHarness(t, cronDoc(""))
	res := h.reconcile()
	h.wantChildren()
	if res.RequeueAfter != 30*time.Second {
		t.Fatalf("requeue after %s, want 30s (10:00:30 → 10:01:00)", res.RequeueAfter)
	}
	if cw := h.cron(); cw.Status.Phase != v1alpha1.CronWorkflowActive || cw.Status.LastScheduledTime != nil {
		t.Fatalf("status before the first run: %+v", cw.Status)
	}

	h.at("10:01:00")
	res = h.reconcile()
	name := h.child("10:01:00")
	h.wantChildren(name)
	if name != "tick-1768471260" {
		t.Errorf("child name %s, want <cron>-<unix seconds of the scheduled time>", name)
	}
	wf := h.children()[name]
	if wf.Labels[LabelCronWorkflow] != "tick" || wf.Labels["app"] != "tick" || wf.Labels["workflows.argoproj.io/creator"] != "alice" || wf.Labels["team"] != "" {
		t.Errorf("labels %v", wf.Labels)
	}
	if wf.Annotations[AnnotationScheduledTime] != "2026-01-15T10:01:00Z" || wf.Annotations["note"] != "hello" {
		t.Errorf("annotations %v", wf.Annotations)
	}
	if len(wf.OwnerReferences) != 1 || wf.OwnerReferences[0].Kind != "CronWorkflow" || wf.OwnerReferences[0].Name != "tick" ||
		wf.OwnerReferences[0].Controller == nil || !*wf.OwnerReferences[0].Controller {
		t.Errorf("owner references %+v", wf.OwnerReferences)
	}
	if wf.Spec.Entrypoint != "main" || len(wf.Spec.Templates) != 1 {
		t.Errorf("spec %+v", wf.Spec)
	}
	cw := h.cron()
	if len(cw.Status.Active) != 1 || cw.Status.Active[0].Name != name || cw.Status.Active[0].UID == "" {
		t.Errorf("active %+v", cw.Status.Active)
	}
	if cw.Status.LastScheduledTime == nil || !cw.Status.LastScheduledTime.Time.Equal(h.now) {
		t.Errorf("lastScheduledTime %v", cw.Status.LastScheduledTime)
	}
	if res.RequeueAfter != time.Minute {
		t.Errorf("requeue after %s, want 1m", res.RequeueAfter)
	}
	h.wantEvent("Created workflow " + name + " for the run scheduled at 2026-01-15T10:01:00Z")

	// A second reconcile at the same time (e.g. the child's creation event) creates nothing.
	h.at("10:01:01")
	h.reconcile()
	h.wantChildren(name)

	// The child finishes: it leaves status.active and counts as succeeded.
	h.finish(name, v1alpha1.WorkflowSucceeded)
	h.reconcile()
	cw = h.cron()
	if len(cw.Status.Active) != 0 || cw.Status.Succeeded != 1 || cw.Status.Failed != 0 {
		t.Errorf("after success: active %v succeeded %d failed %d", cw.Status.Active, cw.Status.Succeeded, cw.Status.Failed)
	}
	if c := cw.Status.Conditions.Get(v1alpha1.ConditionTypeReady); c == nil || c.Status != metav1.ConditionTrue {
		t.Errorf("Ready condition %+v", c)
	}
}

func TestForbidSkipsWhileAWorkflowIsActiveAndDoesNotRunLate(t *testing.T) {
	h := newHarness(t, cronDoc("  concurrencyPolicy: Forbid"))
	h.at("10:01:00")
	h.reconcile()
	first := h.child("10:01:00")
	h.wantChildren(first)
	h.events()

	h.at("10:02:00")
	res := h.reconcile()
	h.wantChildren(first)
	h.wantEvent("Skipped the run scheduled at 2026-01-15T10:02:00Z: concurrencyPolicy Forbid and 1 workflow(s) active (" + first + ")")
	if res.RequeueAfter != time.Minute {
		t.Errorf("requeue after %s", res.RequeueAfter)
	}
	if cw := h.cron(); cw.Status.LastScheduledTime.Time.Equal(h.now) {
		t.Errorf("a skipped run must not move lastScheduledTime")
	}

	// The active workflow ends 20 s after the skipped time: the skipped run does not start late.
	h.at("10:02:20")
	h.finish(first, v1alpha1.WorkflowFailed)
	h.reconcile()
	h.wantChildren(first)
	if cw := h.cron(); cw.Status.Failed != 1 || len(cw.Status.Active) != 0 {
		t.Errorf("failed %d active %v", cw.Status.Failed, cw.Status.Active)
	}

	h.at("10:03:00")
	h.reconcile()
	h.wantChildren(first, h.child("10:03:00"))
}

func TestReplaceTerminatesTheActiveWorkflows(t *testing.T) {
	h := newHarness(t, cronDoc("  concurrencyPolicy: Replace"))
	h.at("10:01:00")
	h.reconcile()
	first := h.child("10:01:00")
	h.at("10:02:00")
	h.reconcile()
	second := h.child("10:02:00")
	h.wantChildren(first, second)
	if got := h.children()[first].Spec.Shutdown; got != v1alpha1.ShutdownStrategyTerminate {
		t.Errorf("replaced workflow's spec.shutdown = %q, want Terminate", got)
	}
	if got := h.children()[second].Spec.Shutdown; got != "" {
		t.Errorf("new workflow's spec.shutdown = %q", got)
	}
	h.wantEvent("terminated " + first + " (concurrencyPolicy Replace)")
	// Until the terminated workflow has ended, both are active.
	if cw := h.cron(); len(cw.Status.Active) != 2 {
		t.Errorf("active %v", cw.Status.Active)
	}
	h.finish(first, v1alpha1.WorkflowFailed)
	h.reconcile()
	if cw := h.cron(); len(cw.Status.Active) != 1 || cw.Status.Active[0].Name != second || cw.Status.Failed != 1 {
		t.Errorf("active %v failed %d", cw.Status.Active, cw.Status.Failed)
	}
}

func TestAllowRunsConcurrently(t *testing.T) {
	h := newHarness(t, cronDoc("  concurrencyPolicy: Allow"))
	for _, at := range []string{"10:01:00", "10:02:00", "10:03:00"} {
		h.at(at)
		h.reconcile()
	}
	h.wantChildren(h.child("10:01:00"), h.child("10:02:00"), h.child("10:03:00"))
	if cw := h.cron(); len(cw.Status.Active) != 3 {
		t.Errorf("active %v", cw.Status.Active)
	}
	for _, wf := range h.children() {
		if wf.Spec.Shutdown != "" {
			t.Errorf("%s shut down under Allow", wf.Name)
		}
	}
}

func TestHistoryLimitsDeleteTheOldestFinishedWorkflows(t *testing.T) {
	for _, tc := range []struct {
		name              string
		extra             string
		keepOK, keepError int
	}{
		{"defaults", "", 3, 1},
		{"custom", "  successfulJobsHistoryLimit: 1\n  failedJobsHistoryLimit: 0", 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, cronDoc("  concurrencyPolicy: Allow\n"+tc.extra))
			var ok, bad []string
			for i := 1; i <= 8; i++ {
				at := time.Date(2026, 1, 15, 10, i, 0, 0, time.UTC).Format("15:04:05")
				h.at(at)
				h.reconcile()
				name := h.child(at)
				h.at(time.Date(2026, 1, 15, 10, i, 30, 0, time.UTC).Format("15:04:05"))
				if i%2 == 0 {
					h.finish(name, v1alpha1.WorkflowSucceeded)
					ok = append(ok, name)
				} else {
					phase := v1alpha1.WorkflowFailed
					if i == 5 {
						phase = v1alpha1.WorkflowError
					}
					h.finish(name, phase)
					bad = append(bad, name)
				}
				h.reconcile()
			}
			want := append(append([]string{}, ok[len(ok)-tc.keepOK:]...), bad[len(bad)-tc.keepError:]...)
			h.wantChildren(want...)
			h.wantEvent("Deleted workflow " + bad[0] + ": failedJobsHistoryLimit keeps the newest")
			if cw := h.cron(); cw.Status.Succeeded != 4 || cw.Status.Failed != 4 {
				t.Errorf("counters: succeeded %d failed %d, want 4 and 4", cw.Status.Succeeded, cw.Status.Failed)
			}
		})
	}
}

func TestSchedulesInTheCronWorkflowsTimezone(t *testing.T) {
	h := newHarness(t, strings.Replace(cronDoc("  timezone: America/New_York"), `["* * * * *"]`, `["0 9 * * *"]`, 1))
	// 10:00:30 UTC is 05:00:30 in New York (EST): 09:00 there is 14:00 UTC.
	if res := h.reconcile(); res.RequeueAfter != 3*time.Hour+59*time.Minute+30*time.Second {
		t.Fatalf("requeue after %s", res.RequeueAfter)
	}
	h.at("14:00:00")
	h.reconcile()
	name := h.child("14:00:00")
	h.wantChildren(name)
	want := time.Date(2026, 1, 15, 14, 0, 0, 0, time.UTC).Local().Format(time.RFC3339)
	if got := h.children()[name].Annotations[AnnotationScheduledTime]; got != want {
		t.Errorf("scheduled-time %q, want %q (the controller's zone)", got, want)
	}
}
