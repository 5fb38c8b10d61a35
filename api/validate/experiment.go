package validate

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Experiment validates an Experiment: uniquely named templates with a pod spec and a selector
// matching their labels, a duration that parses, analyses naming a template. With
// opts.Lookup, missing AnalysisTemplates are warnings.
func Experiment(ctx context.Context, e *v1alpha1.Experiment, opts Options) Result {
	var res Result
	sp := field.NewPath("spec")
	add := func(errs ...*field.Error) { res.Errors = append(res.Errors, errs...) }
	if len(e.Spec.Templates) == 0 {
		add(field.Required(sp.Child("templates"), "an Experiment needs at least one template"))
	}
	add(rolloutExperimentDuration(sp.Child("duration"), e.Spec.Duration)...)
	add(oNonNegative(sp.Child("progressDeadlineSeconds"), e.Spec.ProgressDeadlineSeconds)...)
	add(oNonNegative(sp.Child("scaleDownDelaySeconds"), e.Spec.ScaleDownDelaySeconds)...)
	names := oNames{}
	for i := range e.Spec.Templates {
		t := &e.Spec.Templates[i]
		tp := sp.Child("templates").Index(i)
		if t.Name == "" {
			add(field.Required(tp.Child("name"), ""))
		}
		if err := names.oUnique(tp.Child("name"), t.Name); err != nil {
			add(err)
		}
		add(oNonNegative(tp.Child("replicas"), t.Replicas)...)
		add(oNonNegative(tp.Child("minReadySeconds"), &t.MinReadySeconds)...)
		if len(t.Template.Spec.Containers) == 0 {
			add(field.Required(tp.Child("template", "spec", "containers"), fmt.Sprintf("template %s has no pod spec", t.Name)))
		}
		if t.Selector == nil || len(t.Selector.MatchLabels)+len(t.Selector.MatchExpressions) == 0 {
			add(field.Required(tp.Child("selector"), "a template needs a non-empty selector"))
		} else {
			add(oSelectorMatches(t.Selector, t.Template.Labels, tp.Child("selector"), tp.Child("template", "metadata", "labels"))...)
		}
	}
	anames := oNames{}
	for i, a := range e.Spec.Analyses {
		ap := sp.Child("analyses").Index(i)
		if a.Name == "" {
			add(field.Required(ap.Child("name"), ""))
		}
		if err := anames.oUnique(ap.Child("name"), a.Name); err != nil {
			add(err)
		}
		if a.TemplateName == "" {
			add(field.Required(ap.Child("templateName"), ""))
			continue
		}
		add(analysisArgs(a.Args, ap.Child("args"))...)
		kind, ns := "AnalysisTemplate", e.Namespace
		if a.ClusterScope {
			kind, ns = "ClusterAnalysisTemplate", ""
		}
		if opts.Lookup == nil || oTemplated(a.TemplateName) {
			continue
		}
		var missing bool
		var err error
		if a.ClusterScope {
			_, missing, err = oGet(ctx, opts, ns, a.TemplateName, &v1alpha1.ClusterAnalysisTemplate{})
		} else {
			_, missing, err = oGet(ctx, opts, ns, a.TemplateName, &v1alpha1.AnalysisTemplate{})
		}
		switch {
		case err != nil:
			res.Warnf(ap.Child("templateName"), "could not look %s %q up: %v", kind, a.TemplateName, err)
		case missing:
			res.Warnf(ap.Child("templateName"), "%s %q not found", kind, a.TemplateName)
		}
	}
	add(analysisDryRun(nil, e.Spec.DryRun, e.Spec.MeasurementRetention, sp)...)
	return res
}
