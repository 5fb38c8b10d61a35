package validate

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// AnalysisTemplate validates an AnalysisTemplate.
func AnalysisTemplate(_ context.Context, t *v1alpha1.AnalysisTemplate, opts Options) Result {
	return analysisTemplateSpec(&t.Spec, field.NewPath("spec"))
}

// ClusterAnalysisTemplate validates a ClusterAnalysisTemplate.
func ClusterAnalysisTemplate(_ context.Context, t *v1alpha1.ClusterAnalysisTemplate, opts Options) Result {
	return analysisTemplateSpec(&t.Spec, field.NewPath("spec"))
}

// AnalysisRun validates an AnalysisRun. Its arguments are final, so a metric whose
// count, interval or limit still holds {{args.x}} after substitution is reported by the
// controller; here such placeholders are accepted like in templates.
func AnalysisRun(_ context.Context, a *v1alpha1.AnalysisRun, opts Options) Result {
	var res Result
	sp := field.NewPath("spec")
	if len(a.Spec.Metrics) == 0 {
		res.Errors = append(res.Errors, field.Required(sp.Child("metrics"), "at least one metric is required"))
	}
	res.Merge(analysisMetrics(a.Spec.Metrics, sp.Child("metrics")))
	res.Errors = append(res.Errors, analysisArgs(a.Spec.Args, sp.Child("args"))...)
	res.Errors = append(res.Errors, analysisDryRun(a.Spec.Metrics, a.Spec.DryRun, a.Spec.MeasurementRetention, sp)...)
	if t := a.Spec.TTLStrategy; t != nil {
		tp := sp.Child("ttlStrategy")
		res.Errors = append(res.Errors, oNonNegative(tp.Child("secondsAfterCompletion"), t.SecondsAfterCompletion)...)
		res.Errors = append(res.Errors, oNonNegative(tp.Child("secondsAfterSuccess"), t.SecondsAfterSuccess)...)
		res.Errors = append(res.Errors, oNonNegative(tp.Child("secondsAfterFailure"), t.SecondsAfterFailure)...)
	}
	return res
}

func analysisTemplateSpec(s *v1alpha1.AnalysisTemplateSpec, sp *field.Path) Result {
	var res Result
	if len(s.Metrics) == 0 && len(s.Templates) == 0 {
		res.Errors = append(res.Errors, field.Required(sp.Child("metrics"), "at least one metric or template reference is required"))
	}
	res.Merge(analysisMetrics(s.Metrics, sp.Child("metrics")))
	res.Errors = append(res.Errors, analysisArgs(s.Args, sp.Child("args"))...)
	res.Errors = append(res.Errors, analysisDryRun(s.Metrics, s.DryRun, s.MeasurementRetention, sp)...)
	for i, t := range s.Templates {
		if t.TemplateName == "" {
			res.Errors = append(res.Errors, field.Required(sp.Child("templates").Index(i).Child("templateName"), ""))
		}
	}
	return res
}

// analysisArgs: names present and unique; value and valueFrom exclusive; valueFrom names one
// source.
func analysisArgs(args []v1alpha1.AnalysisArgument, p *field.Path) field.ErrorList {
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
		if a.ValueFrom == nil {
			continue
		}
		if a.Value != nil {
			errs = append(errs, field.Invalid(ap, a.Name, "value and valueFrom are mutually exclusive"))
		}
		vf := a.ValueFrom
		if (vf.SecretKeyRef == nil) == (vf.FieldRef == nil) {
			errs = append(errs, field.Invalid(ap.Child("valueFrom"), a.Name, "exactly one of secretKeyRef and fieldRef must be set"))
		}
		if s := vf.SecretKeyRef; s != nil {
			if s.Name == "" {
				errs = append(errs, field.Required(ap.Child("valueFrom", "secretKeyRef", "name"), ""))
			}
			if s.Key == "" {
				errs = append(errs, field.Required(ap.Child("valueFrom", "secretKeyRef", "key"), ""))
			}
		}
		if f := vf.FieldRef; f != nil && f.FieldPath == "" {
			errs = append(errs, field.Required(ap.Child("valueFrom", "fieldRef", "fieldPath"), ""))
		}
	}
	return errs
}

// analysisDryRun: dryRun and measurementRetention name metrics that exist (or ".*").
func analysisDryRun(metrics []v1alpha1.AnalysisMetric, dry []v1alpha1.AnalysisDryRun, ret []v1alpha1.AnalysisMeasurementRetention, sp *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, d := range dry {
		if d.MetricName == "" {
			errs = append(errs, field.Required(sp.Child("dryRun").Index(i).Child("metricName"), ""))
		}
	}
	for i, m := range ret {
		rp := sp.Child("measurementRetention").Index(i)
		if m.MetricName == "" {
			errs = append(errs, field.Required(rp.Child("metricName"), ""))
		}
		if m.Limit < 0 {
			errs = append(errs, field.Invalid(rp.Child("limit"), m.Limit, "must be greater than or equal to 0"))
		}
	}
	return errs
}

func analysisMetrics(metrics []v1alpha1.AnalysisMetric, p *field.Path) Result {
	var res Result
	names := oNames{}
	for i := range metrics {
		m := &metrics[i]
		mp := p.Index(i)
		if m.Name == "" {
			res.Errors = append(res.Errors, field.Required(mp.Child("name"), ""))
		}
		if e := names.oUnique(mp.Child("name"), m.Name); e != nil {
			res.Errors = append(res.Errors, e)
		}
		res.Merge(analysisMetric(m, mp))
	}
	return res
}

