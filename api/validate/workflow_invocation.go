package validate

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// What steps and DAG tasks share: which template they call, with which arguments, how often.

// hasLoop reports whether a step or task fans out.
func hasLoop(inv *v1alpha1.TemplateInvocation) bool {
	return inv.WithItems != nil || inv.WithParam != "" || inv.WithSequence != nil
}

// validateInvocation checks a step or task at p and returns what it exposes to later nodes.
// sc is the scope its own strings are resolved in.
func (v *wfValidator) validateInvocation(p *field.Path, name string, inv *v1alpha1.TemplateInvocation, sc *tmplScope) *nodeInfo {
	var callee *v1alpha1.Template
	calleeName, known := "", false
	n := 0
	for _, set := range []bool{inv.Template != "", inv.TemplateRef != nil, inv.Inline != nil} {
		if set {
			n++
		}
	}
	switch {
	case n == 0:
		v.errorf(field.Required(p.Child("template"), "template, templateRef or inline is required"))
	case n > 1:
		v.errorf(field.Invalid(p, "", "set only one of template, templateRef and inline"))
	case inv.Template != "":
		calleeName = inv.Template
		if i, ok := v.byName[inv.Template]; ok {
			callee, known = &v.spec.Templates[i], true
		} else {
			v.checkLocalRef(p.Child("template"), inv.Template)
		}
	case inv.TemplateRef != nil:
		calleeName = inv.TemplateRef.Template
		callee, known = v.refs.template(p.Child("templateRef"), inv.TemplateRef)
	case inv.Inline != nil:
		calleeName, callee, known = "inline", inv.Inline, true
		v.validateTemplate(p.Child("inline"), inv.Inline, sc.exit)
	}

	loops := 0
	for _, set := range []bool{inv.WithItems != nil, inv.WithParam != "", inv.WithSequence != nil} {
		if set {
			loops++
		}
	}
	if loops > 1 {
		v.errorf(field.Invalid(p, "", "only one of withItems, withParam or withSequence can be specified"))
	}
	if seq := inv.WithSequence; seq != nil {
		sp := p.Child("withSequence")
		switch {
		case seq.Count != nil && seq.End != nil:
			v.errorf(field.Invalid(sp, "", "only one of count or end can be defined in withSequence"))
		case seq.Count == nil && seq.End == nil:
			v.errorf(field.Required(sp, "withSequence needs count or end"))
		}
		if seq.Count != nil {
			if c, ok := intOrStringValue(seq.Count); ok && c < 0 {
				v.errorf(field.Invalid(sp.Child("count"), seq.Count.String(), "must be non-negative"))
			}
		}
	}

	v.validateInvocationArgs(p.Child("arguments"), inv.Arguments)
	if known && callee != nil {
		v.checkSupplied(p.Child("arguments"), callee, calleeName, inv.Arguments)
	}
	if inv.When != "" {
		// "when" is govaluate-style text after substitution: its limits and tags are checked.
		if e := checkCondition(p.Child("when"), inv.When); e != nil {
			v.errorf(e)
		}
		v.tags.check(p.Child("when"), inv.When, sc)
	}
	own := *inv
	own.Inline, own.When, own.Hooks = nil, "", nil
	v.tags.checkJSON(p, &own, sc)

	if callee == nil && known {
		callee = &v1alpha1.Template{} // read, but without that template: already an error
	}
	if !known {
		callee = nil
	}
	info := newNodeInfo(callee, hasLoop(inv))

	// Hooks run after the node: they see it too.
	v.checkLocalRef(p.Child("onExit"), inv.OnExit)
	if len(inv.Hooks) > 0 {
		hs := *sc
		hs.inLoop = false
		prev := sc.visible
		hs.visible = func(n string) (*nodeInfo, bool) {
			if n == name {
				return info, true
			}
			if prev == nil {
				return nil, false
			}
			return prev(n)
		}
		for _, ev := range sortedHookNames(inv.Hooks) {
			v.validateHook(p.Child("hooks").Key(ev), inv.Hooks[v1alpha1.LifecycleEvent(ev)], &hs)
		}
	}
	return info
}

// validateInvocationArgs checks the arguments a step or task passes.
func (v *wfValidator) validateInvocationArgs(p *field.Path, args v1alpha1.Arguments) {
	v.validateParamNames(p.Child("parameters"), args.Parameters)
	for i, prm := range args.Parameters {
		pp := p.Child("parameters").Index(i)
		if prm.Value == nil && prm.ValueFrom == nil && prm.Default == nil {
			v.errorf(field.Required(pp.Child("value"), fmt.Sprintf("arguments.parameters.%s.value or .valueFrom is required", prm.Name)))
		}
		if vf := prm.ValueFrom; vf != nil && (vf.Path != "" || vf.JSONPath != "" || vf.JQFilter != "" || vf.Parameter != "" || vf.Event != "" || vf.Expression != "") {
			v.errorf(field.Invalid(pp.Child("valueFrom"), prm.Name, "valueFrom only allows: default, configMapKeyRef and supplied"))
		}
	}
	v.validateArtifactNames(p.Child("artifacts"), args.Artifacts)
	for i, a := range args.Artifacts {
		if a.From == "" && a.FromExpression == "" && !hasLocation(&a.ArtifactLocation) {
			v.errorf(field.Required(p.Child("artifacts").Index(i), fmt.Sprintf("arguments.artifacts.%s: from, artifact location, or key is required", a.Name)))
		}
	}
}

// hasLocation reports whether an artifact names a storage location.
func hasLocation(l *v1alpha1.ArtifactLocation) bool {
	return l.S3 != nil || l.Git != nil || l.HTTP != nil || l.Artifactory != nil || l.HDFS != nil ||
		l.Raw != nil || l.OSS != nil || l.GCS != nil || l.Azure != nil || l.Plugin != nil
}

// validateHook checks a lifecycle hook: it calls a template and, unless it is the exit hook,
// has an expression.
func (v *wfValidator) validateHook(p *field.Path, h v1alpha1.LifecycleHook, sc *tmplScope) {
	switch {
	case h.Template != "" && h.TemplateRef != nil:
		v.errorf(field.Invalid(p, "", "set template or templateRef, not both"))
	case h.Template != "":
		v.checkLocalRef(p.Child("template"), h.Template)
		if i, ok := v.byName[h.Template]; ok {
			v.checkSupplied(p.Child("arguments"), &v.spec.Templates[i], h.Template, h.Arguments)
		}
	case h.TemplateRef != nil:
		if t, _ := v.refs.template(p.Child("templateRef"), h.TemplateRef); t != nil {
			v.checkSupplied(p.Child("arguments"), t, h.TemplateRef.Template, h.Arguments)
		}
	default:
		v.errorf(field.Required(p.Child("template"), "a hook needs a template or templateRef"))
	}
	if h.Expression != "" && !strings.Contains(h.Expression, "{{") {
		checkExpr(v.res, p.Child("expression"), h.Expression)
	}
	v.validateInvocationArgs(p.Child("arguments"), h.Arguments)
	if sc != nil {
		hs := *sc
		hs.exit = true
		v.tags.checkJSON(p.Child("arguments"), h.Arguments, &hs)
	}
}
