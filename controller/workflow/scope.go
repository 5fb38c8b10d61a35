package workflow

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"

	"github.com/skiff-dev/skiff/api/limits"
)

// scope holds the values "{{...}}" tags resolve to, keyed as written in the tag
// ("inputs.parameters.x", "workflow.name", "tasks.A.outputs.result", "item"...).
type scope map[string]string

func (s scope) with(kv map[string]string) scope {
	out := make(scope, len(s)+len(kv))
	maps.Copy(out, s)
	maps.Copy(out, kv)
	return out
}

// tagRE recognises a "{{...}}" tag in a value (for checks; replaceTags does the scanning).
var tagRE = regexp.MustCompile(`\{\{.*?\}\}`)

// replaceTags replaces each "{{inner}}" of str, as upstream's fasttemplate does: a tag ends at
// the first "}}" after its "{{" (so expressions may hold single braces). f returns the
// replacement, or false to keep the tag as written.
func replaceTags(str string, f func(inner string) (string, bool)) string {
	var b strings.Builder
	for {
		i := strings.Index(str, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(str[i+2:], "}}")
		if j < 0 {
			break
		}
		b.WriteString(str[:i])
		tag := str[i : i+2+j+2]
		if v, ok := f(strings.TrimSpace(str[i+2 : i+2+j])); ok {
			b.WriteString(v)
		} else {
			b.WriteString(tag)
		}
		str = str[i+2+j+2:]
	}
	b.WriteString(str)
	return b.String()
}

// substitute replaces the tags of s it can resolve; tags naming unknown values stay as
// written (a later scope, e.g. a step's outputs, may resolve them). An expression tag
// "{{=expr}}" that fails to evaluate is an error.
func (s scope) substitute(str string) (string, error) {
	var firstErr error
	out := replaceTags(str, func(inner string) (string, bool) {
		if src, ok := strings.CutPrefix(inner, "="); ok {
			v, err := s.eval(src)
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("evaluating %q: %w", limits.Abbrev(src), err)
				}
				return "", false
			}
			return stringify(v), true
		}
		v, ok := s[inner]
		return v, ok
	})
	return out, firstErr
}

// substituteJSON is substitute over a JSON document: values are escaped so they stay
// inside the JSON strings the tags were written in.
func (s scope) substituteJSON(doc []byte) ([]byte, error) {
	var firstErr error
	out := replaceTags(string(doc), func(inner string) (string, bool) {
		var v string
		if src, ok := strings.CutPrefix(inner, "="); ok {
			// JSON-decode the expression text first: quotes inside it are escaped.
			if err := json.Unmarshal([]byte(`"`+src+`"`), &src); err != nil {
				src = inner[1:]
			}
			r, err := s.eval(src)
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("evaluating %q: %w", limits.Abbrev(src), err)
				}
				return "", false
			}
			v = stringify(r)
		} else {
			var ok bool
			if v, ok = s[inner]; !ok {
				return "", false
			}
		}
		b, _ := json.Marshal(v)
		return string(b[1 : len(b)-1]), true
	})
	return []byte(out), firstErr
}

// env builds the environment of an expression: dotted keys become nested maps
// (inputs.parameters.x → inputs["parameters"]["x"]), and the flat keys stay available too.
func (s scope) env() map[string]any {
	env := map[string]any{
		"asInt": func(v any) (int, error) { return strconv.Atoi(fmt.Sprint(v)) },
		"asFloat": func(v any) (float64, error) {
			return strconv.ParseFloat(fmt.Sprint(v), 64)
		},
		"string": func(v any) string { return fmt.Sprint(v) },
		"toJson": func(v any) string { b, _ := json.Marshal(v); return string(b) },
	}
	for k, v := range s {
		parts := strings.Split(k, ".")
		m := env
		for _, p := range parts[:len(parts)-1] {
			next, ok := m[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[p] = next
			}
			m = next
		}
		if _, isMap := m[parts[len(parts)-1]].(map[string]any); !isMap {
			m[parts[len(parts)-1]] = v
		}
	}
	return env
}

// eval compiles and runs an expression, after checking it against the limits: expr-lang's
// parser recurses on nesting, and a stack overflow kills the controller.
func (s scope) eval(src string) (any, error) {
	if err := limits.Expression(src); err != nil {
		return nil, err
	}
	prog, err := expr.Compile(src, expr.Env(s.env()), expr.AllowUndefinedVariables())
	if err != nil {
		return nil, err
	}
	return expr.Run(prog, s.env())
}

// evalWhen evaluates a when condition after substitution. Upstream uses govaluate; expr
// shares its operators (==, !=, <, >, &&, ||, !; =~ becomes matches). Bare words that name
// nothing (heads in "{{steps.flip.outputs.result}} == heads") compare as strings, as
// upstream's conditions are written.
// Once its tags are filled in (outputs may be long and deep), the condition is checked
// against the limits before expr parses it.
func (s scope) evalWhen(cond string) (bool, error) {
	str, err := s.substitute(cond)
	if err != nil {
		return false, err
	}
	if m := tagRE.FindString(str); m != "" {
		return false, fmt.Errorf("when %q: unable to resolve %s", cond, limits.Abbrev(m))
	}
	if err := limits.Evaluated(str); err != nil {
		return false, fmt.Errorf("when %q: %w", limits.Abbrev(cond), err)
	}
	str = strings.ReplaceAll(str, "=~", " matches ")
	env := s.env()
	str = matchesRE.ReplaceAllString(quoteBareWords(str, env), "string($1) matches string($2)")
	v, err := expr.Eval(str, env)
	if err != nil {
		return false, fmt.Errorf("invalid when %q: %w", cond, err)
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("when %q is not a boolean: %v", cond, v)
	}
	return b, nil
}

var bareWordRE = regexp.MustCompile(`("[^"]*"|'[^']*'|\.[A-Za-z_][\w-]*)|([A-Za-z_][\w-]*)`)

// matchesRE finds "a matches b" with single-token operands: govaluate's =~ compares any
// values as strings, expr's matches wants strings.
var matchesRE = regexp.MustCompile(`([^\s()]+)\s+matches\s+([^\s()]+)`)

var exprWords = map[string]bool{"true": true, "false": true, "nil": true, "matches": true, "in": true,
	"not": true, "and": true, "or": true, "contains": true, "startsWith": true, "endsWith": true}

// quoteBareWords quotes the words of s that are neither keywords nor names in env.
func quoteBareWords(s string, env map[string]any) string {
	return bareWordRE.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, `"`) || strings.HasPrefix(m, `'`) || strings.HasPrefix(m, ".") || exprWords[m] {
			return m
		}
		if _, ok := env[m]; ok {
			return m
		}
		return strconv.Quote(m)
	})
}

func stringify(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case nil:
		return ""
	case map[string]any, []any:
		b, _ := json.Marshal(t)
		return string(b)
	}
	return fmt.Sprint(v)
}
