package validate

import (
	"context"
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// oLookup is an in-memory Lookup keyed by Go type and name.
type oLookup map[string]runtime.Object

func (l oLookup) Get(_ context.Context, _, name string, obj runtime.Object) error {
	src, ok := l[fmt.Sprintf("%T/%s", obj, name)]
	if !ok {
		return apierrors.NewNotFound(corev1.Resource("x"), name)
	}
	switch dst := obj.(type) {
	case *corev1.Service:
		*dst = *src.(*corev1.Service)
	case *v1alpha1.AnalysisTemplate:
		*dst = *src.(*v1alpha1.AnalysisTemplate)
	case *v1alpha1.ClusterAnalysisTemplate:
		*dst = *src.(*v1alpha1.ClusterAnalysisTemplate)
	case *v1alpha1.AppProject:
		*dst = *src.(*v1alpha1.AppProject)
	case *v1alpha1.EventSource:
		*dst = *src.(*v1alpha1.EventSource)
	}
	return nil
}

func (l oLookup) add(name string, obj runtime.Object) oLookup {
	l[fmt.Sprintf("%T/%s", obj, name)] = obj
	return l
}

// oCase is one row of a validator table: mutate a valid object; want is a substring one
// error must contain ("" = no errors), warn one warning must contain.
type oCase[T any] struct {
	name   string
	mutate func(T)
	want   string
	warn   string
	lookup Lookup
}

func oRun[T any](t *testing.T, base func() T, validate func(context.Context, T, Options) Result, cases []oCase[T]) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			obj := base()
			if c.mutate != nil {
				c.mutate(obj)
			}
			res := validate(context.Background(), obj, Options{Lookup: c.lookup})
			got := res.Errors.ToAggregate()
			switch {
			case c.want == "" && len(res.Errors) > 0:
				t.Fatalf("want no errors, got: %v", got)
			case c.want != "" && (got == nil || !strings.Contains(got.Error(), c.want)):
				t.Fatalf("want an error containing %q, got: %v", c.want, got)
			}
			if c.warn != "" && !strings.Contains(strings.Join(res.Warnings, "\n"), c.warn) {
				t.Fatalf("want a warning containing %q, got: %q", c.warn, res.Warnings)
			}
			if c.warn == "" && c.want == "" && len(res.Warnings) > 0 {
				t.Fatalf("want no warnings, got: %q", res.Warnings)
			}
		})
	}
}

func oI32(v int32) *int32 { return &v }

func baseRollout() *v1alpha1.Rollout {
	return &v1alpha1.Rollout{
		ObjectMeta: metav1.ObjectMeta{Name: "r", Namespace: "ns"},
		Spec: v1alpha1.RolloutSpec{
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "r"}},
			Template: &corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "r"}},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "i"}}},
			},
			Strategy: v1alpha1.RolloutStrategy{Canary: &v1alpha1.CanaryStrategy{
				Steps: []v1alpha1.CanaryStep{{SetWeight: oI32(20)}, {Pause: &v1alpha1.CanaryPause{}}, {SetWeight: oI32(50)}},
			}},
		},
	}
}

func oSvc(name string, sel map[string]string) *corev1.Service {
	return &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: corev1.ServiceSpec{Selector: sel}}
}

