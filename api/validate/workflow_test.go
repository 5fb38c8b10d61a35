package validate

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// wfCase is one rule: an invalid workflow with the message it must produce, and a valid twin
// that differs only in what the rule is about.
type wfCase struct {
	name, bad, want, good string
	opts                  Options
}

// echoTmpl is a container template taking one parameter, used by most cases.
const echoTmpl = `
  - name: echo
    inputs: {parameters: [{name: msg}]}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.msg}}"]}`

func wfYAML(body string) string {
	return "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w, namespace: ns}\nspec:\n" + body
}

func decodeWF(t testing.TB, s string) *v1alpha1.Workflow {
	t.Helper()
	var wf v1alpha1.Workflow
	if err := yaml.UnmarshalStrict([]byte(s), &wf); err != nil {
		t.Fatalf("test YAML does not decode: %v\n%s", err, s)
	}
	return &wf
}

func runCases(t *testing.T, cases []wfCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := Workflow(context.Background(), decodeWF(t, wfYAML(c.bad)), c.opts)
			if !strings.Contains(bad.Errors.ToAggregate().Error(), c.want) {
				t.Errorf("invalid case: want an error containing %q, got: %v", c.want, bad.Errors)
			}
			// The twin may use a field Skiff does not run yet (hooks, dag.target): the rule under
			// test still holds for it, so only other errors count.
			good := Workflow(context.Background(), decodeWF(t, wfYAML(c.good)), c.opts)
			for _, e := range good.Errors {
				if !strings.Contains(e.Detail, v1alpha1.UnsupportedMessage) {
					t.Errorf("valid twin denied: %v", e)
				}
			}
		})
	}
}

