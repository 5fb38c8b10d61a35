package validate

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/schedule"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

var (
	evK8sOperations      = []string{"create", "update", "patch", "delete"}
	evWorkflowOperations = []string{"submit", "submit-from", "suspend", "resume", "retry", "resubmit", "terminate", "stop"}
	evParamOperations    = []string{"append", "prepend", "overwrite"}
)

// Sensor validates a Sensor as Argo Events' controller does: named, unique dependencies that
// name an EventSource and an event (checked through opts.Lookup, as warnings), uniquely named
// triggers whose conditions are boolean expressions over dependency names, parameters that
// take values from known dependencies into valid destination paths, and well formed filters.
func Sensor(ctx context.Context, s *v1alpha1.Sensor, opts Options) Result {
	var res Result
	sp := field.NewPath("spec")
	add := func(errs ...*field.Error) { res.Errors = append(res.Errors, errs...) }
	add(oNonNegative(sp.Child("replicas"), s.Spec.Replicas)...)
	add(oNonNegative(sp.Child("revisionHistoryLimit"), s.Spec.RevisionHistoryLimit)...)
	if len(s.Spec.Dependencies) == 0 {
		add(field.Required(sp.Child("dependencies"), "no event dependencies found"))
	}
	deps := oNames{}
	for i := range s.Spec.Dependencies {
		d := &s.Spec.Dependencies[i]
		dp := sp.Child("dependencies").Index(i)
		if d.Name == "" {
			add(field.Required(dp.Child("name"), "event dependency must define a name"))
		}
		if e := deps.oUnique(dp.Child("name"), d.Name); e != nil {
			add(e)
		}
		if d.EventSourceName == "" {
			add(field.Required(dp.Child("eventSourceName"), "event dependency must define the EventSourceName"))
		}
		if d.EventName == "" {
			add(field.Required(dp.Child("eventName"), "event dependency must define the EventName"))
		}
		add(evLogicalOperator(dp.Child("filtersLogicalOperator"), d.FiltersLogicalOperator)...)
		add(evDependencyFilter(dp.Child("filters"), d.Filters)...)
		res.Merge(evDependencyExists(ctx, s.Namespace, d, dp, opts))
	}
	if len(s.Spec.Triggers) == 0 {
		add(field.Required(sp.Child("triggers"), "no triggers found"))
	}
	triggers := oNames{}
	for i := range s.Spec.Triggers {
		t := &s.Spec.Triggers[i]
		tp := sp.Child("triggers").Index(i)
		add(evTrigger(tp, &t.SensorTriggerFields, deps, &res)...)
		if t.Template != nil {
			if e := triggers.oUnique(tp.Child("template", "name"), t.Template.Name); e != nil {
				add(e)
			}
		}
		if dlq := t.DLQTrigger; dlq != nil {
			dp := tp.Child("dlqTrigger")
			if t.AtLeastOnce == nil || !*t.AtLeastOnce {
				add(field.Invalid(tp.Child("atLeastOnce"), false, "to use dlqTrigger, trigger.atLeastOnce must be set to true"))
			}
			if dlq.AtLeastOnce == nil || !*dlq.AtLeastOnce {
				add(field.Invalid(dp.Child("atLeastOnce"), false, "atLeastOnce must be set to true within the dlqTrigger"))
			}
			add(evTrigger(dp, &dlq.SensorTriggerFields, deps, &res)...)
		}
	}
	return res
}

// evDependencyExists warns when the EventSource, or the event in it, is not found.
func evDependencyExists(ctx context.Context, ns string, d *v1alpha1.SensorEventDependency, dp *field.Path, opts Options) Result {
	var res Result
	if d.EventSourceName == "" || opts.Lookup == nil {
		return res
	}
	var es v1alpha1.EventSource
	found, missing, err := oGet(ctx, opts, ns, d.EventSourceName, &es)
	switch {
	case err != nil:
		res.Warnf(dp.Child("eventSourceName"), "could not look EventSource %q up: %v", d.EventSourceName, err)
	case missing:
		res.Warnf(dp.Child("eventSourceName"), "EventSource %q not found", d.EventSourceName)
	case found && d.EventName != "" && !oContains(evEventNameList(&es), d.EventName):
		res.Warnf(dp.Child("eventName"), "EventSource %q has no event %q (it has: %v)", d.EventSourceName, d.EventName, evEventNameList(&es))
	}
	return res
}

