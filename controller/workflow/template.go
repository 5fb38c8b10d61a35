package workflow

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// findTemplate returns the invoked template (inline, by name or by templateRef), deep-copied,
// and the context its own invocations resolve in (templateref.go).
func (o *operation) findTemplate(inv *v1alpha1.TemplateInvocation) (*v1alpha1.Template, *tmplContext, error) {
	switch {
	case inv.Inline != nil:
		return inv.Inline.DeepCopy(), o.tmplCtx, nil
	case inv.TemplateRef != nil:
		return o.findTemplateRef(inv.TemplateRef)
	case o.tmplCtx != nil:
		t, err := o.storedTemplate(o.tmplCtx, inv.Template)
		return t, o.tmplCtx, err
	}
	for i := range o.wf.Spec.Templates {
		if o.wf.Spec.Templates[i].Name == inv.Template {
			return o.wf.Spec.Templates[i].DeepCopy(), nil, nil
		}
	}
	return nil, nil, fmt.Errorf("template %q not found", inv.Template)
}

// resolveTemplate binds a template's inputs from the arguments (or their defaults) and
// substitutes inputs, workflow values and pod.name into it.
func (o *operation) resolveTemplate(nodeName string, inv *v1alpha1.TemplateInvocation, args v1alpha1.Arguments) (*v1alpha1.Template, scope, *tmplContext, error) {
	tmpl, tctx, err := o.findTemplate(inv)
	if err != nil {
		return nil, nil, nil, err
	}
	supplied := map[string]string{}
	for _, p := range args.Parameters {
		if p.Value != nil {
			supplied[p.Name] = string(*p.Value)
		}
	}
	vals := map[string]string{}
	for i, p := range tmpl.Inputs.Parameters {
		v, ok := supplied[p.Name]
		switch {
		case ok:
		case p.Value != nil:
			v = string(*p.Value)
		case p.Default != nil:
			v = string(*p.Default)
		default:
			return nil, nil, nil, fmt.Errorf("inputs.parameters.%s was not supplied", p.Name)
		}
		vals["inputs.parameters."+p.Name] = v
		tmpl.Inputs.Parameters[i].Value = v1alpha1.AnyStringPtr(v)
	}
	if err := o.bindArtifacts(tmpl, args, vals); err != nil { // artifacts.go
		return nil, nil, nil, err
	}
	sc := o.globals.with(vals)
	if tmpl.RetryStrategy == nil {
		// A retried template gets pod.name (and retries) per attempt, in startAttempt.
		sc["pod.name"] = v1alpha1.WorkflowPodName(o.wf.Name, nodeName, tmpl.Name)
	}
	// Input values may themselves hold workflow tags.
	for k, v := range vals {
		if s, err := sc.substitute(v); err == nil {
			sc[k] = s
		}
	}
	out, err := sc.substituteTemplate(tmpl)
	if err != nil {
		return nil, nil, nil, err
	}
	return out, sc, tctx, nil
}

// substituteTemplate returns a copy of tmpl with the scope's tags replaced; tags the scope
// does not know are kept as written.
func (s scope) substituteTemplate(tmpl *v1alpha1.Template) (*v1alpha1.Template, error) {
	doc, err := json.Marshal(tmpl)
	if err != nil {
		return nil, err
	}
	doc, err = s.substituteJSON(doc)
	if err != nil {
		return nil, err
	}
	out := &v1alpha1.Template{}
	if err := json.Unmarshal(doc, out); err != nil {
		return nil, fmt.Errorf("substituting parameters: %w", err)
	}
	return out, nil
}

