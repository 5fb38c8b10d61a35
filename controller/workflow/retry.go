package workflow

import (
	"context"
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// AnnotationRetry is set by `kubectl wf retry` to the time of the request; the controller
// copies a request it has carried out into AnnotationRetried, so each request runs once
// (a clock comparison with finishedAt, which has whole seconds, missed quick retries).
const (
	AnnotationRetry   = v1alpha1.AnnotationRetry
	AnnotationRetried = v1alpha1.AnnotationRetried
)

// retryRequested says whether an unsuccessful workflow has a retry request not yet carried out.
func retryRequested(wf *v1alpha1.Workflow) bool {
	if p := wf.Status.Phase; p != v1alpha1.WorkflowFailed && p != v1alpha1.WorkflowError {
		return false
	}
	v, ok := wf.Annotations[AnnotationRetry]
	return ok && v != "" && v != wf.Annotations[AnnotationRetried]
}

// markRetried records the request as carried out. It patches a bare object, because a patch
// response carries the stored status and would overwrite the reset being built in wf.
func (r *Reconciler) markRetried(ctx context.Context, wf *v1alpha1.Workflow) error {
	req := wf.Annotations[AnnotationRetry]
	patch, err := json.Marshal(map[string]any{"metadata": map[string]any{"annotations": map[string]string{AnnotationRetried: req}}})
	if err != nil {
		return err
	}
	bare := &v1alpha1.Workflow{}
	bare.Namespace, bare.Name = wf.Namespace, wf.Name
	if err := r.Client.Patch(ctx, bare, client.RawPatch(types.MergePatchType, patch)); err != nil {
		return fmt.Errorf("recording the retry of workflow %s: %w", wf.Name, err)
	}
	wf.Annotations[AnnotationRetried] = req
	return nil
}

// resetForRetry keeps the nodes that succeeded or were skipped, removes the others with their
// pods, and puts the workflow back to Pending so the walk runs the removed parts again (as
// upstream's retry does; Pending also re-takes any workflow-level locks). Removed pods must
// be gone before their nodes' pods, which have the same names, can be created again: the
// pod informer ignores pods being deleted, and creation retries while the name is taken.
func (r *Reconciler) resetForRetry(ctx context.Context, wf *v1alpha1.Workflow) error {
	if err := r.markRetried(ctx, wf); err != nil {
		return err
	}
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