func evTrigger(tp *field.Path, t *v1alpha1.SensorTriggerFields, deps oNames, warn *Result) field.ErrorList {
	var errs field.ErrorList
	tt := t.Template
	if tt == nil {
		return field.ErrorList{field.Required(tp.Child("template"), "trigger template can't be nil")}
	}
	ttp := tp.Child("template")
	if tt.Name == "" {
		errs = append(errs, field.Required(ttp.Child("name"), "trigger must define a name"))
	}
	if tt.Conditions != "" {
		if err := evConditions(tt.Conditions, deps); err != nil {
			errs = append(errs, invalidText(ttp.Child("conditions"), tt.Conditions, err.Error(), err))
		}
	}
	for i, c := range tt.ConditionsReset {
		cp := ttp.Child("conditionsReset").Index(i)
		if c.ByTime == nil {
			errs = append(errs, field.Required(cp.Child("byTime"), "invalid conditionsReset"))
			continue
		}
		if _, err := schedule.One(c.ByTime.Cron); overLimit(err) {
			errs = append(errs, invalidText(cp.Child("byTime", "cron"), c.ByTime.Cron, "cron expression "+err.Error(), err))
		} else if err != nil {
			errs = append(errs, field.Invalid(cp.Child("byTime", "cron"), c.ByTime.Cron, "invalid cron expression: "+err.Error()))
		}
		if c.ByTime.Timezone != "" {
			if _, err := time.LoadLocation(c.ByTime.Timezone); err != nil {
				errs = append(errs, field.Invalid(cp.Child("byTime", "timezone"), c.ByTime.Timezone, "invalid timezone"))
			}
		}
	}
	if k := tt.K8s; k != nil {
		kp := ttp.Child("k8s")
		if k.Source == nil {
			errs = append(errs, field.Required(kp.Child("source"), "k8s trigger does not contain an absolute action"))
		}
		if k.Operation != "" && !oContains(evK8sOperations, string(k.Operation)) {
			errs = append(errs, field.NotSupported(kp.Child("operation"), k.Operation, evK8sOperations))
		}
		errs = append(errs, evParameters(kp.Child("parameters"), k.Parameters, deps, true, warn)...)
	}
	if w := tt.ArgoWorkflow; w != nil {
		wp := ttp.Child("argoWorkflow")
		if w.Source == nil {
			errs = append(errs, field.Required(wp.Child("source"), "argoWorkflow trigger does not contain an absolute action"))
		}
		if w.Operation != "" && !oContains(evWorkflowOperations, string(w.Operation)) {
			errs = append(errs, field.NotSupported(wp.Child("operation"), w.Operation, evWorkflowOperations))
		}
		errs = append(errs, evParameters(wp.Child("parameters"), w.Parameters, deps, true, warn)...)
	}
	if h := tt.HTTP; h != nil {
		hp := ttp.Child("http")
		if h.URL == "" && h.LegacyServerURL == "" {
			errs = append(errs, field.Required(hp.Child("url"), "server URL is not specified"))
		}
		methods := []string{http.MethodGet, http.MethodDelete, http.MethodPatch, http.MethodPost, http.MethodPut}
		if h.Method != "" && !oContains(methods, h.Method) {
			errs = append(errs, field.NotSupported(hp.Child("method"), h.Method, methods))
		}
		errs = append(errs, evParameters(hp.Child("parameters"), h.Parameters, deps, true, warn)...)
		errs = append(errs, evParameters(hp.Child("payload"), h.Payload, deps, false, warn)...)
	}
	if k := tt.Kafka; k != nil {
		kp := ttp.Child("kafka")
		errs = append(errs, evRequired(kp, "url", k.URL, "topic", k.Topic)...)
		if k.Payload == nil {
			errs = append(errs, field.Required(kp.Child("payload"), "payload must not be empty"))
		}
		errs = append(errs, evParameters(kp.Child("parameters"), k.Parameters, deps, true, warn)...)
		errs = append(errs, evParameters(kp.Child("payload"), k.Payload, deps, true, warn)...)
	}
	if n := tt.NATS; n != nil {
		np := ttp.Child("nats")
		errs = append(errs, evRequired(np, "url", n.URL, "subject", n.Subject)...)
		if n.Payload == nil {
			errs = append(errs, field.Required(np.Child("payload"), "payload can't be nil"))
		}
		errs = append(errs, evParameters(np.Child("parameters"), n.Parameters, deps, true, warn)...)
		errs = append(errs, evParameters(np.Child("payload"), n.Payload, deps, true, warn)...)
	}
	if l := tt.Log; l != nil && l.IntervalSeconds != nil && *l.IntervalSeconds < 0 {
		errs = append(errs, field.Invalid(ttp.Child("log", "intervalSeconds"), *l.IntervalSeconds, "must be greater than or equal to 0"))
	}
	errs = append(errs, evParameters(tp.Child("parameters"), t.Parameters, deps, true, warn)...)
	if pol := t.Policy; pol != nil {
		if pol.K8s != nil && pol.K8s.Labels == nil && (tt.K8s != nil || tt.ArgoWorkflow != nil) {
			errs = append(errs, field.Required(tp.Child("policy", "k8s", "labels"), "resource labels are not specified"))
		}
		if pol.Status != nil && pol.Status.Allow == nil && tt.HTTP != nil {
			errs = append(errs, field.Required(tp.Child("policy", "status", "allow"), "list of allowed response status is not specified"))
		}
	}
	errs = append(errs, evBackoff(tp.Child("retryStrategy"), t.RetryStrategy)...)
	if rl := t.RateLimit; rl != nil {
		if rl.Unit != "" && !oContains([]string{"Second", "Minute", "Hour"}, rl.Unit) {
			errs = append(errs, field.NotSupported(tp.Child("rateLimit", "unit"), rl.Unit, []string{"Second", "Minute", "Hour"}))
		}
		errs = append(errs, oNonNegative(tp.Child("rateLimit", "requestsPerUnit"), rl.RequestsPerUnit)...)
	}
	return errs
}

