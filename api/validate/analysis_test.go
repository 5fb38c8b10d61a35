package validate

import (
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func baseAnalysisTemplate() *v1alpha1.AnalysisTemplate {
	return &v1alpha1.AnalysisTemplate{
		ObjectMeta: metav1.ObjectMeta{Name: "t", Namespace: "ns"},
		Spec: v1alpha1.AnalysisTemplateSpec{
			Args: []v1alpha1.AnalysisArgument{{Name: "service"}},
			Metrics: []v1alpha1.AnalysisMetric{{
				Name: "success-rate", Interval: "1m",
				SuccessCondition: "result[0] >= 0.95", FailureCondition: "isNaN(result[0]) || result[0] < {{args.min}}",
				Provider: v1alpha1.AnalysisMetricProvider{Prometheus: &v1alpha1.AnalysisPrometheusMetric{Address: "http://p", Query: "up"}},
			}},
		},
	}
}

func TestValidateAnalysisTemplateRules(t *testing.T) {
	ios := func(s string) *intstr.IntOrString { v := intstr.Parse(s); return &v }
	m := func(a *v1alpha1.AnalysisTemplate) *v1alpha1.AnalysisMetric { return &a.Spec.Metrics[0] }
	oRun(t, baseAnalysisTemplate, AnalysisTemplate, []oCase[*v1alpha1.AnalysisTemplate]{
		{name: "valid"},
		{name: "duplicate metric", mutate: func(a *v1alpha1.AnalysisTemplate) { a.Spec.Metrics = append(a.Spec.Metrics, a.Spec.Metrics[0]) }, want: "spec.metrics[1].name: Duplicate value"},
		{name: "no provider", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).Provider = v1alpha1.AnalysisMetricProvider{} }, want: "spec.metrics[0].provider: Required value: a metric must set exactly one provider"},
		{name: "two providers", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).Provider.Web = &v1alpha1.AnalysisWebMetric{URL: "http://x"} }, want: "exactly one provider"},
		{name: "success condition syntax", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).SuccessCondition = "result[0] >= " }, want: "spec.metrics[0].successCondition"},
		{name: "unknown variable", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).SuccessCondition = "value > 1" }, want: "unknown name value"},
		{name: "helpers allowed", mutate: func(a *v1alpha1.AnalysisTemplate) {
			m(a).SuccessCondition = "asInt(result) > 1 && !isInf(asFloat(result)) && default(result, 0) >= 0"
		}},
		{name: "interval bad", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).Interval = "5 minutes" }, want: "spec.metrics[0].interval"},
		{name: "initialDelay bad", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).InitialDelay = "soon" }, want: "spec.metrics[0].initialDelay"},
		{name: "count negative", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).Count = ios("-1") }, want: "spec.metrics[0].count"},
		{name: "count from args", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).Count = ios("{{args.count}}") }},
		{name: "failureLimit not a number", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).FailureLimit = ios("many") }, want: "spec.metrics[0].failureLimit"},
		{name: "count needs interval", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).Count, m(a).Interval = ios("3"), "" }, want: "interval must be specified when count > 1"},
		{name: "count above failureLimit", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).Count, m(a).FailureLimit = ios("3"), ios("2") }},
		{name: "count below failureLimit", mutate: func(a *v1alpha1.AnalysisTemplate) { m(a).Count, m(a).FailureLimit = ios("2"), ios("3") }, want: "count must be >= failureLimit"},
		{name: "duplicate args", mutate: func(a *v1alpha1.AnalysisTemplate) { a.Spec.Args = append(a.Spec.Args, a.Spec.Args[0]) }, want: "spec.args[1].name: Duplicate value"},
		{name: "job without containers", mutate: func(a *v1alpha1.AnalysisTemplate) {
			m(a).Provider = v1alpha1.AnalysisMetricProvider{Job: &v1alpha1.AnalysisJobMetric{}}
		}, want: "provider.job.spec.template.spec.containers: Required value"},
		{name: "job with container", mutate: func(a *v1alpha1.AnalysisTemplate) {
			m(a).Provider = v1alpha1.AnalysisMetricProvider{Job: &v1alpha1.AnalysisJobMetric{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c"}}}}}}}
		}},
	})
}

func TestValidateAnalysisRunAndClusterTemplate(t *testing.T) {
	base := baseAnalysisTemplate()
	oRun(t, func() *v1alpha1.AnalysisRun {
		return &v1alpha1.AnalysisRun{Spec: v1alpha1.AnalysisRunSpec{Metrics: base.Spec.Metrics}}
	}, AnalysisRun, []oCase[*v1alpha1.AnalysisRun]{
		{name: "valid"},
		{name: "no metrics", mutate: func(a *v1alpha1.AnalysisRun) { a.Spec.Metrics = nil }, want: "spec.metrics: Required value"},
	})
	oRun(t, func() *v1alpha1.ClusterAnalysisTemplate {
		return &v1alpha1.ClusterAnalysisTemplate{Spec: *base.Spec.DeepCopy()}
	}, ClusterAnalysisTemplate, []oCase[*v1alpha1.ClusterAnalysisTemplate]{
		{name: "valid"},
		{name: "bad failure condition", mutate: func(a *v1alpha1.ClusterAnalysisTemplate) { a.Spec.Metrics[0].FailureCondition = "((" }, want: "failureCondition"},
	})
}

func baseExperiment() *v1alpha1.Experiment {
	tmpl := func(name string) v1alpha1.ExperimentTemplate {
		return v1alpha1.ExperimentTemplate{
			Name:     name,
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": name}},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": name}}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c"}}}},
		}
	}
	return &v1alpha1.Experiment{
		ObjectMeta: metav1.ObjectMeta{Name: "e", Namespace: "ns"},
		Spec: v1alpha1.ExperimentSpec{
			Duration:  "5m",
			Templates: []v1alpha1.ExperimentTemplate{tmpl("baseline"), tmpl("canary")},
			Analyses:  []v1alpha1.ExperimentAnalysisTemplateRef{{Name: "a", TemplateName: "t"}},
		},
	}
}

func TestValidateExperimentRules(t *testing.T) {
	oRun(t, baseExperiment, Experiment, []oCase[*v1alpha1.Experiment]{
		{name: "valid"},
		{name: "duplicate template", mutate: func(e *v1alpha1.Experiment) { e.Spec.Templates[1].Name = "baseline" }, want: "spec.templates[1].name: Duplicate value"},
		{name: "duration bad", mutate: func(e *v1alpha1.Experiment) { e.Spec.Duration = "forever" }, want: "spec.duration"},
		{name: "duration seconds", mutate: func(e *v1alpha1.Experiment) { e.Spec.Duration = "300" }},
		{name: "analysis without template", mutate: func(e *v1alpha1.Experiment) { e.Spec.Analyses[0].TemplateName = "" }, want: "spec.analyses[0].templateName: Required value"},
		{name: "no pod spec", mutate: func(e *v1alpha1.Experiment) { e.Spec.Templates[0].Template.Spec.Containers = nil }, want: "template baseline has no pod spec"},
		{name: "selector mismatch", mutate: func(e *v1alpha1.Experiment) { e.Spec.Templates[0].Selector.MatchLabels["app"] = "x" }, want: "spec.templates[0].template.metadata.labels"},
		{name: "template missing warn", lookup: oLookup{}, warn: `AnalysisTemplate "t" not found`},
		{name: "template found", lookup: oLookup{}.add("t", &v1alpha1.AnalysisTemplate{})},
	})
}
