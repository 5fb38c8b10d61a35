package cronworkflow

import (
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/schedule"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Event reasons.
const (
	ReasonScheduled       = "WorkflowScheduled"
	ReasonSkipped         = "WorkflowSkipped"
	ReasonMissed          = "ScheduleMissed"
	ReasonSubmissionError = "SubmissionError"
	ReasonSpecError       = "SpecError"
	ReasonStopped         = "Stopped"
	ReasonReactivated     = "Reactivated"
	ReasonHistoryDeleted  = "WorkflowDeleted"
)

// schedule acts on the latest scheduled time that is due and not yet decided, then returns
// how long until the next one.
//
// A scheduled time is due when it lies after the last decided one (or the creation time) and
// at most a window before now: onTimeGrace, or startingDeadlineSeconds when longer. Only the
// latest due time runs; older ones (a controller that was down) are reported as missed, so a
// restart starts at most one run, as upstream does.
func (o *operation) schedule(set *schedule.Set) (time.Duration, error) {
	st := &o.cw.Status
	since := o.cw.CreationTimestamp.Time
	for _, t := range []*metav1.Time{st.LastScheduledTime, st.LastEvaluatedScheduleTime} {
		if t != nil && t.After(since) {
			since = t.Time
		}
	}
	window := onTimeGrace
	if d := o.cw.Spec.StartingDeadlineSeconds; d != nil && time.Duration(*d)*time.Second > window {
		window = time.Duration(*d) * time.Second
	}
	floor := o.now.Add(-window)
	lower := since
	if floor.After(since) {
		if first := set.Next(since); !first.IsZero() && first.Before(floor) {
			o.missed(first, window)
			// Status times are whole seconds; no scheduled time lies strictly inside one.
			decided := metav1.NewTime(floor.Truncate(time.Second))
			st.LastEvaluatedScheduleTime = &decided
		}
		lower = floor.Add(-time.Nanosecond) // Next is strictly after: include a time exactly at the floor
	}
	if due := set.Latest(lower, o.now); !due.IsZero() {
		if err := o.run(due); err != nil {
			return 0, err // not decided: the retry tries the same time again
		}
		decided := metav1.NewTime(due)
		st.LastEvaluatedScheduleTime = &decided
	}
	next := set.Next(o.now)
	if next.IsZero() {
		return 0, nil
	}
	return next.Sub(o.now), nil
}

// noteSchedule records the schedules in upstream's last-used-schedule annotation. When they
// changed since, scheduled times already past are decided: a new schedule only fires from now
// on, so an edit never starts a run for a time the old schedule did not have.
func (o *operation) noteSchedule() {
	cw := o.cw
	parts := make([]string, len(cw.Spec.Schedules))
	for i, s := range cw.Spec.Schedules {
		parts[i] = s
		if cw.Spec.Timezone != "" {
			parts[i] = "CRON_TZ=" + cw.Spec.Timezone + " " + s
		}
	}
	current := strings.Join(parts, ",")
	last, seen := cw.Annotations[AnnotationLastUsedSchedule]
	if seen && last == current {
		return
	}
	if seen {
		now := metav1.NewTime(o.now.Truncate(time.Second))
		cw.Status.LastEvaluatedScheduleTime = &now
		o.log.Info("Saw the schedules change: times before now will not run", "from", last, "to", current)
	}
	if cw.Annotations == nil {
		cw.Annotations = map[string]string{}
	}
	cw.Annotations[AnnotationLastUsedSchedule] = current
}

// missed reports scheduled times that passed without a run and are now too late to start.
func (o *operation) missed(first time.Time, window time.Duration) {
	why := fmt.Sprintf("more than %s late", window)
	if o.cw.Spec.StartingDeadlineSeconds != nil {
		why += fmt.Sprintf(" (startingDeadlineSeconds %d)", *o.cw.Spec.StartingDeadlineSeconds)
	}
	o.event(corev1.EventTypeWarning, ReasonMissed, nil, "Missed the runs scheduled from %s on: %s", first.Format(time.RFC3339), why)
}

// run creates the Workflow for a due scheduled time unless when, or concurrencyPolicy with the
// active workflows, says to skip it.
func (o *operation) run(due time.Time) error {
	cw := o.cw
	at := due.Format(time.RFC3339)
	name := ChildName(cw.Name, due)
	// Already created (a reconcile on a stale copy, or a restart between create and status write).
	existing := &v1alpha1.Workflow{}
	err := o.r.APIReader.Get(o.ctx, types.NamespacedName{Namespace: cw.Namespace, Name: name}, existing)
	switch {
	case err == nil:
		o.scheduled(due, existing)
		return nil
	case !apierrors.IsNotFound(err):
		return fmt.Errorf("reading workflow %s: %w", name, err)
	}
	ok, err := evalWhen(cw, o.now)
	if err != nil {
		o.submissionError(fmt.Sprintf("run policy error: when %q: %v", cw.Spec.When, err))
		return nil
	}
	if !ok {
		o.event(corev1.EventTypeNormal, ReasonSkipped, nil, "Skipped the run scheduled at %s: when %q is false", at, cw.Spec.When)
		return nil
	}
	var replaced []string
	if n := len(cw.Status.Active); n > 0 {
		switch cw.Spec.ConcurrencyPolicy {
		case v1alpha1.ConcurrencyPolicyForbid:
			o.event(corev1.EventTypeNormal, ReasonSkipped, nil, "Skipped the run scheduled at %s: concurrencyPolicy Forbid and %d workflow(s) active (%s)", at, n, activeNames(cw))
			return nil
		case v1alpha1.ConcurrencyPolicyReplace:
			if replaced, err = o.terminateActive(); err != nil {
				o.submissionError(fmt.Sprintf("run policy error: %v", err))
				return nil
			}
		}
	}
	wf := newChild(cw, due)
	if err := o.r.Client.Create(o.ctx, wf); err != nil {
		if apierrors.IsAlreadyExists(err) {
			return nil // decided by another pass; the next reconcile finds it
		}
		o.submissionError("Failed to submit Workflow: " + err.Error())
		return nil
	}
	note := fmt.Sprintf("Created workflow %s for the run scheduled at %s", wf.Name, at)
	if len(replaced) > 0 {
		note += fmt.Sprintf("; terminated %s (concurrencyPolicy Replace)", strings.Join(replaced, ", "))
	}
	o.event(corev1.EventTypeNormal, ReasonScheduled, wf, "%s", note)
	o.log.Info("Created a workflow", "workflow", wf.Name, "scheduledTime", at)
	o.scheduled(due, wf)
	return nil
}

// scheduled records a created workflow in the status.
func (o *operation) scheduled(due time.Time, wf *v1alpha1.Workflow) {
	st := &o.cw.Status
	t := metav1.NewTime(due)
	st.LastScheduledTime = &t
	st.Phase = v1alpha1.CronWorkflowActive
	o.clearCondition(v1alpha1.ConditionTypeSubmissionError)
	if wf.Status.Phase.Completed() {
		return
	}
	for _, ref := range st.Active {
		if ref.Name == wf.Name {
			return
		}
	}
	st.Active = append(st.Active, reference(wf))
}

// terminateActive asks each active workflow to terminate (spec.shutdown: Terminate), as
// upstream's Replace does; it does not wait for them to end.
func (o *operation) terminateActive() ([]string, error) {
	var names []string
	for _, ref := range o.cw.Status.Active {
		wf := &v1alpha1.Workflow{}
		wf.Namespace, wf.Name = ref.Namespace, ref.Name
		patch := client.RawPatch(types.MergePatchType, []byte(`{"spec":{"shutdown":"Terminate"}}`))
		if err := o.r.Client.Patch(o.ctx, wf, patch); err != nil {
			if apierrors.IsNotFound(err) {
				continue
			}
			return names, fmt.Errorf("terminating workflow %s: %w", ref.Name, err)
		}
		names = append(names, ref.Name)
	}
	return names, nil
}

func activeNames(cw *v1alpha1.CronWorkflow) string {
	names := make([]string, len(cw.Status.Active))
	for i, ref := range cw.Status.Active {
		names[i] = ref.Name
	}
	return strings.Join(names, ", ")
}