// evParameters: a source naming a known dependency, a destination path (optional for HTTP
// payloads, which may pass the whole event) and a known operation.
func evParameters(p *field.Path, params []v1alpha1.SensorTriggerParameter, deps oNames, needDest bool, warn *Result) field.ErrorList {
	var errs field.ErrorList
	for i, prm := range params {
		pp := p.Index(i)
		if prm.Src == nil {
			errs = append(errs, field.Required(pp.Child("src"), "parameter source can't be empty"))
		} else if prm.Src.DependencyName == "" {
			errs = append(errs, field.Required(pp.Child("src", "dependencyName"), "parameter dependency name can't be empty"))
		} else if !deps[prm.Src.DependencyName] && warn != nil {
			warn.Warnf(pp.Child("src", "dependencyName"), "dependency %q is not defined in spec.dependencies: the parameter cannot be resolved and the trigger will fail", prm.Src.DependencyName)
		}
		if prm.Dest == "" {
			if needDest {
				errs = append(errs, field.Required(pp.Child("dest"), "parameter destination can't be empty"))
			}
		} else if err := evDestPath(prm.Dest); err != nil {
			errs = append(errs, field.Invalid(pp.Child("dest"), prm.Dest, err.Error()))
		}
		if prm.Operation != "" && !oContains(evParamOperations, string(prm.Operation)) {
			errs = append(errs, field.NotSupported(pp.Child("operation"), prm.Operation, evParamOperations))
		}
	}
	return errs
}

// evDestPath checks an sjson path: dot-separated keys ("\." escapes a dot), none empty.
func evDestPath(dest string) error {
	seg := 0
	for i := 0; i < len(dest); i++ {
		switch dest[i] {
		case '\\':
			i++
			seg++
		case '.':
			if seg == 0 {
				return fmt.Errorf("path has an empty key (at character %d): use dot-separated keys such as spec.arguments.parameters.0.value", i+1)
			}
			seg = 0
		default:
			seg++
		}
	}
	if seg == 0 {
		return fmt.Errorf("path ends with an empty key: use dot-separated keys such as spec.arguments.parameters.0.value")
	}
	return nil
}