// executeTemplate runs (or advances) the node nodeName for an invocation with arguments
// already resolved. It returns the node, or false when the node was not started (stopping,
// suspended, or at the parallelism limit).
func (o *operation) executeTemplate(nodeName string, inv *v1alpha1.TemplateInvocation, args v1alpha1.Arguments, boundaryID string) (v1alpha1.NodeStatus, bool) {
	if n, ok := o.get(nodeName); ok && n.Phase.Fulfilled() {
		return n, true
	}
	tmpl, sc, tctx, err := o.resolveTemplate(nodeName, inv, args)
	defer o.enterTemplate(nodeName, inv, tctx)()
	if err != nil {
		return o.errorNode(nodeName, v1alpha1.NodeTypePod, inv.Template, boundaryID, err.Error()), true
	}
	// The workflow's own templates were checked before it started (validate.Object); only a
	// template read at run time from a (Cluster)WorkflowTemplate may carry a field that older
	// rules admitted.
	if tctx != nil || o.wf.Spec.WorkflowTemplateRef != nil {
		if f := unsupportedTemplate(tmpl); f != "" {
			msg := fmt.Sprintf("template %q: %s", tmpl.Name, notSupported([]string{f}))
			return o.errorNode(nodeName, v1alpha1.NodeTypePod, tmpl.Name, boundaryID, msg), true
		}
	}
	if err := policyDurationError(tmpl); err != nil { // durations.go
		return o.errorNode(nodeName, nodeTypeOf(tmpl), tmpl.Name, boundaryID, err.Error()), true
	}
	if tmpl.Memoize != nil { // memo.go
		if n, done := o.memoLookup(nodeName, tmpl, boundaryID); done {
			return n, true
		}
	}
	if tmpl.Synchronization != nil { // sync_nodes.go
		if n, started, wait := o.acquireNodeLocks(nodeName, tmpl, boundaryID); wait {
			return n, started
		}
	}
	run := o.executeBody
	if tmpl.RetryStrategy != nil {
		run = o.executeRetry
	}
	n, started := run(nodeName, tmpl, sc, boundaryID)
	return o.afterTemplate(tmpl, n, started) // sync_nodes.go: release locks, save memoized outputs
}

func (o *operation) executeBody(nodeName string, tmpl *v1alpha1.Template, sc scope, boundaryID string) (v1alpha1.NodeStatus, bool) {
	if err := bodyDurationError(tmpl); err != nil { // durations.go
		typ := v1alpha1.NodeTypePod
		if tmpl.Suspend != nil {
			typ = v1alpha1.NodeTypeSuspend
		}
		return o.errorNode(nodeName, typ, tmpl.Name, boundaryID, err.Error()), true
	}
	switch {
	case tmpl.Container != nil || tmpl.Script != nil:
		return o.executePod(nodeName, tmpl, boundaryID)
	case tmpl.Resource != nil:
		return o.executePod(nodeName, tmpl, boundaryID)
	case len(tmpl.Steps) > 0:
		return o.executeSteps(nodeName, tmpl, sc, boundaryID)
	case tmpl.DAG != nil:
		return o.executeDAG(nodeName, tmpl, sc, boundaryID)
	case tmpl.Suspend != nil:
		return o.executeSuspend(nodeName, tmpl, boundaryID)
	}
	if n, ok := o.get(nodeName); ok {
		return n, true
	}
	return o.initNode(nodeName, v1alpha1.NodeTypePod, tmpl.Name, boundaryID, v1alpha1.NodeError,
		fmt.Sprintf("template %q: this template type is not supported by Skiff yet", tmpl.Name)), true
}

