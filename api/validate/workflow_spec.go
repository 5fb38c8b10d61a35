package validate

import (
	"context"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Workflow validates a Workflow: its spec must be runnable as submitted.
func Workflow(ctx context.Context, wf *v1alpha1.Workflow, opts Options) Result {
	var r Result
	v := newWFValidator(ctx, opts, &r, &wf.Spec, field.NewPath("spec"), wf.Namespace, false)
	v.validateRunnable()
	r.Errors = append(r.Errors, workflowSize(wf)...)
	return r
}

// WorkflowTemplate validates a WorkflowTemplate: like a Workflow, but the entrypoint may be
// left to the submitter and so may the values of its arguments and workflow parameters.
func WorkflowTemplate(ctx context.Context, t *v1alpha1.WorkflowTemplate, opts Options) Result {
	var r Result
	v := newWFValidator(ctx, opts, &r, &t.Spec, field.NewPath("spec"), t.Namespace, true)
	v.validateSpec()
	return r
}

// ClusterWorkflowTemplate validates a ClusterWorkflowTemplate like a WorkflowTemplate.
func ClusterWorkflowTemplate(ctx context.Context, t *v1alpha1.ClusterWorkflowTemplate, opts Options) Result {
	var r Result
	v := newWFValidator(ctx, opts, &r, &t.Spec, field.NewPath("spec"), "", true)
	v.validateSpec()
	return r
}

// wfValidator holds what validating one WorkflowSpec needs: indexes built once, then
// consulted by every template, step and task.
type wfValidator struct {
	ctx        context.Context
	opts       Options
	res        *Result
	tags       tagChecker
	spec       *v1alpha1.WorkflowSpec
	path       *field.Path
	namespace  string
	isTemplate bool // a (Cluster)WorkflowTemplate: the submitter supplies values

	byName            map[string]int
	globalParams      map[string]bool
	globalOutParams   map[string]bool
	globalOutArts     map[string]bool
	anyGlobalOutParam bool
	anyGlobalOutArt   bool
	exitTemplates     map[string]bool
	specVolumes       map[string]bool
	refs              *refResolver
}

func newWFValidator(ctx context.Context, opts Options, r *Result, spec *v1alpha1.WorkflowSpec, path *field.Path, ns string, isTemplate bool) *wfValidator {
	return &wfValidator{
		ctx: ctx, opts: opts, res: r, tags: tagChecker{res: r}, spec: spec, path: path,
		namespace: ns, isTemplate: isTemplate,
		refs: newRefResolver(ctx, opts.Lookup, ns, r),
	}
}

func (v *wfValidator) errorf(err *field.Error) { v.res.Errors = append(v.res.Errors, err) }

// validateRunnable validates the spec of something that runs: a Workflow, or a CronWorkflow's
// workflowSpec. It needs an entrypoint, its own or the referenced template's.
func (v *wfValidator) validateRunnable() {
	if ref := v.spec.WorkflowTemplateRef; ref != nil {
		v.validateWorkflowTemplateRef(ref)
		v.validateSpecFields()
		v.validateArguments(v.path.Child("arguments"), true)
		return
	}
	if v.spec.Entrypoint == "" {
		v.errorf(field.Required(v.path.Child("entrypoint"), "a workflow needs an entrypoint (or a workflowTemplateRef)"))
	}
	v.validateSpec()
}

// validateWorkflowTemplateRef checks a workflow that runs a (Cluster)WorkflowTemplate: it may
// not bring templates of its own, and its entrypoint and onExit must exist in the target.
func (v *wfValidator) validateWorkflowTemplateRef(ref *v1alpha1.WorkflowTemplateRef) {
	p := v.path.Child("workflowTemplateRef")
	if len(v.spec.Templates) > 0 {
		v.errorf(field.Forbidden(v.path.Child("templates"), "templates cannot be set together with workflowTemplateRef: the templates come from the referenced template"))
	}
	if ref.Name == "" {
		v.errorf(field.Required(p.Child("name"), ""))
		return
	}
	cluster := ref.ClusterScope != nil && *ref.ClusterScope
	target := v.refs.spec(p, ref.Name, cluster)
	if target == nil {
		return
	}
	names := map[string]bool{}
	for _, t := range target.Templates {
		names[t.Name] = true
	}
	entry := v.spec.Entrypoint
	if entry == "" {
		entry = target.Entrypoint
	}
	switch {
	case entry == "":
		v.errorf(field.Required(v.path.Child("entrypoint"), fmt.Sprintf("neither the workflow nor %s sets an entrypoint", ref.Name)))
	case !names[entry] && !strings.Contains(entry, "{{"):
		v.errorf(field.NotFound(v.path.Child("entrypoint"), entry))
	}
	if v.spec.OnExit != "" && !names[v.spec.OnExit] {
		v.errorf(field.NotFound(v.path.Child("onExit"), v.spec.OnExit))
	}
}

// validateSpec validates a spec with templates of its own.
func (v *wfValidator) validateSpec() {
	v.index()
	v.validateSpecFields()
	v.validateArguments(v.path.Child("arguments"), v.isTemplate || v.opts.Lint)
	v.validateTemplateNames()
	if e := v.spec.Entrypoint; e != "" {
		if i, ok := v.byName[e]; ok {
			if !v.isTemplate && !v.opts.Lint {
				v.checkSupplied(v.path.Child("arguments", "parameters"), &v.spec.Templates[i], v.spec.Templates[i].Name, v.spec.Arguments)
			}
		} else if !strings.Contains(e, "{{") {
			v.errorf(field.Invalid(v.path.Child("entrypoint"), e, fmt.Sprintf("entrypoint template %s not found", e)))
		}
	}
	v.checkLocalRef(v.path.Child("onExit"), v.spec.OnExit)
	for _, ev := range sortedHookNames(v.spec.Hooks) {
		h := v.spec.Hooks[v1alpha1.LifecycleEvent(ev)]
		v.validateHook(v.path.Child("hooks").Key(ev), h, nil)
	}
	if d := v.spec.TemplateDefaults; d != nil {
		v.validateTemplatePolicies(v.path.Child("templateDefaults"), d)
	}
	for i := range v.spec.Templates {
		v.validateTemplate(v.path.Child("templates").Index(i), &v.spec.Templates[i], v.exitTemplates[v.spec.Templates[i].Name])
	}
}

// index builds the maps every template check consults.
func (v *wfValidator) index() {
	s := v.spec
	v.byName = make(map[string]int, len(s.Templates))
	for i, t := range s.Templates {
		if _, dup := v.byName[t.Name]; !dup {
			v.byName[t.Name] = i
		}
	}
	v.globalParams = map[string]bool{}
	for _, p := range s.Arguments.Parameters {
		v.globalParams[p.Name] = true
	}
	v.globalOutParams, v.globalOutArts = map[string]bool{}, map[string]bool{}
	for _, t := range s.Templates {
		for _, p := range t.Outputs.Parameters {
			if p.GlobalName != "" {
				v.globalOutParams[p.GlobalName] = true
				v.anyGlobalOutParam = v.anyGlobalOutParam || strings.Contains(p.GlobalName, "{{")
			}
		}
		for _, a := range t.Outputs.Artifacts {
			if a.GlobalName != "" {
				v.globalOutArts[a.GlobalName] = true
				v.anyGlobalOutArt = v.anyGlobalOutArt || strings.Contains(a.GlobalName, "{{")
			}
		}
	}
	v.exitTemplates = v.exitReachable()
	v.specVolumes = make(map[string]bool, len(s.Volumes)+len(s.VolumeClaimTemplates))
	for _, vol := range s.Volumes {
		v.specVolumes[vol.Name] = true
	}
	for _, c := range s.VolumeClaimTemplates {
		v.specVolumes[c.ObjectMeta.Name] = true
	}
}

// exitReachable lists the templates that run as exit handlers (or hooks), directly or called
// from one: only they may read workflow.status and workflow.failures.
func (v *wfValidator) exitReachable() map[string]bool {
	seen := map[string]bool{}
	var queue []string
	add := func(name string) {
		if name != "" && !seen[name] {
			seen[name] = true
			queue = append(queue, name)
		}
	}
	add(v.spec.OnExit)
	for _, h := range v.spec.Hooks {
		add(h.Template)
	}
	for _, t := range v.spec.Templates {
		forEachInvocation(&t, func(inv *v1alpha1.TemplateInvocation) {
			add(inv.OnExit)
			for _, h := range inv.Hooks {
				add(h.Template)
			}
		})
	}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		i, ok := v.byName[name]
		if !ok {
			continue
		}
		forEachInvocation(&v.spec.Templates[i], func(inv *v1alpha1.TemplateInvocation) { add(inv.Template) })
	}
	return seen
}

