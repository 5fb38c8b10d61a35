package validate

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Messages shared with upstream Argo Rollouts, so users (and scripts) recognise them.
const (
	roMissingField          = "Rollout has missing field '%s'"
	roInvalidSetWeight      = "SetWeight needs to be between 0 and %d"
	roInvalidDuration       = "Duration needs to be greater than 0"
	roMaxSurgeMaxUnavail    = "MaxSurge and MaxUnavailable both can not be zero"
	roInvalidStep           = "Step must have one of the following set: experiment, setWeight, setCanaryScale or pause"
	roMultipleStrategies    = "Multiple Strategies can not be listed"
	roDupServicesBlueGreen  = "This rollout uses the same service for the active and preview services, but two different services are required."
	roDupServicesCanary     = "This rollout uses the same service for the stable and canary services, but two different services are required."
	roScaleDownLimit        = "This rollout's revision history limit can not be smaller than the rollout's scale down limit"
	roTrafficNeedsServices  = "Canary service and Stable service must to be set to use Traffic Routing"
	roAntiAffinityStrategy  = "AntiAffinity must have exactly one strategy listed"
	roAntiAffinityWeight    = "AntiAffinity weight must be between 1-100"
	roExperimentWeightNoTR  = "Experiment template weight cannot be set unless TrafficRouting is enabled"
	roExperimentWeightTR    = "Experiment template weight is only available for TrafficRouting with SMI, ALB, Istio and Plugins at this time"
	roCanaryScaleNeedsTR    = "SetCanaryScale requires TrafficRouting to be set"
	roHeaderRouteNeedsTR    = "SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix"
	roMirrorRouteNeedsTR    = "SetMirrorRoute requires TrafficRouting, supports Istio only"
	roRouteNotManaged       = "Steps define a route that does not exist in spec.strategy.canary.trafficRouting.managedRoutes"
	roStringMatchMultiple   = "StringMatch match value must have exactly one of the following: exact, regex, prefix"
	roStringMatchMissing    = "StringMatch value missed, match value must have one of the following: exact, regex, prefix"
	roScaleDownDelayNoTR    = "Canary scaleDownDelaySeconds can only be used with traffic routing"
	roDynamicStableNoTR     = "Canary dynamicStableScale can only be used with traffic routing"
	roDynamicStableAndDelay = "Canary dynamicStableScale cannot be used with scaleDownDelaySeconds"
	roMaxWeightNginxOnly    = "Canary maxTrafficWeight in traffic routing only support in Nginx and Plugins"
	roPingPongServices      = "Ping service and Pong service must to be set to use Ping-Pong feature"
	roDupPingPong           = "This rollout uses the same service for the ping and pong services, but two different services are required."
)

// Upstream defaults the checks depend on.
const (
	roDefaultRevisionHistoryLimit    = 10
	roDefaultProgressDeadlineSeconds = 600
)

// Rollout validates a Rollout as `kubectl argo rollouts lint` and the controller do. With
// opts.Lookup the Services and AnalysisTemplates it names are checked too.
func Rollout(ctx context.Context, r *v1alpha1.Rollout, opts Options) Result {
	var res Result
	spec := &r.Spec
	sp := field.NewPath("spec")
	res.Errors = append(res.Errors, oNonNegative(sp.Child("replicas"), spec.Replicas)...)
	res.Errors = append(res.Errors, rolloutSelectorAndTemplate(r, sp)...)
	res.Errors = append(res.Errors, oNonNegative(sp.Child("minReadySeconds"), &spec.MinReadySeconds)...)
	res.Errors = append(res.Errors, oNonNegative(sp.Child("revisionHistoryLimit"), spec.RevisionHistoryLimit)...)
	pds := int32(roDefaultProgressDeadlineSeconds)
	if spec.ProgressDeadlineSeconds != nil {
		pds = *spec.ProgressDeadlineSeconds
	}
	if pds < 0 {
		res.Errors = append(res.Errors, field.Invalid(sp.Child("progressDeadlineSeconds"), pds, "must be greater than or equal to 0"))
	} else if pds <= spec.MinReadySeconds {
		res.Errors = append(res.Errors, field.Invalid(sp.Child("progressDeadlineSeconds"), pds, "must be greater than minReadySeconds"))
	}
	if a := spec.Analysis; a != nil {
		res.Errors = append(res.Errors, oNonNegative(sp.Child("analysis", "successfulRunHistoryLimit"), a.SuccessfulRunHistoryLimit)...)
		res.Errors = append(res.Errors, oNonNegative(sp.Child("analysis", "unsuccessfulRunHistoryLimit"), a.UnsuccessfulRunHistoryLimit)...)
	}

	st := spec.Strategy
	stp := sp.Child("strategy")
	switch {
	case st.BlueGreen == nil && st.Canary == nil:
		res.Errors = append(res.Errors, field.Required(stp, fmt.Sprintf(roMissingField, ".spec.strategy.canary or .spec.strategy.blueGreen")))
	case st.BlueGreen != nil && st.Canary != nil:
		res.Errors = append(res.Errors, field.Invalid(stp, "blueGreen: true canary: true", roMultipleStrategies))
	case st.BlueGreen != nil:
		res.Merge(rolloutBlueGreen(r, stp.Child("blueGreen")))
	default:
		res.Merge(rolloutCanary(r, stp.Child("canary")))
	}
	res.Merge(rolloutReferences(ctx, r, opts))
	return res
}

