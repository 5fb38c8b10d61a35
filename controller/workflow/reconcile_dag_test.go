package workflow

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func TestDAGDependsAndOmitted(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: c}
      - {name: B, template: c, depends: "A.Failed"}
      - {name: C, template: c, depends: "A"}
      - {name: D, template: c, depends: "B || C"}
  - name: c
    container: {image: a, command: [x]}
`)
	h.reconcile()
	if got := keys(h.pods()); len(got) != 1 || got[0] != "wf.A" {
		t.Fatalf("pods %v, want wf.A only", got)
	}
	h.finish("wf.A", 1, "")
	h.reconcile()
	if n := h.node("wf.C"); n.Phase != v1alpha1.NodeOmitted || n.Type != v1alpha1.NodeTypeSkipped {
		t.Errorf("C %+v", n)
	}
	if h.pods()["wf.B"] == nil {
		t.Fatalf("B (A.Failed) did not start: %v", keys(h.pods()))
	}
	h.finish("wf.B", 0, "")
	h.reconcile()
	h.finish("wf.D", 0, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
	root := h.node("wf")
	if root.Type != v1alpha1.NodeTypeDAG || len(root.Children) != 1 || root.Children[0] != v1alpha1.WorkflowNodeID("wf", "wf.A") {
		t.Errorf("root children %v", root.Children)
	}
	if a := h.node("wf.A"); len(a.Children) != 2 {
		t.Errorf("A children %v, want B and C", a.Children)
	}
}

func TestDAGFailFast(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: c}
      - {name: S, template: c}
      - {name: B, template: c, dependencies: [A]}
  - name: c
    container: {image: a, command: [x]}
`)
	h.reconcile()
	h.finish("wf.A", 1, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowRunning) // S still runs
	if _, ok := h.pods()["wf.B"]; ok {
		t.Error("B started after A failed")
	}
	h.finish("wf.S", 0, "")
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowFailed)
	if !strings.Contains(wf.Status.Message, v1alpha1.WorkflowNodeID("wf", "wf.A")) {
		t.Errorf("message %q", wf.Status.Message)
	}
}

func TestDAGLoopAggregatesOutputs(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - name: gen
        template: c
      - name: fan
        template: p
        depends: gen
        withParam: "{{tasks.gen.outputs.result}}"
        arguments: {parameters: [{name: v, value: "{{item.n}}"}]}
      - name: sum
        template: p
        depends: fan
        arguments: {parameters: [{name: v, value: "{{tasks.fan.outputs.result}}|{{tasks.fan.outputs.parameters.out}}"}]}
  - name: c
    container: {image: a, command: [x]}
  - name: p
    inputs: {parameters: [{name: v}]}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
    container: {image: a, command: [echo, "{{inputs.parameters.v}}"]}
`)
	h.reconcile()
	h.finish("wf.gen", 0, `[{"n":1},{"n":2}]`)
	h.reconcile()
	g := h.node("wf.fan")
	if g.Type != v1alpha1.NodeTypeTaskGroup || len(g.Children) != 2 {
		t.Fatalf("fan %+v", g)
	}
	p0 := h.pods()["wf.fan(0:n:1)"]
	if p0 == nil {
		t.Fatalf("pods %v", keys(h.pods()))
	}
	if got := strings.Join(p0.Spec.Containers[0].Command, " "); !strings.HasSuffix(got, "echo 1") {
		t.Errorf("item command %q", got)
	}
	h.finish("wf.fan(0:n:1)", 0, "one", "out", "o1")
	h.finish("wf.fan(1:n:2)", 0, `{"k":2}`, "out", "o2")
	h.reconcile()
	sum := h.pods()["wf.sum"]
	if sum == nil {
		t.Fatalf("pods %v", keys(h.pods()))
	}
	if got := strings.Join(sum.Spec.Containers[0].Command, " "); !strings.HasSuffix(got, `echo ["one",{"k":2}]|["o1","o2"]`) {
		t.Errorf("sum command %q", got)
	}
}

func TestStepsLoopWhenAndSequence(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: s, template: c, withSequence: {count: "2", start: "1", format: "n%02d"}}
      - {name: skip, template: c, when: "{{workflow.name}} != wf"}
      - {name: items, template: c, withItems: [a, b]}
  - name: c
    container: {image: a, command: [x]}
`)
	h.reconcile()
	pods := h.pods()
	for _, n := range []string{"wf[0].s(0:n01)", "wf[0].s(1:n02)", "wf[0].items(0:a)", "wf[0].items(1:b)"} {
		if pods[n] == nil {
			t.Errorf("no pod for %s: %v", n, keys(pods))
		}
		h.finish(n, 0, "")
	}
	if n := h.node("wf[0].skip"); n.Phase != v1alpha1.NodeSkipped || n.Type != v1alpha1.NodeTypeSkipped {
		t.Errorf("skip %+v", n)
	}
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
	if g := h.node("wf[0]"); len(g.Children) != 5 {
		t.Errorf("group children %d, want 5", len(g.Children))
	}
}

