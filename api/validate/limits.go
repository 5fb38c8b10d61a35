package validate

import (
	"errors"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/limits"
)

// overLimit reports whether err is an api/limits refusal (rather than a parse error).
func overLimit(err error) bool {
	var le *limits.Error
	return errors.As(err, &le)
}

// invalidText is the field error for text a parser refused. A value over a limit may be
// megabytes long: the error then shows only its start, so that the admission response
// stays small.
func invalidText(p *field.Path, value string, detail string, err error) *field.Error {
	if overLimit(err) {
		value = limits.Abbrev(value)
	}
	return field.Invalid(p, value, detail)
}

// checkCondition checks a when condition against the limits: govaluate-style text whose
// {{...}} tags are filled in at run time, so the tags count as plain values here.
func checkCondition(p *field.Path, s string) *field.Error {
	err := limits.Length(s, limits.MaxExpressionLength, "an expression")
	if err == nil {
		err = limits.Nesting(limits.Depth(oTemplateRE.ReplaceAllString(s, "x")))
	}
	if err != nil {
		return invalidText(p, s, "condition "+err.Error(), err)
	}
	return nil
}

// nesting is the depth counter of a recursive descent parser ("(" and "!" in depends and
// Sensor conditions), so that the parser bounds its own recursion whatever its caller checked.
type nesting struct {
	depth int
}

// nested parses one level deeper, refusing more than limits.MaxDepth levels.
func (n *nesting) nested(parse func() error) error {
	n.depth++
	defer func() { n.depth-- }()
	if err := limits.Nesting(n.depth); err != nil {
		return err
	}
	return parse()
}
