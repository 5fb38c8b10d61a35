package validate

import (
	"fmt"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/limits"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

var (
	evComparators = []string{">=", ">", "=", "!=", "<", "<="}
	evDataTypes   = []string{"string", "number", "bool"}
)

func evLogicalOperator(p *field.Path, op v1alpha1.SensorLogicalOperator) field.ErrorList {
	switch op {
	case "", v1alpha1.SensorLogicalAnd, v1alpha1.SensorLogicalOr:
		return nil
	}
	return field.ErrorList{field.NotSupported(p, op, []string{"and", "or"})}
}

func evDependencyFilter(p *field.Path, f *v1alpha1.SensorEventDependencyFilter) field.ErrorList {
	if f == nil {
		return nil
	}
	var errs field.ErrorList
	errs = append(errs, evLogicalOperator(p.Child("dataLogicalOperator"), f.DataLogicalOperator)...)
	errs = append(errs, evLogicalOperator(p.Child("exprLogicalOperator"), f.ExprLogicalOperator)...)
	for i, d := range f.Data {
		dp := p.Child("data").Index(i)
		if d.Comparator != "" && !oContains(evComparators, d.Comparator) {
			errs = append(errs, field.NotSupported(dp.Child("comparator"), d.Comparator, evComparators))
		}
		if d.Path == "" {
			errs = append(errs, field.Required(dp.Child("path"), ""))
		}
		if d.Type == "" {
			errs = append(errs, field.Required(dp.Child("type"), ""))
		} else if !oContains(evDataTypes, d.Type) {
			errs = append(errs, field.NotSupported(dp.Child("type"), d.Type, evDataTypes))
		}
		if len(d.Value) == 0 {
			errs = append(errs, field.Required(dp.Child("value"), "at least one value to compare with"))
		}
		for j, v := range d.Value {
			if v == "" {
				errs = append(errs, field.Required(dp.Child("value").Index(j), "value must be not empty"))
			}
		}
	}
	for i, e := range f.Exprs {
		ep := p.Child("exprs").Index(i)
		known := map[string]bool{}
		if len(e.Fields) == 0 {
			errs = append(errs, field.Required(ep.Child("fields"), "an expr filter names the payload fields it reads"))
		}
		for j, fl := range e.Fields {
			if fl.Path == "" {
				errs = append(errs, field.Required(ep.Child("fields").Index(j).Child("path"), ""))
			}
			if fl.Name == "" {
				errs = append(errs, field.Required(ep.Child("fields").Index(j).Child("name"), ""))
			}
			known[fl.Name] = true
		}
		if e.Expr == "" {
			errs = append(errs, field.Required(ep.Child("expr"), ""))
			continue
		}
		// Filters are evaluated with govaluate, whose regex operators are =~ and !~.
		if err := limits.Expression(e.Expr); err != nil {
			errs = append(errs, invalidText(ep.Child("expr"), e.Expr, err.Error(), err))
			continue
		}
		src := strings.NewReplacer("=~", " matches ", "!~", " matches ").Replace(e.Expr)
		if err := oExprCheck(src, known); err != nil {
			errs = append(errs, field.Invalid(ep.Child("expr"), e.Expr, err.Error()))
		}
	}
	if c := f.Context; c != nil && c.Type == "" && c.Subject == "" && c.Source == "" && c.DataContentType == "" {
		errs = append(errs, field.Required(p.Child("context"), "no fields specified in ctx filter (aka all events will be discarded)"))
	}
	if t := f.Time; t != nil {
		tp := p.Child("time")
		start, errStart := time.Parse("15:04:05", t.Start)
		if errStart != nil {
			errs = append(errs, field.Invalid(tp.Child("start"), t.Start, "must be a time of day HH:MM:SS"))
		}
		stop, errStop := time.Parse("15:04:05", t.Stop)
		if errStop != nil {
			errs = append(errs, field.Invalid(tp.Child("stop"), t.Stop, "must be a time of day HH:MM:SS"))
		}
		if errStart == nil && errStop == nil && start.Equal(stop) {
			errs = append(errs, field.Invalid(tp.Child("stop"), t.Stop, "stop is equal to start"))
		}
		if t.Timezone != "" {
			if _, err := time.LoadLocation(t.Timezone); err != nil {
				errs = append(errs, field.Invalid(tp.Child("timezone"), t.Timezone, "unknown time zone"))
			}
		}
	}
	return errs
}

// evConditions parses a trigger's conditions: dependency names joined by && and ||, with
// parentheses (and ! for negation). Names may contain '-', as upstream allows. The text is
// checked against the limits first, and the parser counts its own depth as well.
func evConditions(cond string, deps oNames) error {
	if err := limits.Expression(cond); err != nil {
		return err
	}
	c := &evCondParser{src: cond, deps: deps}
	if err := c.or(); err != nil {
		return err
	}
	c.space()
	if c.pos < len(c.src) {
		return fmt.Errorf("unexpected %q at character %d", c.src[c.pos:], c.pos+1)
	}
	return nil
}

type evCondParser struct {
	nesting
	src  string
	pos  int
	deps oNames
}

func (c *evCondParser) space() {
	for c.pos < len(c.src) && (c.src[c.pos] == ' ' || c.src[c.pos] == '\t' || c.src[c.pos] == '\n') {
		c.pos++
	}
}

func (c *evCondParser) eat(tok string) bool {
	c.space()
	if strings.HasPrefix(c.src[c.pos:], tok) {
		c.pos += len(tok)
		return true
	}
	return false
}

func (c *evCondParser) or() error {
	if err := c.and(); err != nil {
		return err
	}
	for c.eat("||") {
		if err := c.and(); err != nil {
			return err
		}
	}
	return nil
}

func (c *evCondParser) and() error {
	if err := c.unary(); err != nil {
		return err
	}
	for c.eat("&&") {
		if err := c.unary(); err != nil {
			return err
		}
	}
	return nil
}

func (c *evCondParser) unary() error {
	if c.eat("!") {
		return c.nested(c.unary)
	}
	if c.eat("(") {
		if err := c.nested(c.or); err != nil {
			return err
		}
		if !c.eat(")") {
			return fmt.Errorf("missing ')' at character %d", c.pos+1)
		}
		return nil
	}
	c.space()
	start := c.pos
	for c.pos < len(c.src) {
		ch := c.src[c.pos]
		if ch == '-' || ch == '_' || ch == '.' || ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' {
			c.pos++
			continue
		}
		break
	}
	name := c.src[start:c.pos]
	if name == "" {
		if c.pos >= len(c.src) {
			return fmt.Errorf("expression ends where a dependency name is expected")
		}
		return fmt.Errorf("unexpected %q at character %d: expected a dependency name", c.src[c.pos:c.pos+1], c.pos+1)
	}
	if !c.deps[name] {
		return fmt.Errorf("dependency %q is not defined in spec.dependencies", name)
	}
	return nil
}