// executeRetry runs attempts "<node>(i)" under a Retry node until one succeeds, the limit is
// reached, or the retry policy says the last outcome is not retried.
func (o *operation) executeRetry(nodeName string, tmpl *v1alpha1.Template, sc scope, boundaryID string) (v1alpha1.NodeStatus, bool) {
	rn, ok := o.get(nodeName)
	if !ok {
		if o.stopping || o.suspended {
			return rn, false
		}
		rn = o.initNode(nodeName, v1alpha1.NodeTypeRetry, tmpl.Name, boundaryID, v1alpha1.NodeRunning, "")
	}
	attempts := len(rn.Children)
	if attempts == 0 {
		return o.startAttempt(nodeName, 0, tmpl, sc, boundaryID)
	}
	last, ok := o.get(retryAttemptName(nodeName, attempts-1))
	if !ok || !last.Phase.Fulfilled() {
		last, ok = o.executeBody(retryAttemptName(nodeName, attempts-1), tmpl, sc, boundaryID)
		if !ok || !last.Phase.Fulfilled() {
			return rn, true
		}
	}
	rn, _ = o.get(nodeName)
	if last.Phase == v1alpha1.NodeSucceeded {
		rn.Outputs = last.Outputs
		return o.setPhase(rn, v1alpha1.NodeSucceeded, ""), true
	}
	rs := tmpl.RetryStrategy
	limit := math.MaxInt32
	if rs.Limit != nil {
		limit = rs.Limit.IntValue()
	}
	retry := attempts <= limit && !o.stopping
	switch rs.RetryPolicy {
	case v1alpha1.RetryPolicyAlways:
	case v1alpha1.RetryPolicyOnError, v1alpha1.RetryPolicyOnTransientError:
		retry = retry && last.Phase == v1alpha1.NodeError
	default: // OnFailure
		retry = retry && last.Phase == v1alpha1.NodeFailed
	}
	if retry && rs.Expression != "" {
		lr := scope{"lastRetry.status": string(last.Phase), "lastRetry.message": last.Message, "lastRetry.exitCode": "-1", "lastRetry.duration": "0"}
		if last.Outputs != nil && last.Outputs.ExitCode != nil {
			lr["lastRetry.exitCode"] = *last.Outputs.ExitCode
		}
		if last.StartedAt != nil && last.FinishedAt != nil {
			lr["lastRetry.duration"] = strconv.Itoa(int(last.FinishedAt.Sub(last.StartedAt.Time).Seconds()))
		}
		v, err := lr.eval(rs.Expression)
		if err != nil {
			return o.setPhase(rn, v1alpha1.NodeError, fmt.Sprintf("retryStrategy.expression: %v", err)), true
		}
		retry = v == true
	}
	if !retry {
		rn.Outputs = last.Outputs
		return o.setPhase(rn, last.Phase, last.Message), true
	}
	if b := rs.Backoff; b != nil && b.Duration != "" {
		wait := parseDuration(b.Duration)
		factor := 1
		if b.Factor != nil && b.Factor.IntValue() > 0 {
			factor = b.Factor.IntValue()
		}
		for i := 1; i < attempts; i++ {
			wait *= time.Duration(factor)
		}
		if b.Cap != "" && wait > parseDuration(b.Cap) {
			wait = parseDuration(b.Cap)
		}
		if b.MaxDuration != "" && rn.StartedAt != nil && o.now.Sub(rn.StartedAt.Time) > parseDuration(b.MaxDuration) {
			return o.setPhase(rn, last.Phase, "Max duration limit exceeded"), true
		}
		if last.FinishedAt != nil {
			if left := last.FinishedAt.Add(wait).Sub(o.now); left > 0 {
				o.requeueAfter(left)
				return rn, true
			}
		}
	}
	return o.startAttempt(nodeName, attempts, tmpl, sc, boundaryID)
}

func (o *operation) startAttempt(nodeName string, i int, tmpl *v1alpha1.Template, sc scope, boundaryID string) (v1alpha1.NodeStatus, bool) {
	name := retryAttemptName(nodeName, i)
	// Each attempt sees its own number and pod name.
	attempt := scope{"retries": strconv.Itoa(i), "pod.name": v1alpha1.WorkflowPodName(o.wf.Name, name, tmpl.Name)}
	sc = sc.with(attempt)
	body, err := attempt.substituteTemplate(tmpl)
	if err != nil {
		if _, ok := o.get(name); !ok {
			o.initNode(name, v1alpha1.NodeTypePod, tmpl.Name, boundaryID, v1alpha1.NodeError, err.Error())
			o.addChild(nodeName, name)
		}
		rn, _ := o.get(nodeName)
		return rn, true
	}
	if _, ok := o.executeBody(name, body, sc, boundaryID); ok {
		o.addChild(nodeName, name)
		if n, ok := o.get(name); ok {
			n.NodeFlag = &v1alpha1.NodeFlag{Retried: i > 0}
			o.put(n)
		}
	}
	rn, _ := o.get(nodeName)
	return rn, true
}

