package cronworkflow

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	corev1 "k8s.io/api/core/v1"

	"github.com/skiff-dev/skiff/api/limits"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// cronVars are the cronworkflow.* variables of when and stopStrategy.expression, as upstream
// offers them.
func cronVars(cw *v1alpha1.CronWorkflow) map[string]any {
	var last any // nil before the first run, so "cronworkflow.lastScheduledTime == nil" works
	if t := cw.Status.LastScheduledTime; t != nil {
		last = t.Time
	}
	labels, annotations := map[string]string{}, map[string]string{}
	for k, v := range cw.Labels {
		labels[k] = v
	}
	for k, v := range cw.Annotations {
		annotations[k] = v
	}
	return map[string]any{
		"name":              cw.Name,
		"namespace":         cw.Namespace,
		"labels":            labels,
		"annotations":       annotations,
		"failed":            cw.Status.Failed,
		"succeeded":         cw.Status.Succeeded,
		"lastScheduledTime": last,
	}
}

// tag matches {{cronworkflow.x}} and {{= expression}}.
var tag = regexp.MustCompile(`\{\{\s*(=)?\s*(.*?)\s*\}\}`)

// evalWhen decides spec.when at a firing: its {{...}} tags are replaced (an {{= }} tag by the
// value of its expression, a plain tag by the variable), and what remains must evaluate to a
// boolean. An empty when always runs.
func evalWhen(cw *v1alpha1.CronWorkflow, now time.Time) (bool, error) {
	if strings.TrimSpace(cw.Spec.When) == "" {
		return true, nil
	}
	vars := cronVars(cw)
	env := map[string]any{"cronworkflow": vars, "now": func() time.Time { return now }}
	var firstErr error
	text := tag.ReplaceAllStringFunc(cw.Spec.When, func(m string) string {
		sub := tag.FindStringSubmatch(m)
		if sub[1] == "=" {
			v, err := evalAt(sub[2], env)
			if err != nil && firstErr == nil {
				firstErr = fmt.Errorf("%s: %v", sub[2], firstLine(err.Error()))
			}
			return fmt.Sprint(v)
		}
		name, ok := strings.CutPrefix(sub[2], "cronworkflow.")
		v, found := vars[name]
		if !ok || !found {
			if firstErr == nil {
				firstErr = fmt.Errorf("unknown variable %q (want cronworkflow.name, namespace, failed, succeeded or lastScheduledTime)", sub[2])
			}
			return m
		}
		return fmt.Sprint(v)
	})
	if firstErr != nil {
		return false, firstErr
	}
	v, err := evalAt(text, env)
	if err != nil {
		return false, fmt.Errorf("%q: %v", text, firstLine(err.Error()))
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("%q is %v, not a boolean", text, v)
	}
	return b, nil
}

// applyStopStrategy moves the CronWorkflow to phase Stopped (with upstream's completed label)
// while stopStrategy.expression holds over cronworkflow.succeeded/failed, and back to Active
// if an edited expression no longer holds.
func (o *operation) applyStopStrategy() error {
	cw := o.cw
	stop, err := stopHolds(cw)
	if err != nil {
		return err
	}
	switch {
	case stop && cw.Status.Phase != v1alpha1.CronWorkflowStopped:
		cw.Status.Phase = v1alpha1.CronWorkflowStopped
		if cw.Labels == nil {
			cw.Labels = map[string]string{}
		}
		cw.Labels[LabelCompleted] = "true"
		o.event(corev1.EventTypeNormal, ReasonStopped, nil, "Stopped scheduling: stopStrategy.expression %q is true (succeeded %d, failed %d)",
			cw.Spec.StopStrategy.Expression, cw.Status.Succeeded, cw.Status.Failed)
		o.log.Info("Stopped scheduling", "expression", cw.Spec.StopStrategy.Expression)
	case !stop && cw.Status.Phase == v1alpha1.CronWorkflowStopped:
		cw.Status.Phase = v1alpha1.CronWorkflowActive
		delete(cw.Labels, LabelCompleted)
		o.event(corev1.EventTypeNormal, ReasonReactivated, nil, "Scheduling again: the stopStrategy no longer holds")
	}
	return nil
}

// stopHolds evaluates stopStrategy.expression (false without one).
func stopHolds(cw *v1alpha1.CronWorkflow) (bool, error) {
	ss := cw.Spec.StopStrategy
	if ss == nil {
		return false, nil
	}
	if err := limits.Expression(ss.Expression); err != nil {
		return false, fmt.Errorf("stopStrategy.expression %w", err)
	}
	v, err := expr.Eval(ss.Expression, map[string]any{"cronworkflow": cronVars(cw)})
	if err != nil {
		return false, fmt.Errorf("%q: %v", ss.Expression, firstLine(err.Error()))
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("%q is %v, not a boolean", ss.Expression, v)
	}
	return b, nil
}

// evalAt evaluates an expression with now() reading the reconcile's clock rather than the
// wall clock, so that a run is decided for the time it is decided at (and tests can fix it).
// The limits come first: expr-lang's parser recurses on nesting.
func evalAt(code string, env map[string]any) (any, error) {
	if err := limits.Evaluated(code); err != nil {
		return nil, err
	}
	prog, err := expr.Compile(code, expr.DisableBuiltin("now"))
	if err != nil {
		return nil, err
	}
	return expr.Run(prog, env)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
