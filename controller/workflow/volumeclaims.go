package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// spec.volumeClaimTemplates: before the first pod, one PersistentVolumeClaim per template,
// named "<workflow>-<claim>" as upstream and owned by the Workflow. status.persistentVolumeClaims
// records each as a volume named after the claim template, pointing at the real claim, so a
// volumeMount by the template's name works in any pod. volumeClaimGC deletes them when the
// workflow completes (OnWorkflowSuccess, upstream's default, keeps them after a failure for
// debugging); the Workflow's deletion removes any left through the owner reference.

// createVolumeClaims creates the claims not yet recorded in the status. It reports whether
// the workflow was failed (a claim that cannot be created, or a name already taken).
func (o *operation) createVolumeClaims() (failed bool, err error) {
	wf := o.wf
	for i := range wf.Spec.VolumeClaimTemplates {
		tmpl := &wf.Spec.VolumeClaimTemplates[i]
		ref := tmpl.ObjectMeta.Name
		if slices.ContainsFunc(wf.Status.PersistentVolumeClaims, func(v corev1.Volume) bool { return v.Name == ref }) {
			continue
		}
		pvc, err := o.claimFromTemplate(tmpl)
		if err != nil {
			o.finishWorkflow(v1alpha1.WorkflowError, err.Error())
			return true, nil
		}
		err = o.r.Client.Create(o.ctx, pvc)
		switch {
		case apierrors.IsAlreadyExists(err):
			// Ours from an earlier reconcile whose status write was lost, or someone else's.
			existing := &corev1.PersistentVolumeClaim{}
			if err := o.r.reader().Get(o.ctx, client.ObjectKeyFromObject(pvc), existing); err != nil {
				return false, fmt.Errorf("reading persistentVolumeClaim %s: %w", pvc.Name, err)
			}
			if !metav1.IsControlledBy(existing, wf) {
				o.finishWorkflow(v1alpha1.WorkflowError, fmt.Sprintf(
					"spec.volumeClaimTemplates[%d]: persistentVolumeClaim %s already exists and is not owned by this workflow", i, pvc.Name))
				return true, nil
			}
		case apierrors.IsForbidden(err), apierrors.IsInvalid(err):
			o.finishWorkflow(v1alpha1.WorkflowError, fmt.Sprintf("spec.volumeClaimTemplates[%d]: creating persistentVolumeClaim %s: %v", i, pvc.Name, err))
			return true, nil
		case err != nil:
			return false, fmt.Errorf("creating persistentVolumeClaim %s: %w", pvc.Name, err)
		default:
			o.r.Recorder.Eventf(wf, nil, corev1.EventTypeNormal, "PersistentVolumeClaimCreated", "Create",
				"Created persistentVolumeClaim %s for volume %s", pvc.Name, ref)
		}
		wf.Status.PersistentVolumeClaims = append(wf.Status.PersistentVolumeClaims, corev1.Volume{
			Name:         ref,
			VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: pvc.Name}},
		})
	}
	return false, nil
}

// claimFromTemplate renders a claim template with the workflow's {{workflow.*}} tags resolved.
func (o *operation) claimFromTemplate(tmpl *v1alpha1.VolumeClaimTemplate) (*corev1.PersistentVolumeClaim, error) {
	doc, err := json.Marshal(tmpl)
	if err != nil {
		return nil, err
	}
	if doc, err = o.globals.substituteJSON(doc); err != nil {
		return nil, fmt.Errorf("spec.volumeClaimTemplates %q: %v", tmpl.ObjectMeta.Name, err)
	}
	resolved := &v1alpha1.VolumeClaimTemplate{}
	if err := json.Unmarshal(doc, resolved); err != nil {
		return nil, fmt.Errorf("spec.volumeClaimTemplates %q: %v", tmpl.ObjectMeta.Name, err)
	}
	pvc := resolved.ToPersistentVolumeClaim()
	pvc.TypeMeta = metav1.TypeMeta{}
	pvc.Status = corev1.PersistentVolumeClaimStatus{}
	pvc.ObjectMeta = metav1.ObjectMeta{
		Name:        o.wf.Name + "-" + tmpl.ObjectMeta.Name,
		Namespace:   o.wf.Namespace,
		Labels:      maps.Clone(resolved.ObjectMeta.Labels),
		Annotations: maps.Clone(resolved.ObjectMeta.Annotations),
		OwnerReferences: []metav1.OwnerReference{{
			APIVersion: v1alpha1.GroupVersion.String(), Kind: "Workflow", Name: o.wf.Name, UID: o.wf.UID,
			Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true),
		}},
	}
	if pvc.Labels == nil {
		pvc.Labels = map[string]string{}
	}
	pvc.Labels[LabelWorkflow] = o.wf.Name
	return &pvc, nil
}

// addClaimVolumes adds the workflow's claims to a pod whose containers mount them by the
// claim template's name, as upstream; a pod that does not mount one is not tied to it (a
// ReadWriteOnce claim would pin every pod to one node). A volume of the pod's own with the
// same name wins.
func addClaimVolumes(pod *corev1.Pod, claims []corev1.Volume) {
	for _, v := range claims {
		if slices.ContainsFunc(pod.Spec.Volumes, func(p corev1.Volume) bool { return p.Name == v.Name }) || !mounts(pod, v.Name) {
			continue
		}
		pod.Spec.Volumes = append(pod.Spec.Volumes, *v.DeepCopy())
	}
}

func mounts(pod *corev1.Pod, volume string) bool {
	for _, cs := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for _, c := range cs {
			if slices.ContainsFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool { return m.Name == volume }) {
				return true
			}
		}
	}
	return false
}

// deleteVolumeClaims runs volumeClaimGC on a completed workflow: it deletes the recorded
// claims unless the strategy keeps them, and forgets those that are gone, so a failed delete
// is retried on the next reconcile.
func (r *Reconciler) deleteVolumeClaims(ctx context.Context, wf *v1alpha1.Workflow) error {
	if len(wf.Status.PersistentVolumeClaims) == 0 {
		return nil
	}
	strategy := v1alpha1.VolumeClaimGCOnSuccess
	if gc := wf.Spec.VolumeClaimGC; gc != nil && gc.Strategy != "" {
		strategy = gc.Strategy
	}
	if strategy == v1alpha1.VolumeClaimGCOnSuccess && wf.Status.Phase != v1alpha1.WorkflowSucceeded {
		return nil
	}
	var kept []corev1.Volume
	var firstErr error
	for _, v := range wf.Status.PersistentVolumeClaims {
		if v.PersistentVolumeClaim == nil {
			continue
		}
		pvc := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Namespace: wf.Namespace, Name: v.PersistentVolumeClaim.ClaimName}}
		if err := r.Client.Delete(ctx, pvc); client.IgnoreNotFound(err) != nil {
			kept = append(kept, v)
			if firstErr == nil {
				firstErr = fmt.Errorf("deleting persistentVolumeClaim %s of workflow %s (volumeClaimGC %s): %w", pvc.Name, wfKey(wf), strategy, err)
			}
			continue
		}
		r.Recorder.Eventf(wf, nil, corev1.EventTypeNormal, "PersistentVolumeClaimDeleted", "Delete",
			"Deleted persistentVolumeClaim %s (volumeClaimGC %s)", pvc.Name, strategy)
	}
	wf.Status.PersistentVolumeClaims = kept
	return firstErr
}

// reader reads objects the controller does not cache (nil APIReader: the client).
func (r *Reconciler) reader() client.Reader {
	if r.APIReader != nil {
		return r.APIReader
	}
	return r.Client
}
