package validate

import (
	"context"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// dag builds a workflow whose entrypoint is a DAG with the given tasks (YAML flow list items).
func dag(tasks ...string) string {
	return "  entrypoint: main\n  templates:" + echoTmpl + "\n  - name: main\n    dag:\n      tasks:\n" +
		"      - " + strings.Join(tasks, "\n      - ") + "\n"
}

func steps(groups ...string) string {
	return "  entrypoint: main\n  templates:" + echoTmpl + "\n  - name: main\n    steps:\n" +
		"    - " + strings.Join(groups, "\n    - ") + "\n"
}

const a = `{name: A, template: echo, arguments: {parameters: [{name: msg, value: a}]}}`

func task(name, deps string) string {
	return `{name: ` + name + `, template: echo, ` + deps + `, arguments: {parameters: [{name: msg, value: x}]}}`
}

func TestWorkflowDAGRules(t *testing.T) {
	runCases(t, []wfCase{
		{name: "unknown dependency", bad: dag(a, task("B", "dependencies: [Z]")), good: dag(a, task("B", "dependencies: [A]")),
			want: `spec.templates[1].dag.tasks[1].dependencies[0]: Invalid value: "Z": dependency 'Z' is not defined`},
		{name: "self dependency", bad: dag(a, task("B", "depends: B")), good: dag(a, task("B", "depends: A")),
			want: "task B depends on itself"},
		{name: "cycle", bad: dag(task("A", "depends: C"), task("B", "depends: A"), task("C", "depends: B && A")),
			good: dag(a, task("B", "depends: A"), task("C", "depends: B && A")),
			want: `dag.tasks[1].depends: Invalid value: "A": cycle A → C → B → A`},
		{name: "depends syntax", bad: dag(a, task("B", "depends: 'A &&'")), good: dag(a, task("B", "depends: '!A.Failed && (A || A.Skipped)'")),
			want: "tasks[1].depends: Invalid value: \"A &&\": expression ends where a task name is expected"},
		{name: "depends result", bad: dag(a, task("B", "depends: A.Done")), good: dag(a, task("B", "depends: A.Errored || A.Omitted || A.Daemoned")),
			want: `unknown result "Done"`},
		{name: "depends unknown task", bad: dag(a, task("B", "depends: A || Q")), good: dag(a, task("B", "depends: A || A.Failed")),
			want: "dependency 'Q' is not defined"},
		{name: "AnySucceeded needs a loop", bad: dag(a, task("B", "depends: A.AnySucceeded")),
			good: dag(`{name: A, template: echo, withItems: [1, 2], arguments: {parameters: [{name: msg, value: "{{item}}"}]}}`, task("B", "depends: A.AnySucceeded")),
			want: "does not contain any items"},
		{name: "depends and dependencies mixed", bad: dag(a, task("B", "depends: A"), task("C", "dependencies: [A]")),
			good: dag(a, task("B", "depends: A"), task("C", "depends: A")),
			want: "cannot use both 'depends' and 'dependencies' in the same DAG template"},
		{name: "continueOn with depends", bad: dag(a, task("B", "depends: A, continueOn: {failed: true}")),
			good: dag(a, task("B", "dependencies: [A], continueOn: {failed: true}")),
			want: "cannot use 'continueOn' when using 'depends'"},
		{name: "duplicate task", bad: dag(a, a), good: dag(a, task("B", "depends: A")),
			want: `spec.templates[1].dag.tasks[1].name: Duplicate value: "A"`},
		{name: "digit name with depends", bad: dag(task("5A", "when: 'true'"), task("B", "depends: 5A")),
			good: dag(task("A5", "when: 'true'"), task("B", "depends: A5")),
			want: "name cannot begin with a digit"},
		{name: "target", bad: strings.Replace(dag(a), "    dag:\n", "    dag:\n      target: A Z\n", 1),
			good: strings.Replace(dag(a), "    dag:\n", "    dag:\n      target: A\n", 1),
			want: "target 'Z' is not defined"},
		{name: "task template resolves", bad: dag(`{name: A, template: nope}`), good: dag(a),
			want: `dag.tasks[0].template: Invalid value: "nope": template name 'nope' undefined`},
		{name: "task inputs supplied", bad: dag(`{name: A, template: echo}`), good: dag(a),
			want: "dag.tasks[0].arguments: Required value: templates.echo inputs.parameters.msg was not supplied"},
		{name: "reads a non-ancestor", bad: dag(a, task("B", "depends: A"), `{name: C, template: echo, depends: A, arguments: {parameters: [{name: msg, value: "{{tasks.B.outputs.parameters.out}}"}]}}`),
			good: dag(a, task("B", "depends: A"), `{name: C, template: echo, depends: B, arguments: {parameters: [{name: msg, value: "{{tasks.A.outputs.parameters.out}} {{tasks.B.status}} {{tasks.A.outputs.result}}"}]}}`),
			want: "failed to resolve {{tasks.B.outputs.parameters.out}}"},
		{name: "reads an undeclared output", bad: dag(a, `{name: C, template: echo, depends: A, arguments: {parameters: [{name: msg, value: "{{tasks.A.outputs.parameters.nope}}"}]}}`),
			good: dag(a, `{name: C, template: echo, depends: A, arguments: {parameters: [{name: msg, value: "{{tasks.A.outputs.parameters.out}}"}]}}`),
			want: "failed to resolve {{tasks.A.outputs.parameters.nope}}"},
		{name: "loop exclusivity", bad: dag(`{name: A, template: echo, withItems: [1], withParam: "[1]", arguments: {parameters: [{name: msg, value: "{{item}}"}]}}`),
			good: dag(`{name: A, template: echo, withParam: "[1]", arguments: {parameters: [{name: msg, value: "{{item}}"}]}}`),
			want: "only one of withItems, withParam or withSequence"},
		{name: "sequence count and end", bad: dag(`{name: A, template: echo, withSequence: {count: "3", end: "5"}, arguments: {parameters: [{name: msg, value: "{{item}}"}]}}`),
			good: dag(`{name: A, template: echo, withSequence: {start: "1", end: "5"}, arguments: {parameters: [{name: msg, value: "{{item}}"}]}}`),
			want: "only one of count or end"},
	})
}

func TestWorkflowStepsRules(t *testing.T) {
	s := func(name, msg string) string {
		return `{name: ` + name + `, template: echo, arguments: {parameters: [{name: msg, value: "` + msg + `"}]}}`
	}
	runCases(t, []wfCase{
		{name: "duplicate step", bad: steps("[" + s("a", "x") + ", " + s("a", "y") + "]"), good: steps("[" + s("a", "x") + ", " + s("b", "y") + "]"),
			want: `spec.templates[1].steps[0][1].name: Duplicate value: "a"`},
		{name: "step name", bad: steps("[" + s("a.b", "x") + "]"), good: steps(`[{name: "a-{{workflow.name}}", template: echo, arguments: {parameters: [{name: msg, value: x}]}}]`),
			want: `steps[0][0].name: Invalid value: "a.b"`},
		{name: "later group", bad: steps("["+s("a", "{{steps.b.outputs.parameters.out}}")+"]", "["+s("b", "x")+"]"),
			good: steps("["+s("a", "x")+"]", "["+s("b", "{{steps.a.outputs.parameters.out}} {{steps.a.status}}")+"]"),
			want: "steps[0][0].arguments.parameters[0].value: Invalid value: \"{{steps.b.outputs.parameters.out}}\": failed to resolve {{steps.b.outputs.parameters.out}}"},
		{name: "same group", bad: steps("[" + s("a", "x") + ", " + s("b", "{{steps.a.status}}") + "]"),
			good: steps("["+s("a", "x")+"]", "["+s("b", "{{steps.a.status}}")+"]"),
			want: "failed to resolve {{steps.a.status}}"},
		{name: "step template", bad: steps(`[{name: a, template: gone}]`), good: steps("[" + s("a", "x") + "]"),
			want: `steps[0][0].template: Invalid value: "gone": template name 'gone' undefined`},
		{name: "step needs a template", bad: steps(`[{name: a}]`), good: steps("[" + s("a", "x") + "]"),
			want: "steps[0][0].template: Required value"},
		{name: "argument needs a value", bad: steps(`[{name: a, template: echo, arguments: {parameters: [{name: msg}]}}]`), good: steps("[" + s("a", "x") + "]"),
			want: "arguments.parameters.msg.value or .valueFrom is required"},
		{name: "exit hook sees its step", bad: steps(`[{name: a, template: echo, arguments: {parameters: [{name: msg, value: x}]}, hooks: {exit: {template: echo, arguments: {parameters: [{name: msg, value: "{{steps.z.status}}"}]}}}}]`),
			good: steps(`[{name: a, template: echo, arguments: {parameters: [{name: msg, value: x}]}, hooks: {exit: {template: echo, arguments: {parameters: [{name: msg, value: "{{steps.a.outputs.parameters.out}}"}]}}}}]`),
			want: "failed to resolve {{steps.z.status}}"},
	})
}

// fakeLookup holds WorkflowTemplates by name.
type fakeLookup map[string]*v1alpha1.WorkflowTemplate

func (f fakeLookup) Get(_ context.Context, _, name string, obj runtime.Object) error {
	wt, ok := f[name]
	wtObj, isWT := obj.(*v1alpha1.WorkflowTemplate)
	if !ok || !isWT {
		return apierrors.NewNotFound(schema.GroupResource{Group: "argoproj.io", Resource: "workflowtemplates"}, name)
	}
	wt.DeepCopyInto(wtObj)
	return nil
}

func TestWorkflowTemplateRef(t *testing.T) {
	lib := decodeWF(t, wfYAML("  templates:"+echoTmpl))
	lookup := fakeLookup{"lib": &v1alpha1.WorkflowTemplate{Spec: lib.Spec}}
	ref := func(tmpl, args string) string {
		return steps(`[{name: a, templateRef: {name: lib, template: ` + tmpl + `}` + args + `}]`)
	}
	ctx := context.Background()
	// Missing target, or no lookup: a warning, never a denial.
	for _, opts := range []Options{{}, {Lookup: fakeLookup{}}} {
		r := Workflow(ctx, decodeWF(t, wfYAML(ref("echo", ""))), opts)
		if len(r.Errors) > 0 || len(r.Warnings) == 0 || !strings.Contains(strings.Join(r.Warnings, ";"), `WorkflowTemplate "lib" not checked`) {
			t.Errorf("lookup %v: want a warning only, got %v / %v", opts.Lookup, r.Errors, r.Warnings)
		}
	}
	runCases(t, []wfCase{
		{name: "template missing in target", bad: ref("nope", ", arguments: {parameters: [{name: msg, value: x}]}"), good: ref("echo", ", arguments: {parameters: [{name: msg, value: x}]}"),
			want: "steps[0][0].templateRef.template: Not found: \"template nope not found in lib\"", opts: Options{Lookup: lookup}},
		{name: "inputs of the target supplied", bad: ref("echo", ""), good: ref("echo", ", arguments: {parameters: [{name: msg, value: x}]}"),
			want: "templates.echo inputs.parameters.msg was not supplied", opts: Options{Lookup: lookup}},
		{name: "workflowTemplateRef entrypoint", bad: "  entrypoint: nope\n  workflowTemplateRef: {name: lib}", good: "  entrypoint: echo\n  workflowTemplateRef: {name: lib}",
			want: `spec.entrypoint: Not found: "nope"`, opts: Options{Lookup: lookup}},
	})
}

func TestDependsParser(t *testing.T) {
	refs, err := parseDepends("(A.Succeeded || !B) && C-1.AllFailed")
	if err != nil || len(refs) != 3 || refs[2].task != "C-1" || refs[2].result != "AllFailed" {
		t.Fatalf("got %v, %v", refs, err)
	}
	for _, bad := range []string{"A &&", "(A", "A B", "&& A", "A.", "A.Nope", ")"} {
		if _, err := parseDepends(bad); err == nil {
			t.Errorf("%q: want a syntax error", bad)
		}
	}
}

func TestForEachTag(t *testing.T) {
	var got []string
	forEachTag("a {{x}} {{steps.run-{{inputs.parameters.d}}.status}} {{=1 + 2}} {{ y }}", func(s string) { got = append(got, s) })
	want := []string{"x", "inputs.parameters.d", "=1 + 2", " y "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}
