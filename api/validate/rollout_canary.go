package validate

import (
	"fmt"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func rolloutCanary(r *v1alpha1.Rollout, p *field.Path) Result {
	var res Result
	c := r.Spec.Strategy.Canary
	tr := c.TrafficRouting
	add := func(errs ...*field.Error) { res.Errors = append(res.Errors, errs...) }

	if c.MaxSurge != nil {
		add(rolloutIntOrPercent(p.Child("maxSurge"), c.MaxSurge)...)
	}
	if c.MaxUnavailable != nil {
		add(rolloutIntOrPercent(p.Child("maxUnavailable"), c.MaxUnavailable)...)
	}
	surge, unavail := intstr.FromString("25%"), intstr.FromString("25%")
	if c.MaxSurge != nil {
		surge = *c.MaxSurge
	}
	if c.MaxUnavailable != nil {
		unavail = *c.MaxUnavailable
	}
	if rolloutIntOrPercentValue(surge) == 0 && rolloutIntOrPercentValue(unavail) == 0 {
		add(field.Invalid(p.Child("maxSurge"), surge.String(), roMaxSurgeMaxUnavail))
	}
	if c.CanaryService != "" && c.CanaryService == c.StableService {
		add(field.Invalid(p.Child("stableService"), c.StableService, roDupServicesCanary))
	}
	if pp := c.PingPong; pp != nil {
		if pp.PingService == "" {
			add(field.Invalid(p.Child("pingPong", "pingService"), pp.PingService, roPingPongServices))
		}
		if pp.PongService == "" {
			add(field.Invalid(p.Child("pingPong", "pongService"), pp.PongService, roPingPongServices))
		}
		if pp.PingService != "" && pp.PingService == pp.PongService {
			add(field.Invalid(p.Child("pingPong", "pingService"), pp.PingService, roDupPingPong))
		}
	}
	if rolloutNeedsCanaryStable(c) {
		if c.StableService == "" {
			add(field.Invalid(p.Child("stableService"), c.StableService, roTrafficNeedsServices))
		}
		if c.CanaryService == "" {
			add(field.Invalid(p.Child("canaryService"), c.CanaryService, roTrafficNeedsServices))
		}
	}
	add(oNonNegative(p.Child("scaleDownDelaySeconds"), c.ScaleDownDelaySeconds)...)
	add(oNonNegative(p.Child("abortScaleDownDelaySeconds"), c.AbortScaleDownDelaySeconds)...)
	add(oNonNegative(p.Child("minPodsPerReplicaSet"), c.MinPodsPerReplicaSet)...)
	if tr == nil {
		if c.ScaleDownDelaySeconds != nil {
			add(field.Invalid(p.Child("scaleDownDelaySeconds"), *c.ScaleDownDelaySeconds, roScaleDownDelayNoTR))
		}
		if c.DynamicStableScale {
			add(field.Invalid(p.Child("dynamicStableScale"), true, roDynamicStableNoTR))
		}
	} else {
		if c.ScaleDownDelaySeconds != nil && c.DynamicStableScale {
			add(field.Invalid(p.Child("dynamicStableScale"), true, roDynamicStableAndDelay))
		}
		if tr.MaxTrafficWeight != nil && tr.Nginx == nil && len(tr.Plugins) == 0 {
			add(field.Invalid(p.Child("trafficRouting", "maxTrafficWeight"), *tr.MaxTrafficWeight, roMaxWeightNginxOnly))
		}
		add(rolloutTrafficRouting(tr, p.Child("trafficRouting"))...)
	}
	if t := c.ReplicaProgressThreshold; t != nil {
		switch t.Type {
		case "Percent":
			if t.Value < 0 || t.Value > 100 {
				add(field.Invalid(p.Child("replicaProgressThreshold", "value"), t.Value, "must be between 0 and 100"))
			}
		case "Pod":
			add(oNonNegative(p.Child("replicaProgressThreshold", "value"), &t.Value)...)
		default:
			add(field.NotSupported(p.Child("replicaProgressThreshold", "type"), t.Type, []string{"Percent", "Pod"}))
		}
	}
	add(rolloutAntiAffinity(c.AntiAffinity, p.Child("antiAffinity"))...)
	if a := c.Analysis; a != nil {
		ap := p.Child("analysis")
		add(rolloutAnalysisRef(r, &a.RolloutAnalysis, ap)...)
		if s := a.StartingStep; s != nil && (*s < 0 || int(*s) > len(c.Steps)) {
			add(field.Invalid(ap.Child("startingStep"), *s, fmt.Sprintf("must be between 0 and the number of steps (%d)", len(c.Steps))))
		}
	}
	res.Merge(rolloutSteps(r, p))
	return res
}

// rolloutNeedsCanaryStable: traffic routers that split between two Services need both.
func rolloutNeedsCanaryStable(c *v1alpha1.CanaryStrategy) bool {
	tr := c.TrafficRouting
	if tr == nil {
		return false
	}
	return (tr.ALB != nil && c.PingPong == nil) ||
		(tr.Istio != nil && tr.Istio.DestinationRule == nil && c.PingPong == nil) ||
		tr.SMI != nil || tr.Apisix != nil || tr.Ambassador != nil || tr.Nginx != nil ||
		tr.AppMesh != nil || tr.Traefik != nil
}

func rolloutTrafficRouting(tr *v1alpha1.RolloutTrafficRouting, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if is := tr.Istio; is != nil {
		ip := p.Child("istio")
		if (is.VirtualService == nil) == (len(is.VirtualServices) == 0) {
			errs = append(errs, field.Invalid(ip, "virtualService/virtualServices", "either VirtualService or VirtualServices must be configured"))
		}
		if is.VirtualService != nil && is.VirtualService.Name == "" {
			errs = append(errs, field.Required(ip.Child("virtualService", "name"), ""))
		}
		for i, vs := range is.VirtualServices {
			if vs.Name == "" {
				errs = append(errs, field.Required(ip.Child("virtualServices").Index(i).Child("name"), ""))
			}
		}
		if dr := is.DestinationRule; dr != nil {
			dp := ip.Child("destinationRule")
			for _, f := range []struct{ name, v string }{{"name", dr.Name}, {"canarySubsetName", dr.CanarySubsetName}, {"stableSubsetName", dr.StableSubsetName}} {
				if f.v == "" {
					errs = append(errs, field.Required(dp.Child(f.name), ""))
				}
			}
			if dr.CanarySubsetName != "" && dr.CanarySubsetName == dr.StableSubsetName {
				errs = append(errs, field.Invalid(dp.Child("canarySubsetName"), dr.CanarySubsetName, "canary and stable subsets must differ"))
			}
		}
	}
	if ng := tr.Nginx; ng != nil {
		single, multi := ng.StableIngress != "", len(ng.StableIngresses) > 0
		if single && multi {
			errs = append(errs, field.Invalid(p.Child("nginx"), ng.StableIngress, "Either StableIngress or StableIngresses must be configured. Both are configured."))
		} else if !single && !multi {
			errs = append(errs, field.Required(p.Child("nginx", "stableIngress"), "Either StableIngress or StableIngresses must be configured. Neither are configured."))
		}
	}
	if smi := tr.SMI; smi != nil && smi.TrafficSplitName != "" {
		for _, m := range validation.IsDNS1123Subdomain(smi.TrafficSplitName) {
			errs = append(errs, field.Invalid(p.Child("smi", "trafficSplitName"), smi.TrafficSplitName, m))
		}
	}
	names := oNames{}
	for i, mr := range tr.ManagedRoutes {
		mp := p.Child("managedRoutes").Index(i).Child("name")
		if mr.Name == "" {
			errs = append(errs, field.Required(mp, ""))
		}
		if e := names.oUnique(mp, mr.Name); e != nil {
			errs = append(errs, e)
		}
	}
	return errs
}

func rolloutSteps(r *v1alpha1.Rollout, p *field.Path) Result {
	var res Result
	c := r.Spec.Strategy.Canary
	tr := c.TrafficRouting
	maxWeight := int32(100)
	if tr != nil && tr.MaxTrafficWeight != nil {
		maxWeight = *tr.MaxTrafficWeight
	}
	add := func(errs ...*field.Error) { res.Errors = append(res.Errors, errs...) }
	lastWeight, lastWeightStep := int32(-1), -1
	for i, s := range c.Steps {
		sp := p.Child("steps").Index(i)
		kinds := rolloutStepKinds(s)
		if len(kinds) == 0 {
			add(field.Invalid(sp, "{}", roInvalidStep))
		} else if main := rolloutMainKinds(kinds); len(main) > 1 {
			add(field.Invalid(sp, strings.Join(main, ", "), "a step must set only one of setWeight, pause, experiment and analysis"))
		}
		if w := s.SetWeight; w != nil {
			if *w < 0 || *w > maxWeight {
				add(field.Invalid(sp.Child("setWeight"), *w, fmt.Sprintf(roInvalidSetWeight, maxWeight)))
			} else {
				if *w < lastWeight {
					res.Warnf(sp.Child("setWeight"), "weight %d is lower than the %d set at step %d: traffic to the canary goes down", *w, lastWeight, lastWeightStep)
				}
				lastWeight, lastWeightStep = *w, i
			}
		}
		if ps := s.Pause; ps != nil && ps.Duration != nil {
			d := ps.Duration
			if d.Type == intstr.Int && d.IntVal < 0 {
				add(field.Invalid(sp.Child("pause", "duration"), d.IntVal, roInvalidDuration))
			} else if d.Type == intstr.String {
				if v, ok := oDurationOrSeconds(d.StrVal); !ok || v < 0 {
					add(field.Invalid(sp.Child("pause", "duration"), d.StrVal, roInvalidDuration+": a duration such as \"30s\" or a number of seconds"))
				}
			}
		}
		if cs := s.SetCanaryScale; cs != nil {
			if tr == nil {
				add(field.Required(p.Child("trafficRouting"), roCanaryScaleNeedsTR))
			}
			set := 0
			for _, b := range []bool{cs.Weight != nil, cs.Replicas != nil, cs.MatchTrafficWeight} {
				if b {
					set++
				}
			}
			if set != 1 {
				add(field.Invalid(sp.Child("setCanaryScale"), set, "exactly one of weight, replicas and matchTrafficWeight must be set"))
			}
			if cs.Weight != nil && (*cs.Weight < 0 || *cs.Weight > 100) {
				add(field.Invalid(sp.Child("setCanaryScale", "weight"), *cs.Weight, "must be between 0 and 100"))
			}
			add(oNonNegative(sp.Child("setCanaryScale", "replicas"), cs.Replicas)...)
		}
		if hr := s.SetHeaderRoute; hr != nil {
			hp := sp.Child("setHeaderRoute")
			if tr == nil || (tr.Istio == nil && tr.ALB == nil && tr.Apisix == nil && len(tr.Plugins) == 0) {
				add(field.Invalid(hp, hr.Name, roHeaderRouteNeedsTR))
			} else {
				for j, m := range hr.Match {
					mp := hp.Child("match").Index(j)
					if m.HeaderName == "" {
						add(field.Required(mp.Child("headerName"), ""))
					}
					if tr.ALB != nil {
						if m.HeaderValue == nil || m.HeaderValue.Exact == "" || m.HeaderValue.Regex != "" || m.HeaderValue.Prefix != "" {
							add(field.Invalid(mp, m.HeaderName, "SetHeaderRoute match value invalid. ALB supports 'exact' value only"))
						}
					} else {
						add(rolloutStringMatch(m.HeaderValue, mp.Child("headerValue"))...)
					}
				}
			}
			add(rolloutManagedRoute(tr, hr.Name, hp, p)...)
		}
		if mr := s.SetMirrorRoute; mr != nil {
			mp := sp.Child("setMirrorRoute")
			if tr == nil || tr.Istio == nil {
				add(field.Invalid(mp, mr.Name, roMirrorRouteNeedsTR))
			}
			for j, m := range mr.Match {
				jp := mp.Child("match").Index(j)
				if m.Method != nil {
					add(rolloutStringMatch(m.Method, jp.Child("method"))...)
				}
				if m.Path != nil {
					add(rolloutStringMatch(m.Path, jp.Child("path"))...)
				}
				for k, h := range m.Headers {
					add(rolloutStringMatch(&h, jp.Child("headers").Key(k))...)
				}
			}
			if mr.Percentage != nil && (*mr.Percentage < 0 || *mr.Percentage > 100) {
				add(field.Invalid(mp.Child("percentage"), *mr.Percentage, "must be between 0 and 100"))
			}
			add(rolloutManagedRoute(tr, mr.Name, mp, p)...)
		}
		if ex := s.Experiment; ex != nil {
			add(rolloutExperimentStep(r, ex, sp.Child("experiment"))...)
		}
		if a := s.Analysis; a != nil {
			add(rolloutAnalysisRef(r, a, sp.Child("analysis"))...)
		}
	}
	return res
}

func rolloutStepKinds(s v1alpha1.CanaryStep) []string {
	var k []string
	for _, f := range []struct {
		n   string
		set bool
	}{
		{"setWeight", s.SetWeight != nil}, {"pause", s.Pause != nil}, {"experiment", s.Experiment != nil},
		{"analysis", s.Analysis != nil}, {"setCanaryScale", s.SetCanaryScale != nil},
		{"setHeaderRoute", s.SetHeaderRoute != nil}, {"setMirrorRoute", s.SetMirrorRoute != nil}, {"plugin", s.Plugin != nil},
	} {
		if f.set {
			k = append(k, f.n)
		}
	}
	return k
}

// rolloutManagedRoute: header and mirror routes must be listed in trafficRouting.managedRoutes.
func rolloutManagedRoute(tr *v1alpha1.RolloutTrafficRouting, name string, stepPath, canaryPath *field.Path) field.ErrorList {
	if tr == nil {
		return nil
	}
	if tr.ManagedRoutes == nil {
		return field.ErrorList{field.Required(canaryPath.Child("trafficRouting", "managedRoutes"), fmt.Sprintf(roMissingField, "spec.strategy.canary.trafficRouting.managedRoutes"))}
	}
	for _, m := range tr.ManagedRoutes {
		if m.Name == name {
			return nil
		}
	}
	return field.ErrorList{field.Invalid(stepPath.Child("name"), name, roRouteNotManaged)}
}

func rolloutStringMatch(m *v1alpha1.CanaryStringMatch, p *field.Path) field.ErrorList {
	if m == nil {
		return field.ErrorList{field.Required(p, roStringMatchMissing)}
	}
	n := 0
	for _, v := range []string{m.Exact, m.Regex, m.Prefix} {
		if v != "" {
			n++
		}
	}
	switch {
	case n == 0:
		return field.ErrorList{field.Required(p, roStringMatchMissing)}
	case n > 1:
		return field.ErrorList{field.Invalid(p, *m, roStringMatchMultiple)}
	}
	return nil
}

func rolloutExperimentStep(r *v1alpha1.Rollout, ex *v1alpha1.RolloutExperimentStep, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	tr := r.Spec.Strategy.Canary.TrafficRouting
	if len(ex.Templates) == 0 {
		errs = append(errs, field.Required(p.Child("templates"), "an experiment step needs at least one template"))
	}
	errs = append(errs, rolloutExperimentDuration(p.Child("duration"), ex.Duration)...)
	names := oNames{}
	for i, t := range ex.Templates {
		tp := p.Child("templates").Index(i)
		if t.Name == "" {
			errs = append(errs, field.Required(tp.Child("name"), ""))
		}
		if e := names.oUnique(tp.Child("name"), t.Name); e != nil {
			errs = append(errs, e)
		}
		if t.SpecRef != "stable" && t.SpecRef != "canary" {
			errs = append(errs, field.NotSupported(tp.Child("specRef"), t.SpecRef, []string{"stable", "canary"}))
		}
		errs = append(errs, oNonNegative(tp.Child("replicas"), t.Replicas)...)
		if w := t.Weight; w != nil {
			switch {
			case tr == nil:
				errs = append(errs, field.Invalid(tp.Child("weight"), *w, roExperimentWeightNoTR))
			case tr.ALB == nil && tr.SMI == nil && tr.Istio == nil && len(tr.Plugins) == 0:
				errs = append(errs, field.Invalid(tp.Child("weight"), *w, roExperimentWeightTR))
			case *w < 0 || *w > 100:
				errs = append(errs, field.Invalid(tp.Child("weight"), *w, "must be between 0 and 100"))
			}
		}
	}
	anames := oNames{}
	for i, a := range ex.Analyses {
		ap := p.Child("analyses").Index(i)
		if a.Name == "" {
			errs = append(errs, field.Required(ap.Child("name"), ""))
		}
		if e := anames.oUnique(ap.Child("name"), a.Name); e != nil {
			errs = append(errs, e)
		}
		if a.TemplateName == "" {
			errs = append(errs, field.Required(ap.Child("templateName"), ""))
		}
		errs = append(errs, rolloutArgs(r, a.Args, ap.Child("args"))...)
	}
	return errs
}

// rolloutExperimentDuration: Argo Rollouts durations are Go durations or whole seconds.
func rolloutExperimentDuration(p *field.Path, s string) field.ErrorList {
	if s == "" || oTemplated(s) {
		return nil
	}
	if d, ok := oDurationOrSeconds(s); !ok || d < 0 {
		return field.ErrorList{field.Invalid(p, s, "must be a duration such as \"30s\" or a number of seconds")}
	}
	return nil
}

// rolloutIntOrPercent: a non-negative integer or a percentage such as "25%".
func rolloutIntOrPercent(p *field.Path, v *intstr.IntOrString) field.ErrorList {
	if v.Type == intstr.Int {
		if v.IntVal < 0 {
			return field.ErrorList{field.Invalid(p, v.IntVal, "must be greater than or equal to 0")}
		}
		return nil
	}
	if len(validation.IsValidPercent(v.StrVal)) != 0 {
		return field.ErrorList{field.Invalid(p, v.StrVal, "must be an integer or a percentage (e.g. '5%')")}
	}
	return nil
}

func rolloutIntOrPercentValue(v intstr.IntOrString) int {
	if v.Type == intstr.Int {
		return int(v.IntVal)
	}
	n, err := strconv.Atoi(strings.TrimSuffix(v.StrVal, "%"))
	if err != nil {
		return -1
	}
	return n
}

// rolloutMainKinds keeps the step kinds upstream forbids combining.
func rolloutMainKinds(kinds []string) []string {
	var out []string
	for _, k := range kinds {
		switch k {
		case "setWeight", "pause", "experiment", "analysis":
			out = append(out, k)
		}
	}
	return out
}