// nodeScope is what later steps and tasks see of a finished node, under prefix
// ("steps.s" or "tasks.A").
func nodeScope(prefix string, n v1alpha1.NodeStatus) map[string]string {
	m := map[string]string{prefix + ".id": n.ID, prefix + ".status": string(n.Phase)}
	if n.StartedAt != nil {
		m[prefix+".startedAt"] = n.StartedAt.UTC().Format(time.RFC3339)
	}
	if n.FinishedAt != nil {
		m[prefix+".finishedAt"] = n.FinishedAt.UTC().Format(time.RFC3339)
	}
	if out := n.Outputs; out != nil {
		if out.Result != nil {
			m[prefix+".outputs.result"] = *out.Result
		}
		if out.ExitCode != nil {
			m[prefix+".exitCode"] = *out.ExitCode
			m[prefix+".outputs.exitCode"] = *out.ExitCode
		}
		for _, p := range out.Parameters {
			if p.Value != nil {
				m[prefix+".outputs.parameters."+p.Name] = string(*p.Value)
			}
		}
		artifactScope(m, prefix, out)
	}
	return m
}

// aggregateScope is nodeScope for a loop: results and each parameter as JSON lists, in
// item order, as upstream aggregates them.
func aggregateScope(prefix string, children []v1alpha1.NodeStatus) map[string]string {
	var results []any
	params := map[string][]any{}
	var paramMaps []map[string]string
	for _, c := range children {
		if c.Outputs == nil {
			continue
		}
		if r := c.Outputs.Result; r != nil {
			var v any
			if json.Unmarshal([]byte(*r), &v) != nil {
				v = *r
			}
			results = append(results, v)
		}
		pm := map[string]string{}
		for _, p := range c.Outputs.Parameters {
			if p.Value != nil {
				params[p.Name] = append(params[p.Name], string(*p.Value))
				pm[p.Name] = string(*p.Value)
			}
		}
		if len(pm) > 0 {
			paramMaps = append(paramMaps, pm)
		}
	}
	m := map[string]string{}
	if results != nil {
		b, _ := json.Marshal(results)
		m[prefix+".outputs.result"] = string(b)
	}
	if paramMaps != nil {
		b, _ := json.Marshal(paramMaps)
		m[prefix+".outputs.parameters"] = string(b)
	}
	for k, v := range params {
		b, _ := json.Marshal(v)
		m[prefix+".outputs.parameters."+k] = string(b)
	}
	return m
}

// templateOutputs resolves a steps or DAG template's output parameters (valueFrom.parameter
// or expression) in the scope its children built.
func templateOutputs(tmpl *v1alpha1.Template, sc scope) (*v1alpha1.Outputs, error) {
	if len(tmpl.Outputs.Parameters) == 0 && len(tmpl.Outputs.Artifacts) == 0 {
		return nil, nil
	}
	out := &v1alpha1.Outputs{}
	arts, err := artifactOutputsFrom(tmpl, sc)
	if err != nil {
		return nil, err
	}
	out.Artifacts = arts
	for _, p := range tmpl.Outputs.Parameters {
		var v string
		switch {
		case p.ValueFrom != nil && p.ValueFrom.Parameter != "":
			s, err := sc.substitute(p.ValueFrom.Parameter)
			if err != nil {
				return nil, err
			}
			v = s
		case p.ValueFrom != nil && p.ValueFrom.Expression != "":
			r, err := sc.eval(p.ValueFrom.Expression)
			if err != nil {
				return nil, fmt.Errorf("outputs.parameters.%s: %w", p.Name, err)
			}
			v = stringify(r)
		case p.Value != nil:
			v = string(*p.Value)
		}
		if tagRE.MatchString(v) && p.ValueFrom != nil && p.ValueFrom.Default != nil {
			v = string(*p.ValueFrom.Default)
		}
		out.Parameters = append(out.Parameters, v1alpha1.Parameter{Name: p.Name, Value: v1alpha1.AnyStringPtr(v)})
	}
	return out, nil
}
