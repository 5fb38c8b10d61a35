package validate

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// rolloutPodTemplateHashLabel is the label the controller adds to pods; Services may select it.
const rolloutPodTemplateHashLabel = "rollouts-pod-template-hash"

type rolloutServiceRef struct {
	path *field.Path
	name string
	// metadata holds the extra pod labels the controller adds for that role (canaryMetadata...).
	metadata *v1alpha1.RolloutPodMetadata
}

// rolloutReferences checks, through opts.Lookup, the Services and AnalysisTemplates a Rollout
// names: a missing one is a warning (it may be created later, upstream reports it at run
// time); a Service whose selector would not select the Rollout's pods is an error.
func rolloutReferences(ctx context.Context, r *v1alpha1.Rollout, opts Options) Result {
	var res Result
	if opts.Lookup == nil {
		return res
	}
	ns := r.Namespace
	for _, s := range rolloutServices(r) {
		var svc corev1.Service
		found, missing, err := oGet(ctx, opts, ns, s.name, &svc)
		switch {
		case err != nil:
			res.Warnf(s.path, "could not look Service %q up: %v", s.name, err)
		case missing:
			res.Warnf(s.path, "Service %q not found", s.name)
		case found && r.Spec.Template != nil:
			for _, k := range oSortedKeys(svc.Spec.Selector) {
				v := svc.Spec.Selector[k]
				if k == rolloutPodTemplateHashLabel {
					continue
				}
				if got, ok := r.Spec.Template.Labels[k]; ok && got == v {
					continue
				}
				if s.metadata != nil && s.metadata.Labels[k] == v {
					continue
				}
				res.Errors = append(res.Errors, field.Invalid(s.path, s.name, fmt.Sprintf("Service %q has unmatch label %q in rollout", s.name, k)))
			}
		}
	}
	for _, t := range rolloutTemplateRefs(r) {
		var obj runtime.Object
		kind := "AnalysisTemplate"
		namespace := ns
		if t.clusterScope {
			kind, namespace = "ClusterAnalysisTemplate", ""
			obj = &v1alpha1.ClusterAnalysisTemplate{}
		} else {
			obj = &v1alpha1.AnalysisTemplate{}
		}
		_, missing, err := oGet(ctx, opts, namespace, t.name, obj)
		switch {
		case err != nil:
			res.Warnf(t.path, "could not look %s %q up: %v", kind, t.name, err)
		case missing:
			res.Warnf(t.path, "%s %q not found", kind, t.name)
		}
	}
	return res
}

func rolloutServices(r *v1alpha1.Rollout) []rolloutServiceRef {
	var out []rolloutServiceRef
	add := func(p *field.Path, name string, md *v1alpha1.RolloutPodMetadata) {
		if name != "" {
			out = append(out, rolloutServiceRef{p, name, md})
		}
	}
	sp := field.NewPath("spec", "strategy")
	if c := r.Spec.Strategy.Canary; c != nil {
		cp := sp.Child("canary")
		add(cp.Child("canaryService"), c.CanaryService, c.CanaryMetadata)
		add(cp.Child("stableService"), c.StableService, c.StableMetadata)
		if pp := c.PingPong; pp != nil {
			add(cp.Child("pingPong", "pingService"), pp.PingService, nil)
			add(cp.Child("pingPong", "pongService"), pp.PongService, nil)
		}
	}
	if bg := r.Spec.Strategy.BlueGreen; bg != nil {
		bp := sp.Child("blueGreen")
		add(bp.Child("activeService"), bg.ActiveService, bg.ActiveMetadata)
		add(bp.Child("previewService"), bg.PreviewService, bg.PreviewMetadata)
	}
	return out
}

type rolloutTemplateRef struct {
	path         *field.Path
	name         string
	clusterScope bool
}

// rolloutTemplateRefs lists every AnalysisTemplate a Rollout names.
func rolloutTemplateRefs(r *v1alpha1.Rollout) []rolloutTemplateRef {
	var out []rolloutTemplateRef
	fromAnalysis := func(p *field.Path, a *v1alpha1.RolloutAnalysis) {
		if a == nil {
			return
		}
		for i, t := range a.Templates {
			if t.TemplateName != "" && !oTemplated(t.TemplateName) {
				out = append(out, rolloutTemplateRef{p.Child("templates").Index(i).Child("templateName"), t.TemplateName, t.ClusterScope})
			}
		}
	}
	sp := field.NewPath("spec", "strategy")
	if c := r.Spec.Strategy.Canary; c != nil {
		cp := sp.Child("canary")
		if c.Analysis != nil {
			fromAnalysis(cp.Child("analysis"), &c.Analysis.RolloutAnalysis)
		}
		for i, s := range c.Steps {
			stp := cp.Child("steps").Index(i)
			fromAnalysis(stp.Child("analysis"), s.Analysis)
			if s.Experiment != nil {
				for j, a := range s.Experiment.Analyses {
					if a.TemplateName != "" {
						out = append(out, rolloutTemplateRef{stp.Child("experiment", "analyses").Index(j).Child("templateName"), a.TemplateName, a.ClusterScope})
					}
				}
			}
		}
	}
	if bg := r.Spec.Strategy.BlueGreen; bg != nil {
		fromAnalysis(sp.Child("blueGreen", "prePromotionAnalysis"), bg.PrePromotionAnalysis)
		fromAnalysis(sp.Child("blueGreen", "postPromotionAnalysis"), bg.PostPromotionAnalysis)
	}
	return out
}
