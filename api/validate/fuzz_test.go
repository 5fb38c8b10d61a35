package validate

import (
	"context"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/limits/limitstest"
)

// The fuzz targets of api/validate: each parser of user text, seeded from the upstream corpus
// where it has such text, must not panic and must finish within limitstest's budget (1 s,
// 100 MB) on any input. `make fuzz` runs them; `go test` runs their seeds.

func keyIs(keys ...string) func(key, value string) bool {
	return func(key, _ string) bool {
		for _, k := range keys {
			if key == k {
				return true
			}
		}
		return false
	}
}

func FuzzDepends(f *testing.F) {
	limitstest.SeedStrings(f, []string{"A && (B.Failed || !C.Succeeded)", "!(!(A))", "A.AnySucceeded", "((A)", "A ||", strings.Repeat("(", 70)}, keyIs("depends"))
	f.Fuzz(func(t *testing.T, s string) {
		limitstest.Within(t, "parseDepends", func() { _, _ = parseDepends(s) })
	})
}

// FuzzTemplateTags validates a Workflow whose container argument is the input, so that every
// {{...}} and {{=...}} tag goes through the tag checks in a real scope.
func FuzzTemplateTags(f *testing.F) {
	limitstest.SeedStrings(f, []string{
		"{{inputs.parameters.msg}}", "{{=1 + 2}}", "{{steps.run-{{inputs.parameters.d}}.status}}", "{{= sprig.trim(x) }}",
		"{{=" + strings.Repeat("[", 100) + "}}", strings.Repeat("{{", 80) + strings.Repeat("}}", 80), "{{", "}}{{=}}",
	}, func(_, v string) bool { return strings.Contains(v, "{{") })
	base := decodeWF(f, wfYAML("  entrypoint: echo\n  arguments: {parameters: [{name: msg, value: hi}]}\n  templates:"+echoTmpl+"\n"))
	f.Fuzz(func(t *testing.T, s string) {
		wf := base.DeepCopy()
		wf.Spec.Templates[0].Container.Args = []string{s}
		limitstest.Within(t, "validate a Workflow", func() { _ = Object(context.Background(), wf, Options{}) })
	})
}

// FuzzConditionExpr: analysis conditions, event filter expressions and retry/hook
// expressions (expr-lang), through the functions validation calls.
func FuzzConditionExpr(f *testing.F) {
	limitstest.SeedStrings(f, []string{
		"result[0] >= 0.95", "isNaN(result[0]) || result[0] < {{args.min}}", "body.a =~ 'x' && b != 1",
		"let x = 1; x", "if a {1} else {2}", strings.Repeat("!", 70) + "a", "[" + strings.Repeat("(", 70),
	}, keyIs("successCondition", "failureCondition", "inconclusiveCondition", "expr", "expression", "when"))
	p := field.NewPath("x")
	f.Fuzz(func(t *testing.T, s string) {
		limitstest.Within(t, "expression checks", func() {
			_ = analysisCondition(p, s)
			_ = oExprCheck(s, map[string]bool{"a": true})
			var r Result
			checkExpr(&r, p, s)
		})
	})
}

func FuzzSensorConditions(f *testing.F) {
	limitstest.SeedStrings(f, []string{"dep-1 && (dep-2 || !dep-3)", "((dep-1)", "dep-1 ||", strings.Repeat("(", 70) + "dep-1"}, keyIs("conditions"))
	deps := oNames{"dep-1": true, "dep-2": true, "dep-3": true}
	f.Fuzz(func(t *testing.T, s string) {
		limitstest.Within(t, "evConditions", func() { _ = evConditions(s, deps) })
	})
}
