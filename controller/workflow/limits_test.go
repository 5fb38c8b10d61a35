package workflow

import (
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/api/limits/limitstest"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// TestExpressionLimits: the inputs that killed the controller (expr-lang's parser overflowing
// the stack) are errors naming the limit, within the budget, at each place the controller
// compiles user text.
func TestExpressionLimits(t *testing.T) {
	sc := scope{"inputs.parameters.x": "1", "steps.A.outputs.result": strings.Repeat("[", 600000)}
	for _, c := range []struct {
		name, want string
		run        func() error
	}{
		{"substitute {{= with 600,000 [", "is 600000 characters long, more than the 10240 allowed for an expression", func() error {
			_, err := sc.substitute("x " + limitstest.ExprTag())
			return err
		}},
		{"substituteJSON {{= with 600,000 [", "is 600000 characters long, more than the 10240 allowed for an expression", func() error {
			_, err := sc.substituteJSON([]byte(`{"args":["` + limitstest.ExprTag() + `"]}`))
			return err
		}},
		{"when as written", "nests 600000 levels deep, more than the 64 allowed", func() error {
			_, err := sc.evalWhen(limitstest.Condition("("))
			return err
		}},
		{"when filled in with a step's output of 600,000 [", "nests 600000 levels deep, more than the 64 allowed", func() error {
			_, err := sc.evalWhen("{{steps.A.outputs.result}} == x")
			return err
		}},
		{"depends of 1,000,000 (", "nests 1000000 levels deep, more than the 64 allowed", func() error {
			_, err := evalDepends(limitstest.Depends(), nil)
			return err
		}},
		{"depends of 1,050,000 characters", "is 1050000 characters long, more than the 1048576 allowed for an evaluated expression", func() error {
			_, err := evalDepends(limitstest.Depends()+strings.Repeat(" ", 50000), nil)
			return err
		}},
		{"depends nesting 500,000", "nests 500000 levels deep, more than the 64 allowed", func() error {
			_, err := evalDepends(strings.Repeat("(", 500000)+"A"+strings.Repeat(")", 500000), map[string]taskResult{"A": {phase: v1alpha1.NodeSucceeded}})
			return err
		}},
	} {
		var err error
		cost := limitstest.Within(t, c.name, func() { err = c.run() })
		if err == nil || !strings.Contains(err.Error(), c.want) || len(err.Error()) > 400 {
			t.Errorf("%s: %.500v\nwant a short error containing %q", c.name, err, c.want)
			continue
		}
		t.Logf("%s (%v): %v", c.name, cost, err)
	}
	// Within the limits, expressions still evaluate.
	if out, err := sc.substitute("{{=asInt(inputs.parameters.x) + 1}}"); err != nil || out != "2" {
		t.Errorf("substitute = %q, %v", out, err)
	}
	if ok, err := evalDepends("!(!(A))", map[string]taskResult{"A": {phase: v1alpha1.NodeSucceeded}}); err != nil || !ok {
		t.Errorf("evalDepends = %v, %v", ok, err)
	}
}

// TestWorkflowWithCrashInputErrs: the Workflow crash input ends the workflow in Error with
// the field and the limit (the controller validates before it runs anything), and a when
// made deep by a step's output fails that node, not the controller.
func TestWorkflowWithCrashInputErrs(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: a, command: [echo], args: ["`+limitstest.ExprTag()+`"]}
`)
	limitstest.Within(t, "reconcile", func() { h.reconcile() })
	wf := h.wantPhase(v1alpha1.WorkflowError)
	want := "spec.templates[0].container.args[0]"
	if !strings.Contains(wf.Status.Message, want) || !strings.Contains(wf.Status.Message, "more than the 10240 allowed for an expression") || len(wf.Status.Message) > 400 {
		t.Fatalf("message %.500q, want a short one naming %s and the limit", wf.Status.Message, want)
	}
	t.Logf("workflow message: %s", wf.Status.Message)

	h = newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: A, template: c}
    - - {name: B, template: c, when: "{{steps.A.outputs.result}} == x"}
  - name: c
    container: {image: a, command: [x]}
`)
	h.reconcile()
	h.finish("wf[0].A", 0, strings.Repeat("[", 200000))
	limitstest.Within(t, "reconcile", func() { h.reconcile() })
	n := h.node("wf[1].B")
	if n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, "nests 200000 levels deep, more than the 64 allowed") || len(n.Message) > 400 {
		t.Fatalf("node B: %s %.500q", n.Phase, n.Message)
	}
	t.Logf("node B: %s: %s", n.Phase, n.Message)
}

// TestDeepDependsAdmittedBeforeFailsItsNode: a workflow already running (admitted before
// the limits, so not validated again) whose depends nests 500,000 levels fails that task's
// node with a short message, instead of killing the controller in expr-lang's parser.
func TestDeepDependsAdmittedBeforeFailsItsNode(t *testing.T) {
	deep := strings.Repeat("(", 500000) + "A" + strings.Repeat(")", 500000)
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: c}
      - {name: B, template: c, depends: "`+deep+`"}
  - name: c
    container: {image: a, command: [x]}
status: {phase: Running}
`)
	h.reconcile()
	h.finish("wf.A", 0, "")
	limitstest.Within(t, "reconcile", func() { h.reconcile() })
	n := h.node("wf.B")
	if n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, "nests 500000 levels deep, more than the 64 allowed") || len(n.Message) > 400 {
		t.Fatalf("node B: %s %.500q", n.Phase, n.Message)
	}
	t.Logf("node B: %s: %s", n.Phase, n.Message)
}
