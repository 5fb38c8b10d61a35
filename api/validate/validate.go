// Package validate is Skiff's one validation package: pure functions from a typed object to
// field errors and warnings. The admission webhook, the plugins' offline `lint` and the
// controllers all call it, so a rule is written once and gives the same message everywhere.
package validate

import (
	"context"
	"encoding/json"
	"fmt"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Result is what validating one object found.
type Result struct {
	// Errors deny the object.
	Errors field.ErrorList
	// Warnings are shown to the user (kubectl prints them) but admit the object.
	Warnings []string
}

// Merge appends another result.
func (r *Result) Merge(o Result) {
	r.Errors = append(r.Errors, o.Errors...)
	r.Warnings = append(r.Warnings, o.Warnings...)
}

// Warnf adds a warning naming a field.
func (r *Result) Warnf(path *field.Path, format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf("%s: %s", path, fmt.Sprintf(format, args...)))
}

// Lookup finds objects a spec refers to (WorkflowTemplates for templateRef, Services and
// AnalysisTemplates for Rollouts, ...). Offline callers pass nil: references that cannot be
// checked are then warnings, never denials.
type Lookup interface {
	// Get fills obj with the object of that kind, namespace and name; it returns an error
	// satisfying apierrors.IsNotFound when there is none.
	Get(ctx context.Context, namespace, name string, obj runtime.Object) error
}

// Options tune validation.
type Options struct {
	// Lookup resolves references; nil when offline (lint).
	Lookup Lookup
	// Lint relaxes rules upstream relaxes in lint mode (e.g. arguments supplied at submit).
	Lint bool
}

// Object validates any Skiff object, dispatching on its kind.
func Object(ctx context.Context, obj runtime.Object, opts Options) Result {
	var r Result
	var kind string
	switch o := obj.(type) {
	case *v1alpha1.Workflow:
		kind = "Workflow"
		r = Workflow(ctx, o, opts)
	case *v1alpha1.WorkflowTemplate:
		kind = "WorkflowTemplate"
		r = WorkflowTemplate(ctx, o, opts)
	case *v1alpha1.ClusterWorkflowTemplate:
		kind = "ClusterWorkflowTemplate"
		r = ClusterWorkflowTemplate(ctx, o, opts)
	case *v1alpha1.CronWorkflow:
		kind = "CronWorkflow"
		r = CronWorkflow(ctx, o, opts)
	case *v1alpha1.Rollout:
		kind = "Rollout"
		r = Rollout(ctx, o, opts)
	case *v1alpha1.AnalysisTemplate:
		kind = "AnalysisTemplate"
		r = AnalysisTemplate(ctx, o, opts)
	case *v1alpha1.ClusterAnalysisTemplate:
		kind = "ClusterAnalysisTemplate"
		r = ClusterAnalysisTemplate(ctx, o, opts)
	case *v1alpha1.AnalysisRun:
		kind = "AnalysisRun"
		r = AnalysisRun(ctx, o, opts)
	case *v1alpha1.Experiment:
		kind = "Experiment"
		r = Experiment(ctx, o, opts)
	case *v1alpha1.Application:
		kind = "Application"
		r = Application(ctx, o, opts)
	case *v1alpha1.AppProject:
		kind = "AppProject"
		r = AppProject(ctx, o, opts)
	case *v1alpha1.EventSource:
		kind = "EventSource"
		r = EventSource(ctx, o, opts)
	case *v1alpha1.Sensor:
		kind = "Sensor"
		r = Sensor(ctx, o, opts)
	case *v1alpha1.EventBus:
		kind = "EventBus"
		r = EventBus(ctx, o, opts)
	default:
		r.Errors = append(r.Errors, field.InternalError(nil, fmt.Errorf("no validation for %T", obj)))
		return r
	}
	r.Merge(Scope(kind, obj))
	return r
}

// Scope reports the fields Skiff models but does not implement (denied with "not supported
// by Skiff") and legacy fields that have no effect (warned about).
func Scope(kind string, obj runtime.Object) Result {
	var r Result
	data, err := json.Marshal(obj)
	if err != nil {
		r.Errors = append(r.Errors, field.InternalError(nil, err))
		return r
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		r.Errors = append(r.Errors, field.InternalError(nil, err))
		return r
	}
	for _, p := range v1alpha1.FindUnsupported(kind, m) {
		// The phrase and the path both lead the detail, so users can grep for either.
		r.Errors = append(r.Errors, field.Forbidden(p, fmt.Sprintf("%s: %s", v1alpha1.UnsupportedMessage, p)))
	}
	for _, p := range v1alpha1.FindIgnored(kind, m) {
		r.Warnf(p, "%s", v1alpha1.IgnoredMessage)
	}
	return r
}
