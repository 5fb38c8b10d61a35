package workflow

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"
	ctrl "sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/skiff-dev/skiff/api/duration"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// +kubebuilder:rbac:groups=argoproj.io,resources=workflows,verbs=delete

// This file carries out what happens after nodes or workflows finish: spec.podGC with a
// labelSelector or a deleteDelayDuration (the plain strategies delete at once, in leaf.go),
// and spec.ttlStrategy, which deletes a finished Workflow. Waits are RequeueAfter, never a
// timer per object.

// collectPods deletes the pods spec.podGC lets go of now and returns how long until the next
// one is due (0: none pending).
func (r *Reconciler) collectPods(ctx context.Context, wf *v1alpha1.Workflow, pods []*corev1.Pod, now time.Time) time.Duration {
	gc := wf.Spec.PodGC
	if gc == nil || gc.Strategy == nil || *gc.Strategy == "" || (gc.LabelSelector == nil && gc.DeleteDelayDuration == "") {
		return 0
	}
	sel := labels.Everything()
	if gc.LabelSelector != nil {
		s, err := metav1.LabelSelectorAsSelector(gc.LabelSelector)
		if err != nil {
			r.event(wf, corev1.EventTypeWarning, "PodGCFailed", fmt.Sprintf("spec.podGC.labelSelector: %v", err))
			return 0
		}
		sel = s
	}
	var delay time.Duration
	if gc.DeleteDelayDuration != "" {
		d, err := duration.Parse(gc.DeleteDelayDuration)
		if err != nil { // admission denies it; a spec that bypassed it deletes nothing, and says so
			r.event(wf, corev1.EventTypeWarning, "PodGCFailed", fmt.Sprintf("spec.podGC.deleteDelayDuration: %v", err))
			return 0
		}
		delay = d
	}
	var next time.Duration
	for _, pod := range pods {
		if !pod.DeletionTimestamp.IsZero() || !sel.Matches(labels.Set(pod.Labels)) {
			continue
		}
		since, ok := gcTrigger(wf, *gc.Strategy, pod)
		if !ok {
			continue
		}
		if left := since.Add(delay).Sub(now); left > 0 {
			if next == 0 || left < next {
				next = left
			}
			continue
		}
		if err := r.Client.Delete(ctx, pod, client.PropagationPolicy("Background")); client.IgnoreNotFound(err) != nil {
			log.FromContext(ctx).Error(err, "Failed to delete a workflow pod", "workflow", wfKey(wf), "pod", pod.Name)
			if next == 0 || 5*time.Second < next {
				next = 5 * time.Second
			}
		}
	}
	return next
}

// gcTrigger is when the strategy makes the pod collectable, if it does yet.
func gcTrigger(wf *v1alpha1.Workflow, s v1alpha1.PodGCStrategy, pod *corev1.Pod) (time.Time, bool) {
	st := &wf.Status
	switch s {
	case v1alpha1.PodGCOnPodCompletion, v1alpha1.PodGCOnPodSuccess:
		n, ok := st.Nodes[pod.Annotations[AnnotationNodeID]]
		if !ok || !n.Phase.Fulfilled() || n.FinishedAt == nil || (s == v1alpha1.PodGCOnPodSuccess && n.Phase != v1alpha1.NodeSucceeded) {
			return time.Time{}, false
		}
		return n.FinishedAt.Time, true
	case v1alpha1.PodGCOnWorkflowCompletion, v1alpha1.PodGCOnWorkflowSuccess:
		if !st.Phase.Completed() || st.FinishedAt == nil || (s == v1alpha1.PodGCOnWorkflowSuccess && st.Phase != v1alpha1.WorkflowSucceeded) {
			return time.Time{}, false
		}
		return st.FinishedAt.Time, true
	}
	return time.Time{}, false
}

// ttlExpiry is when spec.ttlStrategy deletes the finished workflow: secondsAfterFailure
// (Failed or Error) or secondsAfterSuccess when set for the outcome, else
// secondsAfterCompletion.
func ttlExpiry(wf *v1alpha1.Workflow) (time.Time, bool) {
	t, st := wf.Spec.TTLStrategy, &wf.Status
	if t == nil || !st.Phase.Completed() || st.FinishedAt == nil {
		return time.Time{}, false
	}
	secs := t.SecondsAfterCompletion
	switch {
	case st.Phase == v1alpha1.WorkflowSucceeded && t.SecondsAfterSuccess != nil:
		secs = t.SecondsAfterSuccess
	case st.Phase != v1alpha1.WorkflowSucceeded && t.SecondsAfterFailure != nil:
		secs = t.SecondsAfterFailure
	}
	if secs == nil {
		return time.Time{}, false
	}
	return st.FinishedAt.Add(time.Duration(*secs) * time.Second), true
}

// collectFinished runs for a completed workflow: its TTL, then the delayed or selected pod
// GC. The status patch of the caller still applies unless the workflow is deleted.
func (r *Reconciler) collectFinished(ctx context.Context, wf *v1alpha1.Workflow) (ctrl.Result, error) {
	now := time.Now()
	if r.Now != nil {
		now = r.Now()
	}
	var next time.Duration
	if at, ok := ttlExpiry(wf); ok {
		if !now.Before(at) {
			if err := r.Client.Delete(ctx, wf, client.PropagationPolicy("Background")); client.IgnoreNotFound(err) != nil {
				return ctrl.Result{}, fmt.Errorf("deleting workflow %s after its ttlStrategy: %w", wfKey(wf), err)
			}
			log.FromContext(ctx).Info("Deleted the workflow: its ttlStrategy expired", "workflow", wfKey(wf))
			return ctrl.Result{}, nil
		}
		next = at.Sub(now)
	}
	if gc := wf.Spec.PodGC; gc != nil && (gc.LabelSelector != nil || gc.DeleteDelayDuration != "") {
		var list corev1.PodList
		if err := r.Pods.List(ctx, &list, client.InNamespace(wf.Namespace), client.MatchingLabels{LabelWorkflow: wf.Name}); err != nil {
			return ctrl.Result{}, fmt.Errorf("listing the pods of workflow %s: %w", wf.Name, err)
		}
		var pods []*corev1.Pod
		for i := range list.Items {
			if metav1.IsControlledBy(&list.Items[i], wf) {
				pods = append(pods, &list.Items[i])
			}
		}
		if d := r.collectPods(ctx, wf, pods, now); d > 0 && (next == 0 || d < next) {
			next = d
		}
	}
	return ctrl.Result{RequeueAfter: next}, nil
}

// collectRunningPods is collectPods for a running workflow's OnPod* strategies.
func (o *operation) collectRunningPods() {
	if len(o.pods) == 0 {
		return
	}
	pods := make([]*corev1.Pod, 0, len(o.pods))
	for _, p := range o.pods {
		pods = append(pods, p)
	}
	if d := o.r.collectPods(o.ctx, o.wf, pods, o.now); d > 0 {
		o.requeueAfter(d)
	}
}