// rolloutSelectorAndTemplate: a non-empty selector matching the template's labels, and a
// template or a workloadRef, never both.
func rolloutSelectorAndTemplate(r *v1alpha1.Rollout, sp *field.Path) field.ErrorList {
	var errs field.ErrorList
	spec := &r.Spec
	if ref := spec.WorkloadRef; ref != nil {
		rp := sp.Child("workloadRef")
		if ref.Name == "" {
			errs = append(errs, field.Required(rp.Child("name"), ""))
		}
		if ref.Kind == "" {
			errs = append(errs, field.Required(rp.Child("kind"), ""))
		}
		if ref.APIVersion == "" {
			errs = append(errs, field.Required(rp.Child("apiVersion"), ""))
		}
		switch ref.ScaleDown {
		case "", "never", "onsuccess", "progressively":
		default:
			errs = append(errs, field.NotSupported(rp.Child("scaleDown"), ref.ScaleDown, []string{"never", "onsuccess", "progressively"}))
		}
		if !rolloutTemplateEmpty(spec.Template) {
			errs = append(errs, field.Invalid(sp.Child("template"), "<pod template>", "template must be empty for workload reference rollout"))
		}
		if spec.Selector != nil {
			errs = append(errs, metav1validation.ValidateLabelSelector(spec.Selector, metav1validation.LabelSelectorValidationOptions{}, sp.Child("selector"))...)
		}
		return errs
	}
	if spec.Selector == nil {
		errs = append(errs, field.Required(sp.Child("selector"), fmt.Sprintf(roMissingField, ".spec.selector")))
	} else {
		errs = append(errs, metav1validation.ValidateLabelSelector(spec.Selector, metav1validation.LabelSelectorValidationOptions{}, sp.Child("selector"))...)
		if len(spec.Selector.MatchLabels)+len(spec.Selector.MatchExpressions) == 0 {
			errs = append(errs, field.Invalid(sp.Child("selector"), spec.Selector, "empty selector is invalid for deployment"))
		}
	}
	if spec.Template == nil {
		errs = append(errs, field.Required(sp.Child("template"), fmt.Sprintf(roMissingField, ".spec.template")))
		return errs
	}
	if len(spec.Template.Spec.Containers) == 0 {
		errs = append(errs, field.Required(sp.Child("template", "spec", "containers"), "must have at least one container"))
	}
	if spec.Selector != nil {
		errs = append(errs, oSelectorMatches(spec.Selector, spec.Template.Labels, sp.Child("selector"), sp.Child("template", "metadata", "labels"))...)
	}
	return errs
}

// oSelectorMatches checks that a selector is valid and selects the given pod labels.
func oSelectorMatches(sel *metav1.LabelSelector, podLabels map[string]string, selPath, labelsPath *field.Path) field.ErrorList {
	if sel == nil || len(sel.MatchLabels)+len(sel.MatchExpressions) == 0 {
		return nil
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		return field.ErrorList{field.Invalid(selPath, sel, "invalid label selector")}
	}
	if !s.Matches(labels.Set(podLabels)) {
		return field.ErrorList{field.Invalid(labelsPath, podLabels, "`selector` does not match template `labels`")}
	}
	return nil
}

func rolloutTemplateEmpty(t *corev1.PodTemplateSpec) bool {
	return t == nil || equality.Semantic.DeepEqual(*t, corev1.PodTemplateSpec{})
}