func TestWorkflowSpecRules(t *testing.T) {
	runCases(t, []wfCase{
		{name: "entrypoint missing",
			bad:  "  entrypoint: nope\n  templates:" + echoTmpl + "\n  arguments: {parameters: [{name: msg, value: x}]}",
			good: "  entrypoint: echo\n  templates:" + echoTmpl + "\n  arguments: {parameters: [{name: msg, value: x}]}",
			want: `spec.entrypoint: Invalid value: "nope": entrypoint template nope not found`},
		{name: "entrypoint required",
			bad:  "  templates:" + echoTmpl,
			good: "  workflowTemplateRef: {name: elsewhere}",
			want: "spec.entrypoint: Required value"},
		{name: "templates with workflowTemplateRef",
			bad:  "  workflowTemplateRef: {name: elsewhere}\n  templates:" + echoTmpl,
			good: "  workflowTemplateRef: {name: elsewhere}",
			want: "spec.templates: Forbidden"},
		{name: "template names unique",
			bad:  "  entrypoint: echo\n  arguments: {parameters: [{name: msg, value: x}]}\n  templates:" + echoTmpl + echoTmpl,
			good: "  entrypoint: echo\n  arguments: {parameters: [{name: msg, value: x}]}\n  templates:" + echoTmpl + strings.Replace(echoTmpl, "name: echo", "name: echo2", 1),
			want: `spec.templates[1].name: Duplicate value: "echo"`},
		{name: "template name well formed",
			bad:  "  entrypoint: a_b\n  templates:\n  - name: a_b\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: a-b\n  templates:\n  - name: a-b\n    container: {image: alpine, command: [x]}",
			want: `spec.templates[0].name: Invalid value: "a_b"`},
		{name: "onExit resolves",
			bad:  "  entrypoint: main\n  onExit: gone\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: main\n  onExit: main\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			want: `spec.onExit: Invalid value: "gone": template name 'gone' undefined`},
		{name: "hook template resolves",
			bad:  "  entrypoint: main\n  hooks: {exit: {template: gone}}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: main\n  hooks: {exit: {template: main}}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			want: `spec.hooks[exit].template: Invalid value: "gone"`},
		{name: "entrypoint inputs supplied",
			bad:  "  entrypoint: echo\n  templates:" + echoTmpl,
			good: "  entrypoint: echo\n  arguments: {parameters: [{name: msg, value: hi}]}\n  templates:" + echoTmpl,
			want: "templates.echo inputs.parameters.msg was not supplied"},
		{name: "workflow argument needs a value",
			bad:  "  entrypoint: main\n  arguments: {parameters: [{name: p}]}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: main\n  arguments: {parameters: [{name: p, value: v}]}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			want: "spec.arguments.p.value or spec.arguments.p.valueFrom is required"},
		{name: "podGC strategy",
			bad:  "  entrypoint: main\n  podGC: {strategy: Sometimes}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: main\n  podGC: {strategy: OnPodSuccess, deleteDelayDuration: 30s}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			want: `spec.podGC.strategy: Unsupported value: "Sometimes"`},
		{name: "podGC delete delay",
			bad:  "  entrypoint: main\n  podGC: {deleteDelayDuration: soon}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: main\n  podGC: {deleteDelayDuration: 1m}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			want: "spec.podGC.deleteDelayDuration: Invalid value"},
		{name: "ttl non-negative",
			bad:  "  entrypoint: main\n  ttlStrategy: {secondsAfterSuccess: -1}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: main\n  ttlStrategy: {secondsAfterSuccess: 0}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			want: "spec.ttlStrategy.secondsAfterSuccess: Invalid value: -1"},
		{name: "parallelism at least 1",
			bad:  "  entrypoint: main\n  parallelism: 0\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: main\n  parallelism: 1\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			want: "spec.parallelism: Invalid value: 0"},
		{name: "activeDeadlineSeconds non-negative",
			bad:  "  entrypoint: main\n  activeDeadlineSeconds: -5\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: main\n  activeDeadlineSeconds: 0\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			want: "spec.activeDeadlineSeconds: Invalid value: -5"},
		{name: "mutex name",
			bad:  "  entrypoint: main\n  synchronization: {mutexes: [{namespace: x}]}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: main\n  synchronization: {mutexes: [{name: m}]}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			want: "spec.synchronization.mutexes[0].name: Required value"},
		{name: "semaphore configMapKeyRef",
			bad:  "  entrypoint: main\n  synchronization: {semaphores: [{namespace: x}]}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: main\n  synchronization: {semaphores: [{configMapKeyRef: {name: c, key: k}}]}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			want: "spec.synchronization.semaphores[0].configMapKeyRef: Required value"},
		{name: "enum holds the value",
			bad:  "  entrypoint: main\n  arguments: {parameters: [{name: p, value: a, enum: [b, c]}]}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			good: "  entrypoint: main\n  arguments: {parameters: [{name: p, value: b, enum: [b, c]}]}\n  templates:\n  - name: main\n    container: {image: alpine, command: [x]}",
			want: `spec.arguments.parameters[0].value: Unsupported value: "a"`},
	})
}

func TestWorkflowTemplateRules(t *testing.T) {
	leaf := func(extra string) string {
		return "  entrypoint: main\n  templates:\n  - name: main\n" + extra
	}
	runCases(t, []wfCase{
		{name: "retry limit", bad: leaf("    retryStrategy: {limit: -1}\n    container: {image: a, command: [x]}"),
			good: leaf("    retryStrategy: {limit: \"{{workflow.parameters.count}}\"}\n    container: {image: a, command: [x]}\n  arguments: {parameters: [{name: count, value: '2'}]}"),
			want: "spec.templates[0].retryStrategy.limit: Invalid value"},
		{name: "retry policy", bad: leaf("    retryStrategy: {retryPolicy: Never}\n    container: {image: a, command: [x]}"),
			good: leaf("    retryStrategy: {retryPolicy: OnError}\n    container: {image: a, command: [x]}"),
			want: `retryStrategy.retryPolicy: Unsupported value: "Never"`},
		{name: "retry backoff duration", bad: leaf("    retryStrategy: {backoff: {duration: often}}\n    container: {image: a, command: [x]}"),
			good: leaf("    retryStrategy: {backoff: {duration: \"10\", maxDuration: 2m}}\n    container: {image: a, command: [x]}"),
			want: "retryStrategy.backoff.duration: Invalid value"},
		{name: "timeout parses", bad: leaf("    timeout: forever\n    container: {image: a, command: [x]}"),
			good: leaf("    timeout: 30s\n    container: {image: a, command: [x]}"),
			want: "spec.templates[0].timeout: Invalid value"},
		{name: "template activeDeadlineSeconds", bad: leaf("    activeDeadlineSeconds: -1\n    container: {image: a, command: [x]}"),
			good: leaf("    activeDeadlineSeconds: 10\n    container: {image: a, command: [x]}"),
			want: "activeDeadlineSeconds must be a positive integer"},
		{name: "one template kind", bad: leaf("    container: {image: a, command: [x]}\n    script: {image: a, command: [sh], source: x}"),
			good: leaf("    script: {image: a, command: [sh], source: x}"),
			want: "multiple template types specified"},
		{name: "container image", bad: leaf("    container: {command: [x]}"),
			good: leaf("    container: {image: a, command: [x]}"),
			want: "spec.templates[0].container.image: Required value"},
		{name: "leaf parallelism", bad: leaf("    parallelism: 2\n    container: {image: a, command: [x]}"),
			good: leaf("    container: {image: a, command: [x]}"),
			want: "parallelism is only valid for steps and dag templates"},
		{name: "output needs a source", bad: leaf("    container: {image: a, command: [x]}\n    outputs: {parameters: [{name: o}]}"),
			good: leaf("    container: {image: a, command: [x]}\n    outputs: {parameters: [{name: o, valueFrom: {path: /o}}]}"),
			want: "does not have valueFrom or value specified"},
		{name: "input param name", bad: leaf("    inputs: {parameters: [{name: 'a+b', value: x}]}\n    container: {image: a, command: [x]}"),
			good: leaf("    inputs: {parameters: [{name: a_b, value: x}]}\n    container: {image: a, command: [x]}"),
			want: `inputs.parameters[0].name: Invalid value: "a+b"`},
		{name: "resource action", bad: leaf("    resource: {action: explode, manifest: 'kind: ConfigMap'}"),
			good: leaf("    resource: {action: create, manifest: 'kind: ConfigMap'}"),
			want: `resource.action: Unsupported value: "explode"`},
		{name: "resource output source", bad: leaf("    resource: {action: create, manifest: 'kind: ConfigMap'}\n    outputs: {parameters: [{name: o, valueFrom: {path: /o}}]}"),
			good: leaf("    resource: {action: create, manifest: 'kind: ConfigMap'}\n    outputs: {parameters: [{name: o, valueFrom: {jsonPath: '{.metadata.name}'}}]}"),
			want: "valueFrom.jsonPath or jqFilter must be specified for Resource templates"},
		{name: "volume mount resolves", bad: leaf("    container: {image: a, command: [x], volumeMounts: [{name: v, mountPath: /v}]}"),
			good: leaf("    volumes: [{name: v, emptyDir: {}}]\n    container: {image: a, command: [x], volumeMounts: [{name: v, mountPath: /v}]}"),
			want: `volumeMounts[0].name: Not found: "v"`},
		{name: "unknown input variable", bad: leaf("    container: {image: a, command: [echo, '{{inputs.parameters.nope}}']}"),
			good: leaf("    inputs: {parameters: [{name: nope, value: x}]}\n    container: {image: a, command: [echo, '{{inputs.parameters.nope}}']}"),
			want: `spec.templates[0].container.command[1]: Invalid value: "{{inputs.parameters.nope}}": failed to resolve {{inputs.parameters.nope}}`},
		{name: "workflow variables", bad: leaf("    container: {image: a, command: [echo, '{{workflow.nosuch}}']}"),
			good: leaf("    container: {image: a, command: [echo, '{{workflow.name}} {{pod.name}} {{retries}} {{node.name}} {{workflow.creationTimestamp.RFC3339}} {{custom.var}}']}"),
			want: "failed to resolve {{workflow.nosuch}}"},
		{name: "workflow.failures only in exit handlers", bad: leaf("    container: {image: a, command: [echo, '{{workflow.failures}}']}"),
			good: leaf("    container: {image: a, command: [echo, x]}\n  - name: bye\n    container: {image: a, command: [echo, '{{workflow.failures}}']}\n  onExit: bye"),
			want: "failed to resolve {{workflow.failures}}"},
		{name: "expression syntax", bad: leaf("    container: {image: a, command: [echo, '{{=1 +}}']}"),
			good: leaf("    container: {image: a, command: [echo, '{{=sprig.upper(workflow.name)}}']}"),
			want: "does not parse"},
		{name: "item outside a loop", bad: leaf("    steps: [[{name: s, template: e, arguments: {parameters: [{name: m, value: '{{item}}'}]}}]]\n  - name: e\n    inputs: {parameters: [{name: m}]}\n    container: {image: a, command: [x]}"),
			good: leaf("    steps: [[{name: s, template: e, withItems: [1, 2], arguments: {parameters: [{name: m, value: '{{item}}'}]}}]]\n  - name: e\n    inputs: {parameters: [{name: m}]}\n    container: {image: a, command: [x]}"),
			want: "failed to resolve {{item}}"},
	})
}

func TestWorkflowCommandRequired(t *testing.T) {
	for _, c := range []struct{ body, path string }{
		{"    container: {image: a, args: [x]}", "spec.templates[0].container.command"},
		{"    script: {image: a, source: echo hi}", "spec.templates[0].script.command"},
	} {
		r := Workflow(context.Background(), decodeWF(t, wfYAML("  entrypoint: main\n  templates:\n  - name: main\n"+c.body)), Options{})
		if len(r.Errors) != 1 || r.Errors[0].Field != c.path || !strings.Contains(r.Errors[0].Detail, v1alpha1.UnsupportedMessage) ||
			!strings.Contains(r.Errors[0].Detail, "needs the command") {
			t.Fatalf("%s: want one error at %s saying Skiff needs the command, got %v", c.path, c.path, r.Errors)
		}
	}
	r := Workflow(context.Background(), decodeWF(t, wfYAML("  entrypoint: main\n  templateDefaults: {container: {command: [x]}}\n  templates:\n  - name: main\n    container: {image: a}")), Options{})
	for _, e := range r.Errors {
		if strings.Contains(e.Detail, "needs the command") {
			t.Fatalf("templateDefaults supplies the command, want no command error, got %v", e)
		}
	}
	r = Workflow(context.Background(), decodeWF(t, wfYAML("  entrypoint: main\n  templates:\n  - name: main\n    container: {image: a, command: [x]}")), Options{})
	if len(r.Errors)+len(r.Warnings) != 0 {
		t.Fatalf("want neither error nor warning, got %v / %v", r.Errors, r.Warnings)
	}
}

func TestWorkflowLintRelaxesArguments(t *testing.T) {
	wf := decodeWF(t, wfYAML("  entrypoint: echo\n  arguments: {parameters: [{name: msg}]}\n  templates:"+echoTmpl))
	if r := Workflow(context.Background(), wf, Options{}); len(r.Errors) == 0 {
		t.Fatal("without Lint, a workflow argument without value must be denied")
	}
	if r := Workflow(context.Background(), wf, Options{Lint: true}); len(r.Errors) > 0 {
		t.Fatalf("Lint must relax arguments supplied at submission: %v", r.Errors)
	}
	wt := &v1alpha1.WorkflowTemplate{Spec: wf.Spec}
	wt.Spec.Arguments = v1alpha1.Arguments{}
	wt.Spec.Templates[0].Container.Command = []string{"echo", "{{workflow.parameters.given-at-submit}}"}
	if r := WorkflowTemplate(context.Background(), wt, Options{}); len(r.Errors) > 0 {
		t.Fatalf("a WorkflowTemplate's caller supplies its arguments: %v", r.Errors)
	}
}

// BenchmarkWorkflowDAG5000 validates a 5,000-task DAG in which each task depends on the two
// before it and reads an output of the previous one.
func BenchmarkWorkflowDAG5000(b *testing.B) {
	wf := bigDAG(b, 5000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := Workflow(context.Background(), wf, Options{}); len(r.Errors) > 0 {
			b.Fatal(r.Errors[0])
		}
	}
}

func bigDAG(t testing.TB, n int) *v1alpha1.Workflow {
	tasks := make([]v1alpha1.DAGTask, n)
	for i := range tasks {
		tk := v1alpha1.DAGTask{Name: fmt.Sprintf("t%d", i)}
		tk.Template = "echo"
		msg := "start"
		if i > 0 {
			msg = fmt.Sprintf("{{tasks.t%d.outputs.parameters.out}}", i-1)
			tk.Depends = fmt.Sprintf("t%d", i-1)
			if i > 1 {
				tk.Depends += fmt.Sprintf(" && (t%d.Succeeded || t%d.Failed)", i-2, i-2)
			}
		}
		tk.Arguments.Parameters = []v1alpha1.Parameter{{Name: "msg", Value: v1alpha1.AnyStringPtr(msg)}}
		tasks[i] = tk
	}
	wf := decodeWF(t, wfYAML("  entrypoint: main\n  templates:"+echoTmpl+"\n  - name: main\n    dag: {tasks: []}"))
	wf.Spec.Templates[1].DAG.Tasks = tasks
	return wf
}