func TestRolloutRules(t *testing.T) {
	dur := func(s string) *intstr.IntOrString { v := intstr.Parse(s); return &v }
	zero := intstr.FromInt32(0)
	withTR := func(r *v1alpha1.Rollout, tr *v1alpha1.RolloutTrafficRouting) {
		c := r.Spec.Strategy.Canary
		c.CanaryService, c.StableService, c.TrafficRouting = "canary", "stable", tr
	}
	exp := func(w *int32) *v1alpha1.CanaryStep {
		return &v1alpha1.CanaryStep{Experiment: &v1alpha1.RolloutExperimentStep{Templates: []v1alpha1.RolloutExperimentTemplate{{Name: "e", SpecRef: "canary", Weight: w}}}}
	}
	goodSvcs := oLookup{}.add("canary", oSvc("canary", map[string]string{"app": "r"})).add("stable", oSvc("stable", map[string]string{"app": "r"}))
	oRun(t, baseRollout, Rollout, []oCase[*v1alpha1.Rollout]{
		{name: "valid", mutate: nil},
		{name: "selector missing", mutate: func(r *v1alpha1.Rollout) { r.Spec.Selector = nil }, want: "Rollout has missing field '.spec.selector'"},
		{name: "selector empty", mutate: func(r *v1alpha1.Rollout) { r.Spec.Selector = &metav1.LabelSelector{} }, want: "empty selector is invalid"},
		{name: "selector does not match", mutate: func(r *v1alpha1.Rollout) { r.Spec.Template.Labels["app"] = "x" }, want: "spec.template.metadata.labels: Invalid value"},
		{name: "no strategy", mutate: func(r *v1alpha1.Rollout) { r.Spec.Strategy.Canary = nil }, want: "spec.strategy: Required value"},
		{name: "two strategies", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.BlueGreen = &v1alpha1.BlueGreenStrategy{ActiveService: "a"}
		}, want: "Multiple Strategies can not be listed"},
		{name: "setWeight over 100", mutate: func(r *v1alpha1.Rollout) { r.Spec.Strategy.Canary.Steps[2].SetWeight = oI32(120) }, want: "spec.strategy.canary.steps[2].setWeight: Invalid value: 120: SetWeight needs to be between 0 and 100"},
		{name: "setWeight negative", mutate: func(r *v1alpha1.Rollout) { r.Spec.Strategy.Canary.Steps[0].SetWeight = oI32(-1) }, want: "steps[0].setWeight"},
		{name: "weights decreasing warn", mutate: func(r *v1alpha1.Rollout) { r.Spec.Strategy.Canary.Steps[2].SetWeight = oI32(10) }, warn: "steps[2].setWeight: weight 10 is lower than the 20"},
		{name: "pause duration bad", mutate: func(r *v1alpha1.Rollout) { r.Spec.Strategy.Canary.Steps[1].Pause.Duration = dur("ten") }, want: "steps[1].pause.duration"},
		{name: "pause duration seconds string", mutate: func(r *v1alpha1.Rollout) { r.Spec.Strategy.Canary.Steps[1].Pause.Duration = dur("30") }},
		{name: "pause duration go", mutate: func(r *v1alpha1.Rollout) { r.Spec.Strategy.Canary.Steps[1].Pause.Duration = dur("1h5m") }},
		{name: "empty step", mutate: func(r *v1alpha1.Rollout) { r.Spec.Strategy.Canary.Steps[1] = v1alpha1.CanaryStep{} }, want: "Step must have one of the following set"},
		{name: "two step kinds", mutate: func(r *v1alpha1.Rollout) { r.Spec.Strategy.Canary.Steps[1].SetWeight = oI32(30) }, want: "a step must set only one of"},
		{name: "maxSurge and maxUnavailable zero", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary.MaxSurge, r.Spec.Strategy.Canary.MaxUnavailable = &zero, &zero
		}, want: "MaxSurge and MaxUnavailable both can not be zero"},
		{name: "maxUnavailable zero alone", mutate: func(r *v1alpha1.Rollout) { r.Spec.Strategy.Canary.MaxUnavailable = &zero }},
		{name: "canary equals stable", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary.CanaryService, r.Spec.Strategy.Canary.StableService = "s", "s"
		}, want: "same service for the stable and canary"},
		{name: "bluegreen same services", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary = nil
			r.Spec.Strategy.BlueGreen = &v1alpha1.BlueGreenStrategy{ActiveService: "a", PreviewService: "a"}
		}, want: "same service for the active and preview"},
		{name: "bluegreen valid", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary = nil
			r.Spec.Strategy.BlueGreen = &v1alpha1.BlueGreenStrategy{ActiveService: "a", PreviewService: "b", AutoPromotionSeconds: 30}
		}},
		{name: "autoPromotionSeconds negative", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary = nil
			r.Spec.Strategy.BlueGreen = &v1alpha1.BlueGreenStrategy{ActiveService: "a", AutoPromotionSeconds: -1}
		}, want: "autoPromotionSeconds"},
		{name: "workloadRef and template", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.WorkloadRef = &v1alpha1.RolloutWorkloadRef{APIVersion: "apps/v1", Kind: "Deployment", Name: "d"}
		}, want: "template must be empty for workload reference rollout"},
		{name: "workloadRef alone", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.WorkloadRef = &v1alpha1.RolloutWorkloadRef{APIVersion: "apps/v1", Kind: "Deployment", Name: "d"}
			r.Spec.Template, r.Spec.Selector = nil, nil
		}},
		{name: "analysis step without template name", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary.Steps[1] = v1alpha1.CanaryStep{Analysis: &v1alpha1.RolloutAnalysis{Templates: []v1alpha1.RolloutAnalysisTemplateRef{{}}}}
		}, want: "steps[1].analysis.templates[0].templateName: Required value"},
		{name: "analysis args duplicate", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary.Steps[1] = v1alpha1.CanaryStep{Analysis: &v1alpha1.RolloutAnalysis{
				Templates: []v1alpha1.RolloutAnalysisTemplateRef{{TemplateName: "t"}},
				Args:      []v1alpha1.RolloutAnalysisArgument{{Name: "a", Value: "1"}, {Name: "a", Value: "2"}},
			}}
		}, want: "steps[1].analysis.args[1].name: Duplicate value"},
		{name: "experiment bad specRef", mutate: func(r *v1alpha1.Rollout) {
			e := exp(nil)
			e.Experiment.Templates[0].SpecRef = "preview"
			r.Spec.Strategy.Canary.Steps[1] = *e
		}, want: "experiment.templates[0].specRef: Unsupported value"},
		{name: "experiment weight without traffic routing", mutate: func(r *v1alpha1.Rollout) { r.Spec.Strategy.Canary.Steps[1] = *exp(oI32(5)) }, want: "cannot be set unless TrafficRouting"},
		{name: "experiment weight with nginx", mutate: func(r *v1alpha1.Rollout) {
			withTR(r, &v1alpha1.RolloutTrafficRouting{Nginx: &v1alpha1.RolloutNginxTrafficRouting{StableIngress: "i"}})
			r.Spec.Strategy.Canary.Steps[1] = *exp(oI32(5))
		}, want: "Experiment template weight is only available for TrafficRouting with SMI, ALB, Istio and Plugins"},
		{name: "experiment weight with smi", mutate: func(r *v1alpha1.Rollout) {
			withTR(r, &v1alpha1.RolloutTrafficRouting{SMI: &v1alpha1.RolloutSMITrafficRouting{}})
			r.Spec.Strategy.Canary.Steps[1] = *exp(oI32(5))
		}},
		{name: "setHeaderRoute without managedRoutes", mutate: func(r *v1alpha1.Rollout) {
			withTR(r, &v1alpha1.RolloutTrafficRouting{Istio: &v1alpha1.RolloutIstioTrafficRouting{VirtualService: &v1alpha1.RolloutIstioVirtualService{Name: "vs"}}})
			r.Spec.Strategy.Canary.Steps[1] = v1alpha1.CanaryStep{SetHeaderRoute: &v1alpha1.CanarySetHeaderRoute{Name: "h"}}
		}, want: "Rollout has missing field 'spec.strategy.canary.trafficRouting.managedRoutes'"},
		{name: "setHeaderRoute with managedRoutes", mutate: func(r *v1alpha1.Rollout) {
			withTR(r, &v1alpha1.RolloutTrafficRouting{Istio: &v1alpha1.RolloutIstioTrafficRouting{VirtualService: &v1alpha1.RolloutIstioVirtualService{Name: "vs"}}, ManagedRoutes: []v1alpha1.RolloutManagedRoute{{Name: "h"}}})
			r.Spec.Strategy.Canary.Steps[1] = v1alpha1.CanaryStep{SetHeaderRoute: &v1alpha1.CanarySetHeaderRoute{Name: "h"}}
		}},
		{name: "setHeaderRoute with nginx", mutate: func(r *v1alpha1.Rollout) {
			withTR(r, &v1alpha1.RolloutTrafficRouting{Nginx: &v1alpha1.RolloutNginxTrafficRouting{StableIngress: "i"}})
			r.Spec.Strategy.Canary.Steps[1] = v1alpha1.CanaryStep{SetHeaderRoute: &v1alpha1.CanarySetHeaderRoute{Name: "h"}}
		}, want: "SetHeaderRoute requires TrafficRouting"},
		{name: "traffic routing without services", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary.TrafficRouting = &v1alpha1.RolloutTrafficRouting{Nginx: &v1alpha1.RolloutNginxTrafficRouting{StableIngress: "i"}}
		}, want: "Canary service and Stable service must to be set"},
		{name: "services missing warn", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary.CanaryService, r.Spec.Strategy.Canary.StableService = "canary", "stable"
		}, lookup: oLookup{}, warn: `Service "canary" not found`},
		{name: "services without lookup", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary.CanaryService, r.Spec.Strategy.Canary.StableService = "canary", "stable"
		}},
		{name: "services match", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary.CanaryService, r.Spec.Strategy.Canary.StableService = "canary", "stable"
		}, lookup: goodSvcs},
		{name: "service label mismatch", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary.CanaryService, r.Spec.Strategy.Canary.StableService = "canary", "stable"
		}, lookup: oLookup{}.add("canary", oSvc("canary", map[string]string{"app": "other"})).add("stable", oSvc("stable", map[string]string{"app": "r"})),
			want: `spec.strategy.canary.canaryService: Invalid value: "canary": Service "canary" has unmatch label "app" in rollout`},
		{name: "analysis template missing warn", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary.Analysis = &v1alpha1.RolloutAnalysisBackground{RolloutAnalysis: v1alpha1.RolloutAnalysis{Templates: []v1alpha1.RolloutAnalysisTemplateRef{{TemplateName: "t"}}}}
		}, lookup: oLookup{}, warn: `AnalysisTemplate "t" not found`},
		{name: "analysis template found", mutate: func(r *v1alpha1.Rollout) {
			r.Spec.Strategy.Canary.Analysis = &v1alpha1.RolloutAnalysisBackground{RolloutAnalysis: v1alpha1.RolloutAnalysis{Templates: []v1alpha1.RolloutAnalysisTemplateRef{{TemplateName: "t", ClusterScope: true}}}}
		}, lookup: oLookup{}.add("t", &v1alpha1.ClusterAnalysisTemplate{})},
		{name: "istio without virtual service", mutate: func(r *v1alpha1.Rollout) {
			withTR(r, &v1alpha1.RolloutTrafficRouting{Istio: &v1alpha1.RolloutIstioTrafficRouting{}})
		}, want: "either VirtualService or VirtualServices must be configured"},
		{name: "progressDeadline not above minReady", mutate: func(r *v1alpha1.Rollout) { r.Spec.MinReadySeconds = 700 }, want: "must be greater than minReadySeconds"},
	})
}