// forEachInvocation calls fn for each step and task of a template.
func forEachInvocation(t *v1alpha1.Template, fn func(*v1alpha1.TemplateInvocation)) {
	for _, g := range t.Steps {
		for j := range g {
			fn(&g[j].TemplateInvocation)
		}
	}
	if t.DAG != nil {
		for j := range t.DAG.Tasks {
			fn(&t.DAG.Tasks[j].TemplateInvocation)
		}
	}
}

// validateTemplateNames checks that template names are present, well formed and unique.
func (v *wfValidator) validateTemplateNames() {
	seen := make(map[string]bool, len(v.spec.Templates))
	for i, t := range v.spec.Templates {
		p := v.path.Child("templates").Index(i).Child("name")
		if t.Name == "" {
			v.errorf(field.Required(p, "a template needs a name"))
			continue
		}
		if msg := checkObjectFieldName(t.Name); msg != "" {
			v.errorf(field.Invalid(p, t.Name, msg))
		}
		if seen[t.Name] {
			v.errorf(field.Duplicate(p, t.Name))
		}
		seen[t.Name] = true
	}
}

// checkLocalRef reports a template name that names no template of this spec.
func (v *wfValidator) checkLocalRef(p *field.Path, name string) {
	if name == "" || strings.Contains(name, "{{") {
		return
	}
	if _, ok := v.byName[name]; !ok {
		v.errorf(field.Invalid(p, name, fmt.Sprintf("template name '%s' undefined", name)))
	}
}

