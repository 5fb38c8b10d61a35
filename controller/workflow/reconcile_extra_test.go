package workflow

import (
	"testing"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func TestStepOnExitAndPodGC(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  podGC: {strategy: OnPodSuccess}
  templates:
  - name: main
    steps: [[{name: a, template: c, onExit: c}], [{name: b, template: c}]]
  - name: c
    container: {image: a, command: [x]}
`)
	h.reconcile()
	h.finish("wf[0].a", 0, "")
	h.reconcile()
	if _, ok := h.pods()["wf[0].a"]; ok {
		t.Error("OnPodSuccess kept the succeeded pod")
	}
	if h.pods()["wf[0].a.onExit"] == nil {
		t.Fatalf("step exit handler did not start: %v", keys(h.pods()))
	}
	if _, ok := h.pods()["wf[1].b"]; ok {
		t.Fatal("the next group started before the step's exit handler finished")
	}
	h.finish("wf[0].a.onExit", 0, "")
	h.reconcile()
	h.finish("wf[1].b", 0, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
}

func TestStaleCacheWaits(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: c
  templates: [{name: c, container: {image: a, command: [x]}}]
`)
	h.reconcile()
	wf := h.wf()
	h.r.written.Store(client.ObjectKeyFromObject(wf), "999999")
	h.finish("wf", 0, "")
	if res := h.reconcile(); res.RequeueAfter == 0 {
		t.Error("a stale read did not requeue")
	}
	h.wantPhase(v1alpha1.WorkflowRunning)
	h.r.written.Delete(client.ObjectKeyFromObject(wf))
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
}

func TestTemplateParallelism(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    parallelism: 2
    dag:
      tasks:
      - {name: L, template: c, withItems: [a, b, c]}
  - name: c
    container: {image: a, command: [x]}
`)
	h.reconcile()
	if got := len(h.pods()); got != 2 {
		t.Fatalf("%d pods, want 2 under parallelism 2", got)
	}
	h.finish("wf.L(0:a)", 0, "")
	h.reconcile()
	if h.pods()["wf.L(2:c)"] == nil {
		t.Fatalf("third item did not start after the first finished: %v", keys(h.pods()))
	}
	h.finish("wf.L(1:b)", 0, "")
	h.finish("wf.L(2:c)", 0, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
}

func TestWhenBareWords(t *testing.T) {
	sc := scope{"steps.flip.outputs.result": "heads", "steps.n.outputs.result": "12"}
	for cond, want := range map[string]bool{
		"{{steps.flip.outputs.result}} == heads":     true,
		"{{steps.flip.outputs.result}} == tails":     false,
		`"{{steps.flip.outputs.result}}" != "tails"`: true,
		"{{steps.flip.outputs.result}} =~ hea":       true,
		"{{steps.n.outputs.result}} =~ 1":            true,
	} {
		if got, err := sc.evalWhen(cond); err != nil || got != want {
			t.Errorf("when %q = %v, %v; want %v", cond, got, err, want)
		}
	}
}

func TestRetryExpressionAndUnsupported(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: c
  templates:
  - name: c
    retryStrategy: {limit: 5, expression: "asInt(lastRetry.exitCode) == 2"}
    container: {image: a, command: [x]}
`)
	h.reconcile()
	h.finish("wf(0)", 2, "")
	h.reconcile()
	h.finish("wf(1)", 3, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowFailed)
	if n := h.node("wf"); len(n.Children) != 2 {
		t.Errorf("attempts %d, want 2 (exit 3 is not retried)", len(n.Children))
	}

	h = newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: c
  templates:
  - name: c
    daemon: true
    container: {image: a, command: [x]}
`)
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowError)
	if wf.Status.Message != `spec.templates[0].daemon: Forbidden: not supported by Skiff: spec.templates[0].daemon` {
		t.Errorf("message %q", wf.Status.Message)
	}
}
