package validate

import (
	"encoding/json"
	"strings"

	"github.com/expr-lang/expr/parser"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/limits"
)

// This file finds the {{...}} tags of Argo template strings and checks each against a scope.

// forEachTag calls fn for every {{...}} tag of s, with its content untrimmed. A tag that holds
// another tag (a dynamic name such as {{steps.run-{{inputs.parameters.d}}.status}}) is reported
// as its inner tags only: the outer name is known at run time, not here. Tags nested deeper
// than limits.MaxDepth are refused (each level rescans its content).
func forEachTag(s string, fn func(tag string)) error {
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return nil
		}
		s = s[i+2:]
		depth, deepest, j := 1, 1, 0
		for j < len(s) && depth > 0 {
			switch {
			case strings.HasPrefix(s[j:], "{{"):
				depth++
				deepest = max(deepest, depth)
				j += 2
			case strings.HasPrefix(s[j:], "}}"):
				depth--
				j += 2
			default:
				j++
			}
		}
		if depth > 0 {
			return nil // unterminated: upstream leaves it as text
		}
		inner := s[:j-2]
		if strings.HasPrefix(strings.TrimSpace(inner), "=") {
			// An expression ends at the first "}}" like any tag (upstream's template engine).
			if k := strings.Index(s, "}}"); k >= 0 {
				fn(s[:k])
				s = s[k+2:]
				continue
			}
		}
		if err := limits.Nesting(deepest); err != nil {
			return err
		}
		if deepest > 1 {
			if err := forEachTag(inner, fn); err != nil {
				return err
			}
		} else {
			fn(inner)
		}
		s = s[j:]
	}
}

// scope answers whether a variable is known where a string is used. nil means "unknown tag".
type scope interface {
	resolve(tag string) (ok bool)
}

// reservedRoots are the variable roots Argo defines; tags with any other root are custom
// variables (e.g. filled in by a CI system) and are not checked, as upstream.
var reservedRoots = map[string]bool{
	"item": true, "steps": true, "inputs": true, "outputs": true, "pod": true,
	"tasks": true, "workflow": true, "retries": true, "node": true,
}

// tagChecker checks strings and reports failures as field errors.
type tagChecker struct {
	res *Result
}

// check validates every tag of s, used at path p.
func (c tagChecker) check(p *field.Path, s string, sc scope) {
	if !strings.Contains(s, "{{") {
		return
	}
	err := forEachTag(s, func(raw string) {
		tag := strings.TrimSpace(raw)
		if strings.HasPrefix(tag, "=") {
			if _, err := parseExpr(strings.TrimSpace(tag[1:])); overLimit(err) {
				c.res.Errors = append(c.res.Errors, invalidText(p, s, "expression {{=...}} "+err.Error(), err))
			} else if err != nil {
				c.res.Errors = append(c.res.Errors, field.Invalid(p, s, "expression {{"+raw+"}} does not parse: "+firstLine(err.Error())))
			}
			return
		}
		if err := limits.Expression(tag); err != nil {
			c.res.Errors = append(c.res.Errors, invalidText(p, s, "tag {{...}} "+err.Error(), err))
			return
		}
		root := tag
		if i := strings.IndexByte(tag, '.'); i >= 0 {
			root = tag[:i]
		}
		if !reservedRoots[root] {
			return
		}
		if !sc.resolve(tag) {
			c.res.Errors = append(c.res.Errors, field.Invalid(p, s, "failed to resolve {{"+raw+"}}"))
		}
	})
	if err != nil {
		c.res.Errors = append(c.res.Errors, invalidText(p, s, "tag {{...}} "+err.Error(), err))
	}
}

// checkJSON walks any JSON-encodable value and checks every string in it (keys included).
func (c tagChecker) checkJSON(p *field.Path, v any, sc scope) {
	data, err := json.Marshal(v)
	if err != nil || !strings.Contains(string(data), "{{") {
		return
	}
	var tree any
	if json.Unmarshal(data, &tree) != nil {
		return
	}
	c.walk(p, tree, sc)
}

func (c tagChecker) walk(p *field.Path, v any, sc scope) {
	switch t := v.(type) {
	case string:
		c.check(p, t, sc)
	case []any:
		for i, e := range t {
			c.walk(p.Index(i), e, sc)
		}
	case map[string]any:
		for k, e := range t {
			c.check(p, k, sc)
			c.walk(p.Child(k), e, sc)
		}
	}
}

// parseExpr parses an expr-language expression (syntax only: variables are bound at run
// time), after checking it is within the limits.
func parseExpr(s string) (any, error) {
	if err := limits.Expression(s); err != nil {
		return nil, err
	}
	return parser.Parse(s)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