func analysisMetric(m *v1alpha1.AnalysisMetric, mp *field.Path) Result {
	var res Result
	add := func(errs ...*field.Error) { res.Errors = append(res.Errors, errs...) }
	add(oDuration(mp.Child("interval"), m.Interval)...)
	add(oDuration(mp.Child("initialDelay"), m.InitialDelay)...)
	add(oIntOrArg(mp.Child("count"), m.Count)...)
	add(oIntOrArg(mp.Child("failureLimit"), m.FailureLimit)...)
	add(oIntOrArg(mp.Child("inconclusiveLimit"), m.InconclusiveLimit)...)
	add(oIntOrArg(mp.Child("consecutiveErrorLimit"), m.ConsecutiveErrorLimit)...)
	add(oIntOrArg(mp.Child("consecutiveSuccessLimit"), m.ConsecutiveSuccessLimit)...)
	// Upstream: a metric measured more than once needs an interval between measurements.
	if n, ok := analysisIntValue(m.Count); ok && n > 1 && m.Interval == "" {
		add(field.Invalid(mp.Child("interval"), "", fmt.Sprintf("metric %q: interval must be specified when count > 1", m.Name)))
	}
	if n, ok := analysisIntValue(m.Count); ok && n > 0 {
		if f, ok := analysisIntValue(m.FailureLimit); ok && f > n {
			add(field.Invalid(mp.Child("failureLimit"), f, fmt.Sprintf("metric %q: count must be >= failureLimit", m.Name)))
		}
		if f, ok := analysisIntValue(m.InconclusiveLimit); ok && f > n {
			add(field.Invalid(mp.Child("inconclusiveLimit"), f, fmt.Sprintf("metric %q: count must be >= inconclusiveLimit", m.Name)))
		}
	}
	add(analysisCondition(mp.Child("successCondition"), m.SuccessCondition)...)
	add(analysisCondition(mp.Child("failureCondition"), m.FailureCondition)...)
	add(analysisProvider(&m.Provider, mp.Child("provider"))...)
	return res
}

// analysisIntValue returns an IntOrString's integer when it is known now.
func analysisIntValue(v *intstr.IntOrString) (int, bool) {
	if v == nil {
		return 0, false
	}
	if v.Type == intstr.Int {
		return int(v.IntVal), true
	}
	if oTemplated(v.StrVal) {
		return 0, false
	}
	var n int
	if _, err := fmt.Sscanf(v.StrVal, "%d", &n); err != nil {
		return 0, false
	}
	return n, true
}

// analysisProvider: exactly one provider, and the ones Skiff runs well formed.
func analysisProvider(pr *v1alpha1.AnalysisMetricProvider, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	set := []string{}
	for _, f := range []struct {
		name string
		on   bool
	}{
		{"prometheus", pr.Prometheus != nil}, {"kayenta", pr.Kayenta != nil}, {"web", pr.Web != nil},
		{"datadog", pr.Datadog != nil}, {"wavefront", pr.Wavefront != nil}, {"newRelic", pr.NewRelic != nil},
		{"job", pr.Job != nil}, {"cloudWatch", pr.CloudWatch != nil}, {"graphite", pr.Graphite != nil},
		{"influxdb", pr.Influxdb != nil}, {"skywalking", pr.SkyWalking != nil}, {"plugin", len(pr.Plugin) > 0},
	} {
		if f.on {
			set = append(set, f.name)
		}
	}
	switch {
	case len(set) == 0:
		errs = append(errs, field.Required(p, "a metric must set exactly one provider"))
	case len(set) > 1:
		errs = append(errs, field.Invalid(p, set, "a metric must set exactly one provider"))
	}
	if pm := pr.Prometheus; pm != nil {
		if pm.Query == "" {
			errs = append(errs, field.Required(p.Child("prometheus", "query"), ""))
		}
		if pm.Timeout != nil && *pm.Timeout < 0 {
			errs = append(errs, field.Invalid(p.Child("prometheus", "timeout"), *pm.Timeout, "must be greater than or equal to 0"))
		}
	}
	if w := pr.Web; w != nil {
		wp := p.Child("web")
		if w.URL == "" {
			errs = append(errs, field.Required(wp.Child("url"), ""))
		}
		switch w.Method {
		case "", "GET", "POST", "PUT":
		default:
			errs = append(errs, field.NotSupported(wp.Child("method"), w.Method, []string{"GET", "POST", "PUT"}))
		}
		if w.Body != "" && w.JSONBody != nil {
			errs = append(errs, field.Invalid(wp.Child("jsonBody"), "<json>", "body and jsonBody are mutually exclusive"))
		}
		if (w.Body != "" || w.JSONBody != nil) && (w.Method == "" || w.Method == "GET") {
			errs = append(errs, field.Invalid(wp.Child("method"), w.Method, "a body needs method POST or PUT"))
		}
	}
	if j := pr.Job; j != nil && len(j.Spec.Template.Spec.Containers) == 0 {
		errs = append(errs, field.Required(p.Child("job", "spec", "template", "spec", "containers"), "a Job metric needs a pod template with at least one container"))
	}
	return errs
}