func TestRetryWithBackoff(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: c
  templates:
  - name: c
    retryStrategy: {limit: 2, backoff: {duration: "10s", factor: 2}}
    container: {image: a, command: [x]}
`)
	h.reconcile()
	if n := h.node("wf"); n.Type != v1alpha1.NodeTypeRetry {
		t.Fatalf("root %+v", n)
	}
	h.finish("wf(0)", 1, "")
	res := h.reconcile()
	if res.RequeueAfter != 10*time.Second {
		t.Errorf("backoff requeue %v, want 10s", res.RequeueAfter)
	}
	h.now = h.now.Add(10 * time.Second)
	h.reconcile()
	h.finish("wf(1)", 1, "")
	res = h.reconcile()
	if res.RequeueAfter != 20*time.Second {
		t.Errorf("backoff requeue %v, want 20s", res.RequeueAfter)
	}
	h.now = h.now.Add(20 * time.Second)
	h.reconcile()
	h.finish("wf(2)", 1, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowFailed)
	if n := h.node("wf"); len(n.Children) != 3 {
		t.Errorf("attempts %d, want 3", len(n.Children))
	}
}

func TestParallelismAndSpecSuspend(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  parallelism: 1
  templates:
  - name: main
    steps: [[{name: a, template: c}, {name: b, template: c}]]
  - name: c
    container: {image: a, command: [x]}
`)
	h.reconcile()
	if got := len(h.pods()); got != 1 {
		t.Fatalf("%d pods, want 1 under parallelism 1", got)
	}
	h.update(func(wf *v1alpha1.Workflow) { wf.Spec.Suspend = ptrTo(true) })
	h.finish("wf[0].a", 0, "")
	h.reconcile()
	if got := len(h.pods()); got != 1 {
		t.Fatalf("%d pods, want no new pod while suspended", got)
	}
	h.update(func(wf *v1alpha1.Workflow) { wf.Spec.Suspend = nil })
	h.reconcile()
	h.finish("wf[0].b", 0, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
}

// Each retry attempt sees its own {{retries}} and {{pod.name}}, as upstream substitutes them.
func TestRetriesVariablePerAttempt(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: c
  templates:
  - name: c
    retryStrategy: {limit: 3}
    container: {image: a, command: [sh, -c, "echo attempt {{retries}} in {{pod.name}}"]}
`)
	h.reconcile()
	for i := range 3 {
		name := fmt.Sprintf("wf(%d)", i)
		podName := v1alpha1.WorkflowPodName("wf", name, "c")
		pod, ok := h.pods()[name]
		if !ok || pod.Name != podName {
			t.Fatalf("attempt %d: want pod %s for node %s, have %v", i, podName, name, h.pods())
		}
		got := strings.Join(pod.Spec.Containers[0].Command, " ")
		want := fmt.Sprintf("echo attempt %d in %s", i, podName)
		if !strings.Contains(got, want) {
			t.Errorf("attempt %d runs %q, want it to contain %q", i, got, want)
		}
		h.finish(name, 1, "")
		h.reconcile()
	}
}
