package validate

import (
	"encoding/json"
	"strings"

	"github.com/expr-lang/expr/parser"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// This file finds the {{...}} tags of Argo template strings and checks each against a scope.

// forEachTag calls fn for every {{...}} tag of s, with its content untrimmed. A tag that holds
// another tag (a dynamic name such as {{steps.run-{{inputs.parameters.d}}.status}}) is reported
// as its inner tags only: the outer name is known at run time, not here.
func forEachTag(s string, fn func(tag string)) {
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return
		}
		s = s[i+2:]
		depth, j := 1, 0
		nested := false
		for j < len(s) && depth > 0 {
			switch {
			case strings.HasPrefix(s[j:], "{{"):
				depth++
				nested = true
				j += 2
			case strings.HasPrefix(s[j:], "}}"):
				depth--
				j += 2
			default:
				j++
			}
		}
		if depth > 0 {
			return // unterminated: upstream leaves it as text
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
		if nested {
			forEachTag(inner, fn)
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
	forEachTag(s, func(raw string) {
		tag := strings.TrimSpace(raw)
		if strings.HasPrefix(tag, "=") {
			if _, err := parseExpr(strings.TrimSpace(tag[1:])); err != nil {
				c.res.Errors = append(c.res.Errors, field.Invalid(p, s, "expression {{"+raw+"}} does not parse: "+firstLine(err.Error())))
			}
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

// parseExpr parses an expr-language expression (syntax only: variables are bound at run time).
func parseExpr(s string) (any, error) { return parser.Parse(s) }

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
