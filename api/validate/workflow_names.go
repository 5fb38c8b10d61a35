package validate

import (
	"fmt"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// maxNameLen bounds template, step and task names (they become parts of node names).
const maxNameLen = 128

// checkObjectFieldName checks a template, step or task name: letters, digits and '-', not
// starting with '-'. It returns "" when the name is well formed.
func checkObjectFieldName(name string) string {
	if len(name) > maxNameLen {
		return fmt.Sprintf("must be no more than %d characters", maxNameLen)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if isAlnum(c) || (c == '-' && i > 0) {
			continue
		}
		return "name is invalid: must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character (e.g. My-name1-2, 123-NAME)"
	}
	return ""
}

// checkStepName checks a step name whose {{...}} parts are filled at run time: the parts are
// replaced by a letter and the rest must be well formed.
func checkStepName(name string) string {
	if !strings.Contains(name, "{{") {
		return checkObjectFieldName(name)
	}
	var b strings.Builder
	forEachTagSpan(name, func(text string, tag bool) {
		if tag {
			b.WriteByte('x')
		} else {
			b.WriteString(text)
		}
	})
	return checkObjectFieldName(b.String())
}

// forEachTagSpan splits s into literal text and top-level {{...}} tags.
func forEachTagSpan(s string, fn func(text string, tag bool)) {
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			if s != "" {
				fn(s, false)
			}
			return
		}
		if i > 0 {
			fn(s[:i], false)
		}
		depth, j := 1, i+2
		for j < len(s) && depth > 0 {
			switch {
			case strings.HasPrefix(s[j:], "{{"):
				depth++
				j += 2
			case strings.HasPrefix(s[j:], "}}"):
				depth--
				j += 2
			default:
				j++
			}
		}
		fn(s[i:j], true)
		s = s[j:]
	}
}

// checkParamName checks a parameter or artifact name: letters, digits, '-' and '_'.
func checkParamName(name string) string {
	if name == "" {
		return "name is required"
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isAlnum(c) && c != '-' && c != '_' {
			return "name is invalid: must consist of alpha-numeric characters, '_' or '-'"
		}
	}
	return ""
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// validateParamNames checks the names of a parameter list: present, well formed, unique.
func (v *wfValidator) validateParamNames(p *field.Path, params []v1alpha1.Parameter) {
	names := make([]string, len(params))
	for i := range params {
		names[i] = params[i].Name
	}
	v.validateListNames(p, names)
}

// validateArtifactNames checks the names of an artifact list: present, well formed, unique.
func (v *wfValidator) validateArtifactNames(p *field.Path, arts []v1alpha1.Artifact) {
	names := make([]string, len(arts))
	for i := range arts {
		names[i] = arts[i].Name
	}
	v.validateListNames(p, names)
}

// validateListNames checks the names of list items (p[i].name): present, well formed unless
// templated, unique.
func (v *wfValidator) validateListNames(p *field.Path, names []string) {
	seen := make(map[string]bool, len(names))
	for i, name := range names {
		np := p.Index(i).Child("name")
		if name == "" {
			v.errorf(field.Required(np, "name is required"))
			continue
		}
		if msg := checkParamName(name); msg != "" && !strings.Contains(name, "{{") {
			v.errorf(field.Invalid(np, name, msg))
		}
		if seen[name] {
			v.errorf(field.Duplicate(np, name))
		}
		seen[name] = true
	}
}

// sortedHookNames returns the hook names in a stable order.
func sortedHookNames(h v1alpha1.LifecycleHooks) []string {
	out := make([]string, 0, len(h))
	for k := range h {
		out = append(out, string(k))
	}
	sort.Strings(out)
	return out
}