func rolloutBlueGreen(r *v1alpha1.Rollout, p *field.Path) Result {
	var res Result
	bg := r.Spec.Strategy.BlueGreen
	if bg.ActiveService == "" {
		res.Errors = append(res.Errors, field.Required(p.Child("activeService"), ""))
	} else if bg.ActiveService == bg.PreviewService {
		res.Errors = append(res.Errors, field.Invalid(p.Child("activeService"), bg.ActiveService, roDupServicesBlueGreen))
	}
	if bg.AutoPromotionSeconds < 0 {
		res.Errors = append(res.Errors, field.Invalid(p.Child("autoPromotionSeconds"), bg.AutoPromotionSeconds, "must be greater than or equal to 0"))
	}
	res.Errors = append(res.Errors, oNonNegative(p.Child("previewReplicaCount"), bg.PreviewReplicaCount)...)
	res.Errors = append(res.Errors, oNonNegative(p.Child("scaleDownDelaySeconds"), bg.ScaleDownDelaySeconds)...)
	res.Errors = append(res.Errors, oNonNegative(p.Child("abortScaleDownDelaySeconds"), bg.AbortScaleDownDelaySeconds)...)
	if bg.MaxUnavailable != nil {
		res.Errors = append(res.Errors, rolloutIntOrPercent(p.Child("maxUnavailable"), bg.MaxUnavailable)...)
	}
	if lim := bg.ScaleDownDelayRevisionLimit; lim != nil && rolloutRevisionHistoryLimit(r) < *lim {
		res.Errors = append(res.Errors, field.Invalid(p.Child("scaleDownDelayRevisionLimit"), *lim, roScaleDownLimit))
	}
	res.Errors = append(res.Errors, rolloutAntiAffinity(bg.AntiAffinity, p.Child("antiAffinity"))...)
	if bg.PrePromotionAnalysis != nil {
		res.Errors = append(res.Errors, rolloutAnalysisRef(r, bg.PrePromotionAnalysis, p.Child("prePromotionAnalysis"))...)
	}
	if bg.PostPromotionAnalysis != nil {
		res.Errors = append(res.Errors, rolloutAnalysisRef(r, bg.PostPromotionAnalysis, p.Child("postPromotionAnalysis"))...)
	}
	return res
}

func rolloutRevisionHistoryLimit(r *v1alpha1.Rollout) int32 {
	if r.Spec.RevisionHistoryLimit != nil {
		return *r.Spec.RevisionHistoryLimit
	}
	return roDefaultRevisionHistoryLimit
}

func rolloutAntiAffinity(a *v1alpha1.RolloutAntiAffinity, p *field.Path) field.ErrorList {
	if a == nil {
		return nil
	}
	var errs field.ErrorList
	pref, req := a.PreferredDuringSchedulingIgnoredDuringExecution, a.RequiredDuringSchedulingIgnoredDuringExecution
	if (pref == nil) == (req == nil) {
		errs = append(errs, field.Invalid(p, fmt.Sprintf("preferred: %t required: %t", pref != nil, req != nil), roAntiAffinityStrategy))
	}
	if pref != nil && (pref.Weight < 1 || pref.Weight > 100) {
		errs = append(errs, field.Invalid(p.Child("weight"), pref.Weight, roAntiAffinityWeight))
	}
	return errs
}

// rolloutAnalysisRef checks an analysis step or promotion analysis: templates named, argument
// names unique, valueFrom well formed.
func rolloutAnalysisRef(r *v1alpha1.Rollout, a *v1alpha1.RolloutAnalysis, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(a.Templates) == 0 {
		errs = append(errs, field.Required(p.Child("templates"), "at least one analysis template must be referenced"))
	}
	for i, t := range a.Templates {
		if t.TemplateName == "" {
			errs = append(errs, field.Required(p.Child("templates").Index(i).Child("templateName"), ""))
		}
	}
	errs = append(errs, rolloutArgs(r, a.Args, p.Child("args"))...)
	return errs
}

// rolloutArgs checks analysis arguments given by a Rollout.
func rolloutArgs(r *v1alpha1.Rollout, args []v1alpha1.RolloutAnalysisArgument, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	names := oNames{}
	for i, a := range args {
		ap := p.Index(i)
		if a.Name == "" {
			errs = append(errs, field.Required(ap.Child("name"), ""))
		}
		if e := names.oUnique(ap.Child("name"), a.Name); e != nil {
			errs = append(errs, e)
		}
		vf := a.ValueFrom
		if vf == nil {
			continue
		}
		if a.Value != "" {
			errs = append(errs, field.Invalid(ap, a.Name, "value and valueFrom are mutually exclusive"))
		}
		if (vf.PodTemplateHashValue == nil) == (vf.FieldRef == nil) {
			errs = append(errs, field.Invalid(ap.Child("valueFrom"), a.Name, "exactly one of podTemplateHashValue and fieldRef must be set"))
		}
		if h := vf.PodTemplateHashValue; h != nil && *h != "Stable" && *h != "Latest" {
			errs = append(errs, field.NotSupported(ap.Child("valueFrom", "podTemplateHashValue"), *h, []string{"Stable", "Latest"}))
		}
		if f := vf.FieldRef; f != nil && f.FieldPath == "" {
			errs = append(errs, field.Required(ap.Child("valueFrom", "fieldRef", "fieldPath"), ""))
		}
	}
	return errs
}
