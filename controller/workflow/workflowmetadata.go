package workflow

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// applyWorkflowMetadata carries out spec.workflowMetadata as upstream: its labels and
// annotations, and labelsFrom values computed by expressions over the workflow's variables
// ({{workflow.*}} as nested maps: workflow.parameters.x, workflow.name...), are set on the
// Workflow object itself, overriding values already there. It runs when the workflow starts
// and is idempotent. A bad expression or value is the returned message (the workflow
// errors); err is for API failures worth a retry.
func (o *operation) applyWorkflowMetadata() (msg string, err error) {
	md := o.wf.Spec.WorkflowMetadata
	if md == nil {
		return "", nil
	}
	labels := maps.Clone(md.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	sc := o.workflowScope()
	for _, name := range slices.Sorted(maps.Keys(md.LabelsFrom)) {
		src := md.LabelsFrom[name].Expression
		v, err := sc.eval(src)
		if err != nil {
			return fmt.Sprintf("spec.workflowMetadata.labelsFrom.%s: evaluating %q: %v", name, src, err), nil
		}
		s, ok := v.(string)
		if !ok {
			return fmt.Sprintf("spec.workflowMetadata.labelsFrom.%s: %q gives a %T, a label value must be a string", name, src, v), nil
		}
		labels[name] = s
	}
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			return fmt.Sprintf("spec.workflowMetadata: label name %q: %s", k, strings.Join(errs, "; ")), nil
		}
		if errs := validation.IsValidLabelValue(labels[k]); len(errs) > 0 {
			return fmt.Sprintf("spec.workflowMetadata: label %s value %q: %s", k, labels[k], strings.Join(errs, "; ")), nil
		}
	}
	for _, k := range slices.Sorted(maps.Keys(md.Annotations)) {
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			return fmt.Sprintf("spec.workflowMetadata: annotation name %q: %s", k, strings.Join(errs, "; ")), nil
		}
	}
	if subset(labels, o.wf.Labels) && subset(md.Annotations, o.wf.Annotations) {
		return "", nil
	}
	// Patch a copy: the patch response would replace the status this reconcile is building.
	patched := o.wf.DeepCopy()
	if patched.Labels == nil {
		patched.Labels = map[string]string{}
	}
	if patched.Annotations == nil && len(md.Annotations) > 0 {
		patched.Annotations = map[string]string{}
	}
	maps.Copy(patched.Labels, labels)
	maps.Copy(patched.Annotations, md.Annotations)
	if err := o.r.Client.Patch(o.ctx, patched, client.MergeFrom(o.wf)); err != nil {
		return "", fmt.Errorf("setting spec.workflowMetadata on workflow %s: %w", wfKey(o.wf), err)
	}
	o.wf.Labels, o.wf.Annotations = patched.Labels, patched.Annotations
	return "", nil
}

// subset says whether every entry of a is in b.
func subset(a, b map[string]string) bool {
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
