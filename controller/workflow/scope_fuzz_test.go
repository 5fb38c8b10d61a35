package workflow

import (
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/api/limits/limitstest"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// fuzzScope is a scope as a running step sees it: parameters, a step's and a task's outputs,
// an item and workflow variables.
var fuzzScope = scope{
	"inputs.parameters.msg": "hello", "inputs.parameters.n": "3", "item": `{"a":1}`, "workflow.name": "wf",
	"steps.A.outputs.result": "heads", "tasks.B.outputs.parameters.out": "[1,2]", "workflow.parameters.config": `{"k":"v"}`,
}

// FuzzSubstitute: any template text, through the controller's {{...}} / {{=...}} substitution
// (plain and inside JSON) and its when evaluation, within the budget and without a panic.
func FuzzSubstitute(f *testing.F) {
	limitstest.SeedStrings(f, []string{
		"{{inputs.parameters.msg}}", "{{=asInt(inputs.parameters.n) + 1}}", "{{= toJson(item) }}",
		"{{steps.A.outputs.result}} == heads", "{{=" + strings.Repeat("[", 70) + "}}", "{{=1..100000000 | map(#)}}",
		`{{= sprig.trim("x") }}`, "{{=let x = 1; x}}", "{{", "}}",
	}, func(_, v string) bool { return strings.Contains(v, "{{") })
	f.Fuzz(func(t *testing.T, s string) {
		limitstest.Within(t, "substitute", func() {
			_, _ = fuzzScope.substitute(s)
			_, _ = fuzzScope.substituteJSON([]byte(`{"v":"` + s + `"}`))
			_, _ = fuzzScope.evalWhen(s)
		})
	})
}

// FuzzEvalDepends: any depends text, evaluated as the DAG engine does.
func FuzzEvalDepends(f *testing.F) {
	limitstest.SeedStrings(f, []string{"A && (B.Failed || !C.Succeeded)", "A.AnySucceeded || B.AllFailed", "!(!(A))", "((A)", strings.Repeat("(", 70)},
		func(k, _ string) bool { return k == "depends" })
	results := map[string]taskResult{
		"A": {phase: v1alpha1.NodeSucceeded}, "B": {phase: v1alpha1.NodeFailed, children: []v1alpha1.NodePhase{v1alpha1.NodeFailed}},
		"C": {phase: v1alpha1.NodeSkipped},
	}
	f.Fuzz(func(t *testing.T, s string) {
		limitstest.Within(t, "evalDepends", func() { _, _ = evalDepends(s, results) })
	})
}