// validateArguments checks the workflow's own arguments. relaxed: values may be missing
// (supplied at submission).
func (v *wfValidator) validateArguments(p *field.Path, relaxed bool) {
	v.validateParamNames(p.Child("parameters"), v.spec.Arguments.Parameters)
	v.validateArtifactNames(p.Child("artifacts"), v.spec.Arguments.Artifacts)
	for i, prm := range v.spec.Arguments.Parameters {
		pp := p.Child("parameters").Index(i)
		if !relaxed && prm.Value == nil && prm.ValueFrom == nil {
			v.errorf(field.Required(pp.Child("value"), fmt.Sprintf("spec.arguments.%s.value or spec.arguments.%s.valueFrom is required", prm.Name, prm.Name)))
		}
		validateEnum(v.res, pp, prm)
	}
}

// validateEnum checks an enum list and that the value belongs to it.
func validateEnum(r *Result, p *field.Path, prm v1alpha1.Parameter) {
	if prm.Enum == nil {
		return
	}
	if len(prm.Enum) == 0 {
		r.Errors = append(r.Errors, field.Required(p.Child("enum"), "enum should contain at least one value"))
		return
	}
	if prm.Value == nil || strings.Contains(string(*prm.Value), "{{") {
		return
	}
	for _, e := range prm.Enum {
		if e == *prm.Value {
			return
		}
	}
	r.Errors = append(r.Errors, field.NotSupported(p.Child("value"), string(*prm.Value), anyStrings(prm.Enum)))
}

func anyStrings(in []v1alpha1.AnyString) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = string(s)
	}
	return out
}

// checkSupplied reports input parameters of the called template that have no value of their
// own and that the caller's arguments do not supply.
func (v *wfValidator) checkSupplied(p *field.Path, callee *v1alpha1.Template, calleeName string, args v1alpha1.Arguments) {
	for _, in := range callee.Inputs.Parameters {
		if in.Value != nil || in.Default != nil || in.ValueFrom != nil {
			continue
		}
		supplied := false
		for _, a := range args.Parameters {
			if a.Name == in.Name {
				supplied = true
				break
			}
		}
		if !supplied {
			v.errorf(field.Required(p, fmt.Sprintf("templates.%s inputs.parameters.%s was not supplied", calleeName, in.Name)))
		}
	}
}
