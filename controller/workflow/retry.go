package workflow

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// AnnotationRetry is set by `kubectl wf retry` to the time of the request.
const AnnotationRetry = "workflows.skiff.dev/retry"

// retryRequested says whether a retry was asked for after the workflow last finished
// unsuccessfully (a request older than the finish has been carried out already).
func retryRequested(wf *v1alpha1.Workflow) bool {
	if p := wf.Status.Phase; p != v1alpha1.WorkflowFailed && p != v1alpha1.WorkflowError {
		return false
	}
	v, ok := wf.Annotations[AnnotationRetry]
	if !ok || wf.Status.FinishedAt == nil {
		return false
	}
	t, err := time.Parse(time.RFC3339, v)
	return err == nil && t.After(wf.Status.FinishedAt.Time)
}

// resetForRetry keeps the nodes that succeeded or were skipped, removes the others with their
// pods, and puts the workflow back to Pending so the walk runs the removed parts again (as
// upstream's retry does; Pending also re-takes any workflow-level locks). Removed pods must
// be gone before their nodes' pods, which have the same names, can be created again: the
// pod informer ignores pods being deleted, and creation retries while the name is taken.
func (r *Reconciler) resetForRetry(ctx context.Context, wf *v1alpha1.Workflow) error {
	removed := map[string]bool{}
	for id, n := range wf.Status.Nodes {
		if n.Phase != v1alpha1.NodeSucceeded && n.Phase != v1alpha1.NodeSkipped {
			removed[id] = true
		}
	}
	var pods corev1.PodList
	if err := r.Pods.List(ctx, &pods, client.InNamespace(wf.Namespace), client.MatchingLabels{LabelWorkflow: wf.Name}); err != nil {
		return fmt.Errorf("listing the pods of workflow %s: %w", wf.Name, err)
	}
	for i := range pods.Items {
		p := &pods.Items[i]
		if metav1.IsControlledBy(p, wf) && removed[p.Annotations[AnnotationNodeID]] {
			if err := r.Client.Delete(ctx, p, client.PropagationPolicy(metav1.DeletePropagationBackground)); client.IgnoreNotFound(err) != nil {
				return fmt.Errorf("deleting pod %s for the retry: %w", p.Name, err)
			}
		}
	}
	for id := range removed {
		delete(wf.Status.Nodes, id)
	}
	for id, n := range wf.Status.Nodes {
		kept := n.Children[:0:0]
		for _, c := range n.Children {
			if !removed[c] {
				kept = append(kept, c)
			}
		}
		n.Children = kept
		wf.Status.Nodes[id] = n
	}
	r.event(wf, corev1.EventTypeNormal, "WorkflowRetried",
		fmt.Sprintf("Retrying: %d failed or unfinished nodes removed, %d kept", len(removed), len(wf.Status.Nodes)))
	wf.Status.Phase = v1alpha1.WorkflowPending
	wf.Status.Message = "Retrying"
	wf.Status.FinishedAt = nil
	return nil
}
