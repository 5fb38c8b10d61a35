package cronworkflow

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/controller/internal/conditions"
)

// specError records an invalid spec: the SpecError condition (as upstream) and, when it is
// new or different, a Warning Event.
func (o *operation) specError(msg string) {
	if c := o.cw.Status.Conditions.Get(v1alpha1.ConditionTypeSpecError); c == nil || c.Message != msg {
		o.event(corev1.EventTypeWarning, ReasonSpecError, nil, "%s", msg)
		o.log.Info("Found the spec invalid", "message", msg)
	}
	conditions.Set(&o.cw.Status.Conditions, o.now, v1alpha1.ConditionTypeSpecError, metav1.ConditionTrue, ReasonSpecError, msg)
}

// submissionError records a run that could not be created: the SubmissionError condition
// and, as upstream, one more failure in status.failed.
func (o *operation) submissionError(msg string) {
	o.cw.Status.Failed++
	o.event(corev1.EventTypeWarning, ReasonSubmissionError, nil, "%s", msg)
	o.log.Info("Failed to submit a workflow", "message", msg)
	conditions.Set(&o.cw.Status.Conditions, o.now, v1alpha1.ConditionTypeSubmissionError, metav1.ConditionTrue, ReasonSubmissionError, msg)
}

// clearCondition removes an error condition once its cause is gone, as upstream does.
func (o *operation) clearCondition(t v1alpha1.ConditionType) {
	cs := o.cw.Status.Conditions[:0]
	for _, c := range o.cw.Status.Conditions {
		if c.Type != t {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		cs = nil
	}
	o.cw.Status.Conditions = cs
}

// setConditions keeps the kstatus conditions in step: Ready when scheduling works (suspended
// and stopped CronWorkflows are ready too: they do what was asked), Stalled on a spec error,
// Reconciling never for long (a CronWorkflow has no rollout of its own). now is the
// reconciler's clock.
func setConditions(cw *v1alpha1.CronWorkflow, now time.Time) {
	st := &cw.Status
	ready, reason, msg := metav1.ConditionTrue, "Scheduling", ""
	switch {
	case st.Phase == v1alpha1.CronWorkflowStopped:
		reason = "Stopped"
	case cw.Spec.Suspend != nil && *cw.Spec.Suspend:
		reason = "Suspended"
	}
	stalled := metav1.ConditionFalse
	if c := st.Conditions.Get(v1alpha1.ConditionTypeSubmissionError); c != nil {
		ready, reason, msg = metav1.ConditionFalse, ReasonSubmissionError, c.Message
	}
	if c := st.Conditions.Get(v1alpha1.ConditionTypeSpecError); c != nil {
		ready, reason, msg = metav1.ConditionFalse, ReasonSpecError, c.Message
		stalled = metav1.ConditionTrue
	}
	conditions.Set(&st.Conditions, now, v1alpha1.ConditionTypeReady, ready, reason, msg)
	conditions.Set(&st.Conditions, now, v1alpha1.ConditionTypeReconciling, metav1.ConditionFalse, reason, "")
	conditions.Set(&st.Conditions, now, v1alpha1.ConditionTypeStalled, stalled, reason, msg)
}

// event is the one place the reconciler records Kubernetes Events; related is the workflow
// the event is about, if any.
func (o *operation) event(typ, reason string, related runtime.Object, format string, args ...any) {
	if o.r.Recorder == nil {
		return
	}
	o.r.Recorder.Eventf(o.cw, related, typ, reason, "Schedule", "%s", fmt.Sprintf(format, args...))
}
