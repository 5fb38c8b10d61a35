package validate

import (
	"context"
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// refResolver fetches the (Cluster)WorkflowTemplates that templateRef and workflowTemplateRef
// name, once each. A target it cannot see (no Lookup, not found, lookup error) is a warning:
// the template may be created after the workflow, and the controller reports it then.
type refResolver struct {
	ctx       context.Context
	lookup    Lookup
	namespace string
	res       *Result
	cache     map[string]*v1alpha1.WorkflowSpec
	warned    map[string]bool
}

func newRefResolver(ctx context.Context, l Lookup, ns string, r *Result) *refResolver {
	return &refResolver{ctx: ctx, lookup: l, namespace: ns, res: r, cache: map[string]*v1alpha1.WorkflowSpec{}, warned: map[string]bool{}}
}

// spec returns the spec of the named template object, or nil (with a warning) when it cannot
// be read.
func (r *refResolver) spec(p *field.Path, name string, cluster bool) *v1alpha1.WorkflowSpec {
	kind := "WorkflowTemplate"
	if cluster {
		kind = "ClusterWorkflowTemplate"
	}
	key := kind + "/" + name
	if s, ok := r.cache[key]; ok {
		return s
	}
	var out *v1alpha1.WorkflowSpec
	var why string
	switch {
	case strings.Contains(name, "{{"):
		why = "its name is filled in at run time"
	case r.lookup == nil:
		why = "no cluster to look it up in (offline)"
	default:
		var err error
		if cluster {
			obj := &v1alpha1.ClusterWorkflowTemplate{}
			if err = r.lookup.Get(r.ctx, "", name, obj); err == nil {
				out = &obj.Spec
			}
		} else {
			obj := &v1alpha1.WorkflowTemplate{}
			if err = r.lookup.Get(r.ctx, r.namespace, name, obj); err == nil {
				out = &obj.Spec
			}
		}
		switch {
		case err == nil:
		case apierrors.IsNotFound(err):
			why = "it does not exist (yet)"
		default:
			why = "looking it up failed: " + err.Error()
		}
	}
	r.cache[key] = out
	if out == nil && !r.warned[key] {
		r.warned[key] = true
		r.res.Warnf(p, "%s %q not checked: %s", kind, name, why)
	}
	return out
}

// template resolves a templateRef to the template it names. found is false when the target
// object could not be read (already warned about); tmpl is nil when it was read but has no
// such template (an error, reported here).
func (r *refResolver) template(p *field.Path, ref *v1alpha1.TemplateRef) (tmpl *v1alpha1.Template, found bool) {
	if ref.Name == "" {
		r.res.Errors = append(r.res.Errors, field.Required(p.Child("name"), "templateRef needs the name of a WorkflowTemplate"))
		return nil, false
	}
	if ref.Template == "" {
		r.res.Errors = append(r.res.Errors, field.Required(p.Child("template"), "templateRef needs a template name"))
		return nil, false
	}
	cluster := ref.ClusterScope != nil && *ref.ClusterScope
	s := r.spec(p, ref.Name, cluster)
	if s == nil {
		return nil, false
	}
	if strings.Contains(ref.Template, "{{") {
		return nil, false
	}
	for i := range s.Templates {
		if s.Templates[i].Name == ref.Template {
			return &s.Templates[i], true
		}
	}
	r.res.Errors = append(r.res.Errors, field.NotFound(p.Child("template"), fmt.Sprintf("template %s not found in %s", ref.Template, ref.Name)))
	return nil, true
}
