package limits_test

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/parser"

	"github.com/skiff-dev/skiff/api/limits"
	"github.com/skiff-dev/skiff/api/limits/limitstest"
)

// FuzzExpression checks the claim of the package: an expression within the limits parses
// and compiles in expr-lang within the time and memory budget and far below Go's 1 GB
// stack (this binary allows 64 MB, so a deep recursion fails here as a crash).
func FuzzExpression(f *testing.F) {
	debug.SetMaxStack(64 << 20)
	for _, s := range []string{
		"a && b", "!(!(a))", "[[1], [2]]", "{a: {b: 1}}", "let x = 1; x", "if a {1} else {2}",
		"tasks['flip-coin'].outputs.result == 'heads' ? tasks.heads.outputs.result : tasks.tails.outputs.result",
		"cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 360",
		"concat(['always'], inputs.parameters.test == 'true' ? ['test'] : []) | toJSON()",
		`"((" + ')' + ` + "`[`",
		strings.Repeat("(", 64) + "a" + strings.Repeat(")", 64),
		strings.Repeat("!a*", 3400) + "b",
		strings.Repeat("-a**", 2500) + "b",
		strings.Repeat("a?b:", 2500) + "c",
		strings.Repeat("let a=1;", 1200) + "a",
		strings.Repeat("[", 600),
		strings.Repeat("!", 600) + "a",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var err error
		limitstest.Within(t, "limits.Expression", func() { err = limits.Expression(s) })
		if err != nil {
			return
		}
		limitstest.Within(t, "parse and compile", func() {
			if _, perr := parser.Parse(s); perr == nil {
				_, _ = expr.Compile(s)
			}
		})
	})
}
