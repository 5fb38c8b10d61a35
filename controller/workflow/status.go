package workflow

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/controller/internal/conditions"
)

// setWorkflowPhase moves the workflow to a phase, with an Event on change.
func (o *operation) setWorkflowPhase(p v1alpha1.WorkflowPhase, msg string) {
	wf := o.wf
	changed := wf.Status.Phase != p
	wf.Status.Phase, wf.Status.Message = p, msg
	if changed {
		typ := corev1.EventTypeNormal
		if p == v1alpha1.WorkflowFailed || p == v1alpha1.WorkflowError {
			typ = corev1.EventTypeWarning
		}
		note := fmt.Sprintf("Workflow %s", map[v1alpha1.WorkflowPhase]string{
			v1alpha1.WorkflowRunning: "started", v1alpha1.WorkflowSucceeded: "succeeded",
			v1alpha1.WorkflowFailed: "failed", v1alpha1.WorkflowError: "errored",
		}[p])
		if msg != "" {
			note += ": " + msg
		}
		o.r.event(wf, typ, "Workflow"+string(p), note)
		log.FromContext(o.ctx).Info("Moved the workflow to "+string(p), "workflow", wf.Namespace+"/"+wf.Name, "message", msg)
	}
	setConditions(wf, o.now)
}

// finishWorkflow records the outcome.
func (o *operation) finishWorkflow(p v1alpha1.WorkflowPhase, msg string) {
	o.releaseWorkflowLocks() // sync.go
	if o.wf.Status.StartedAt == nil {
		now := metav1.NewTime(o.now)
		o.wf.Status.StartedAt = &now
	}
	now := metav1.NewTime(o.now)
	o.wf.Status.FinishedAt = &now
	o.updateProgress()
	o.setWorkflowPhase(p, msg)
}

// updateProgress sets "n/m": finished pod nodes over all pod nodes, as upstream counts.
func (o *operation) updateProgress() {
	var done, total int
	for _, n := range o.wf.Status.Nodes {
		if n.Type != v1alpha1.NodeTypePod {
			continue
		}
		total++
		if n.Phase.Fulfilled() {
			done++
		}
	}
	o.wf.Status.Progress = v1alpha1.Progress(fmt.Sprintf("%d/%d", done, total))
	setConditions(o.wf, o.now)
}

// setConditions keeps the kstatus conditions (Ready/Reconciling/Stalled) and upstream's
// Completed and PodRunning in step with the phase, and observedGeneration; now is the
// reconciler's clock.
func setConditions(wf *v1alpha1.Workflow, now time.Time) {
	st := &wf.Status
	st.ObservedGeneration = wf.Generation
	p := st.Phase
	podRunning := false
	for _, n := range st.Nodes {
		if n.Type == v1alpha1.NodeTypePod && n.Phase == v1alpha1.NodeRunning {
			podRunning = true
		}
	}
	b := func(v bool) metav1.ConditionStatus {
		if v {
			return metav1.ConditionTrue
		}
		return metav1.ConditionFalse
	}
	reason := string(p)
	if reason == "" {
		reason = "Pending"
	}
	conditions.Set(&st.Conditions, now, v1alpha1.ConditionTypeReady, b(p == v1alpha1.WorkflowSucceeded), reason, st.Message)
	conditions.Set(&st.Conditions, now, v1alpha1.ConditionTypeReconciling, b(!p.Completed()), reason, st.Message)
	conditions.Set(&st.Conditions, now, v1alpha1.ConditionTypeStalled, b(p == v1alpha1.WorkflowFailed || p == v1alpha1.WorkflowError), reason, st.Message)
	conditions.Set(&st.Conditions, now, v1alpha1.ConditionTypeCompleted, b(p.Completed()), reason, "")
	conditions.Set(&st.Conditions, now, v1alpha1.ConditionTypePodRunning, b(podRunning), reason, "")
}

// nodeEvent records upstream's WorkflowNode<Phase> events for pod and suspend nodes.
func (o *operation) nodeEvent(n v1alpha1.NodeStatus, old v1alpha1.NodePhase) {
	if n.Phase == old || (n.Type != v1alpha1.NodeTypePod && n.Type != v1alpha1.NodeTypeSuspend) {
		return
	}
	typ := corev1.EventTypeNormal
	if n.Phase == v1alpha1.NodeFailed || n.Phase == v1alpha1.NodeError {
		typ = corev1.EventTypeWarning
	}
	note := fmt.Sprintf("%s node %s", n.Phase, n.Name)
	if n.Message != "" {
		note += ": " + n.Message
	}
	o.r.event(o.wf, typ, "WorkflowNode"+string(n.Phase), note)
}

// event is the one place the reconciler records Kubernetes Events.
func (r *Reconciler) event(wf *v1alpha1.Workflow, typ, reason, note string) {
	if r.Recorder == nil {
		return
	}
	r.Recorder.Eventf(wf, nil, typ, reason, "Reconcile", "%s", note)
}
