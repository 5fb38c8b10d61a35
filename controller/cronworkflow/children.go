package cronworkflow

import (
	"fmt"
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Default history limits, as upstream.
const (
	defaultSuccessfulHistory = 3
	defaultFailedHistory     = 1
)

// propagatedLabels are the CronWorkflow's labels its Workflows inherit (who created it, and
// which controller instance owns it), as upstream copies them.
var propagatedLabels = []string{
	"workflows.argoproj.io/creator",
	"workflows.argoproj.io/creator-email",
	"workflows.argoproj.io/creator-preferred-username",
	"workflows.argoproj.io/controller-instanceid",
}

// ChildName is the name of the Workflow created for a scheduled time: unique per time, so a
// second attempt at the same time finds the first instead of running twice.
func ChildName(cronName string, scheduled time.Time) string {
	return fmt.Sprintf("%s-%d", cronName, scheduled.Unix())
}

// reconcileChildren lists the CronWorkflow's Workflows, moves finished ones out of
// status.active (counting them as succeeded or failed), adds running ones it did not know,
// and deletes finished ones beyond the history limits.
func (o *operation) reconcileChildren() error {
	cw := o.cw
	var list v1alpha1.WorkflowList
	if err := o.r.Client.List(o.ctx, &list, client.InNamespace(cw.Namespace), client.MatchingLabels{LabelCronWorkflow: cw.Name}); err != nil {
		return fmt.Errorf("listing the workflows of cronworkflow %s: %w", cw.Name, err)
	}
	var children []v1alpha1.Workflow
	byUID := map[types.UID]*v1alpha1.Workflow{}
	for i := range list.Items {
		if metav1.IsControlledBy(&list.Items[i], cw) {
			children = append(children, list.Items[i])
		}
	}
	for i := range children {
		byUID[children[i].UID] = &children[i]
	}
	var active []corev1.ObjectReference
	known := map[types.UID]bool{}
	for _, ref := range cw.Status.Active {
		known[ref.UID] = true
		wf := byUID[ref.UID]
		if wf == nil {
			// The cache may not have seen a workflow created moments ago: ask the API server.
			got := &v1alpha1.Workflow{}
			err := o.r.APIReader.Get(o.ctx, types.NamespacedName{Namespace: cw.Namespace, Name: ref.Name}, got)
			switch {
			case apierrors.IsNotFound(err):
				continue // deleted before it finished: not counted
			case err != nil:
				return fmt.Errorf("reading workflow %s: %w", ref.Name, err)
			case got.UID != ref.UID:
				continue
			}
			wf = got
		}
		if wf.Status.Phase.Completed() {
			o.count(wf)
			continue
		}
		active = append(active, ref)
	}
	for i := range children {
		wf := &children[i]
		if !known[wf.UID] && !wf.Status.Phase.Completed() {
			active = append(active, reference(wf))
		}
	}
	sort.Slice(active, func(i, j int) bool { return active[i].Name < active[j].Name })
	cw.Status.Active = active
	return o.enforceHistoryLimits(children)
}

// count adds a finished workflow to the succeeded or failed counter.
func (o *operation) count(wf *v1alpha1.Workflow) {
	switch wf.Status.Phase {
	case v1alpha1.WorkflowSucceeded:
		o.cw.Status.Succeeded++
	case v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
		o.cw.Status.Failed++
	}
}

func reference(wf *v1alpha1.Workflow) corev1.ObjectReference {
	return corev1.ObjectReference{
		Kind: "Workflow", APIVersion: v1alpha1.GroupVersion.String(),
		Namespace: wf.Namespace, Name: wf.Name, UID: wf.UID, ResourceVersion: wf.ResourceVersion,
	}
}

// enforceHistoryLimits keeps the newest finished workflows (by finish time) up to
// successfulJobsHistoryLimit (default 3) succeeded and failedJobsHistoryLimit (default 1)
// failed or errored ones, and deletes the rest.
func (o *operation) enforceHistoryLimits(children []v1alpha1.Workflow) error {
	var succeeded, failed []*v1alpha1.Workflow
	for i := range children {
		wf := &children[i]
		switch {
		case !wf.DeletionTimestamp.IsZero() || !wf.Status.Phase.Completed():
		case wf.Status.Phase == v1alpha1.WorkflowSucceeded:
			succeeded = append(succeeded, wf)
		default:
			failed = append(failed, wf)
		}
	}
	spec := o.cw.Spec
	if err := o.deleteOldest(succeeded, limit(spec.SuccessfulJobsHistoryLimit, defaultSuccessfulHistory), "successfulJobsHistoryLimit"); err != nil {
		return err
	}
	return o.deleteOldest(failed, limit(spec.FailedJobsHistoryLimit, defaultFailedHistory), "failedJobsHistoryLimit")
}

func limit(v *int32, def int) int {
	if v == nil || *v < 0 {
		return def
	}
	return int(*v)
}

func (o *operation) deleteOldest(wfs []*v1alpha1.Workflow, keep int, field string) error {
	if len(wfs) <= keep {
		return nil
	}
	finished := func(wf *v1alpha1.Workflow) time.Time {
		if wf.Status.FinishedAt != nil {
			return wf.Status.FinishedAt.Time
		}
		return wf.CreationTimestamp.Time
	}
	sort.SliceStable(wfs, func(i, j int) bool { return finished(wfs[i]).After(finished(wfs[j])) })
	for _, wf := range wfs[keep:] {
		if err := o.r.Client.Delete(o.ctx, wf, client.PropagationPolicy(metav1.DeletePropagationBackground)); client.IgnoreNotFound(err) != nil {
			return fmt.Errorf("deleting workflow %s (history limit): %w", wf.Name, err)
		}
		o.log.Info("Deleted a workflow beyond the history limit", "workflow", wf.Name, "limit", field, "keep", keep)
		o.event(corev1.EventTypeNormal, ReasonHistoryDeleted, nil, "Deleted workflow %s: %s keeps the newest %d", wf.Name, field, keep)
	}
	return nil
}

// newChild builds the Workflow for a scheduled time: spec from workflowSpec, labels and
// annotations from workflowMetadata, the cron-workflow label, the scheduled-time annotation,
// and the CronWorkflow as controlling owner (deleting it deletes its workflows).
func newChild(cw *v1alpha1.CronWorkflow, scheduled time.Time) *v1alpha1.Workflow {
	wf := &v1alpha1.Workflow{
		TypeMeta: metav1.TypeMeta{Kind: "Workflow", APIVersion: v1alpha1.GroupVersion.String()},
		ObjectMeta: metav1.ObjectMeta{
			Name:        ChildName(cw.Name, scheduled),
			Namespace:   cw.Namespace,
			Labels:      map[string]string{},
			Annotations: map[string]string{},
		},
		Spec: *cw.Spec.WorkflowSpec.DeepCopy(),
	}
	for _, k := range propagatedLabels {
		if v, ok := cw.Labels[k]; ok {
			wf.Labels[k] = v
		}
	}
	if md := cw.Spec.WorkflowMetadata; md != nil {
		for k, v := range md.Labels {
			wf.Labels[k] = v
		}
		for k, v := range md.Annotations {
			wf.Annotations[k] = v
		}
		wf.Finalizers = append(wf.Finalizers, md.Finalizers...)
	}
	wf.Labels[LabelCronWorkflow] = cw.Name
	// In the controller's zone, as upstream writes it (whatever the schedule's zone).
	wf.Annotations[AnnotationScheduledTime] = scheduled.Local().Format(time.RFC3339)
	wf.OwnerReferences = []metav1.OwnerReference{*metav1.NewControllerRef(cw, v1alpha1.GroupVersion.WithKind("CronWorkflow"))}
	return wf
}
