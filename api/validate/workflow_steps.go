package validate

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// stepRef is a step as later groups see it.
type stepRef struct {
	group int
	info  *nodeInfo
}

// validateSteps checks a steps template: names unique and well formed, each step's call, and
// that steps only read the outputs of groups that have finished before theirs.
func (v *wfValidator) validateSteps(p *field.Path, t *v1alpha1.Template, sc *tmplScope) {
	sp := p.Child("steps")
	seen := map[string]*stepRef{}
	for gi, group := range t.Steps {
		cur := gi
		groupScope := *sc
		groupScope.kind = "steps"
		groupScope.visible = func(name string) (*nodeInfo, bool) {
			s, ok := seen[name]
			if !ok || s.group >= cur {
				return nil, false
			}
			return s.info, true
		}
		for si := range group {
			step := &group[si]
			p := sp.Index(gi).Index(si)
			switch {
			case step.Name == "":
				v.errorf(field.Required(p.Child("name"), "a step needs a name"))
			default:
				if msg := checkStepName(step.Name); msg != "" {
					v.errorf(field.Invalid(p.Child("name"), step.Name, msg))
				}
				if _, dup := seen[step.Name]; dup {
					v.errorf(field.Duplicate(p.Child("name"), step.Name))
				}
			}
			stepScope := groupScope
			stepScope.inLoop = hasLoop(&step.TemplateInvocation)
			info := v.validateInvocation(p, step.Name, &step.TemplateInvocation, &stepScope)
			if _, dup := seen[step.Name]; !dup && step.Name != "" {
				seen[step.Name] = &stepRef{group: gi, info: info}
			}
		}
	}
	// The template's own fields (outputs above all) see every step.
	all := *sc
	all.kind = "steps"
	all.visible = func(name string) (*nodeInfo, bool) {
		s, ok := seen[name]
		if !ok {
			return nil, false
		}
		return s.info, true
	}
	rest := *t
	rest.Steps = nil
	v.tags.checkJSON(p, &rest, &all)
}
