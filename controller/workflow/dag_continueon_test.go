package workflow

import (
	"context"
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
)

// upstreamDependent is what upstream Argo decides for B (dependencies: [A] or depends: "A")
// once A ends with outcome under A's continueOn. Written from upstream's rules, not from
// this controller: a dependency counts as done when it Succeeded, was Skipped or is
// Daemoned, or when it Failed/Errored and its continueOn says failed/error (upstream's
// expandDependency, used for legacy entries and bare names alike); otherwise B is Omitted
// and the DAG takes the phase of the branch that failed (an Omitted node inherits it).
var upstreamDependent = []struct {
	outcome, continueOn string
	b                   v1alpha1.NodePhase
	wf                  v1alpha1.WorkflowPhase
}{
	{"succeeded", "none", v1alpha1.NodeSucceeded, v1alpha1.WorkflowSucceeded},
	{"succeeded", "failed", v1alpha1.NodeSucceeded, v1alpha1.WorkflowSucceeded},
	{"succeeded", "error", v1alpha1.NodeSucceeded, v1alpha1.WorkflowSucceeded},
	{"failed", "none", v1alpha1.NodeOmitted, v1alpha1.WorkflowFailed},
	{"failed", "failed", v1alpha1.NodeSucceeded, v1alpha1.WorkflowSucceeded},
	{"failed", "error", v1alpha1.NodeOmitted, v1alpha1.WorkflowFailed},
	{"errored", "none", v1alpha1.NodeOmitted, v1alpha1.WorkflowError},
	{"errored", "failed", v1alpha1.NodeOmitted, v1alpha1.WorkflowError},
	{"errored", "error", v1alpha1.NodeSucceeded, v1alpha1.WorkflowSucceeded},
	{"skipped", "none", v1alpha1.NodeSucceeded, v1alpha1.WorkflowSucceeded},
	{"skipped", "failed", v1alpha1.NodeSucceeded, v1alpha1.WorkflowSucceeded},
	{"skipped", "error", v1alpha1.NodeSucceeded, v1alpha1.WorkflowSucceeded},
	// A omitted: A depends on Z, which fails without continueOn; B inherits Z's Failed.
	{"omitted", "none", v1alpha1.NodeOmitted, v1alpha1.WorkflowFailed},
	{"omitted", "failed", v1alpha1.NodeOmitted, v1alpha1.WorkflowFailed},
	{"omitted", "error", v1alpha1.NodeOmitted, v1alpha1.WorkflowFailed},
}

// TestDAGDependencyMatrix runs every dependency outcome × continueOn × failFast × form.
// Beside A → B the DAG has S → T: T becomes ready only after A has ended, so failFast shows
// as whether T is scheduled (upstream: failFast stops scheduling new tasks once a failure
// that continueOn does not cover is seen; failFast: false runs every branch).
func TestDAGDependencyMatrix(t *testing.T) {
	for _, form := range []string{"legacy", "enhanced"} {
		for _, row := range upstreamDependent {
			for _, failFast := range []bool{true, false} {
				name := fmt.Sprintf("%s/A_%s/continueOn_%s/failFast_%v", form, row.outcome, row.continueOn, failFast)
				t.Run(name, func(t *testing.T) {
					manifest := continueOnManifest(form, row.outcome, row.continueOn, failFast)
					h := newHarness(t, manifest)
					h.reconcile()
					if checkValidation(t, manifest, form, row.continueOn) {
						// Denied at admission; one created while the webhook was away ends at
						// its first reconcile without running a step.
						wf := h.wantPhase(v1alpha1.WorkflowError)
						if !strings.Contains(wf.Status.Message, "cannot use 'continueOn' when using 'depends'") || len(h.pods()) != 0 {
							t.Fatalf("message %q, %d pods; want the continueOn error and no pod", wf.Status.Message, len(h.pods()))
						}
						return
					}
					h.driveOutcome("wf.A", row.outcome)
					h.reconcile()
					b := h.node("wf.B")
					if row.b == v1alpha1.NodeOmitted {
						if b.Phase != v1alpha1.NodeOmitted || b.Message != "omitted: depends condition not met" {
							t.Fatalf("B = %s %q, want Omitted", b.Phase, b.Message)
						}
					} else if h.pods()["wf.B"] == nil {
						t.Fatalf("B = %s %q, want it running", b.Phase, b.Message)
					}
					h.finish("wf.S", 0, "")
					h.reconcile()
					stopped := failFast && row.wf != v1alpha1.WorkflowSucceeded
					_, tStarted := h.pods()["wf.T"]
					if tStarted == stopped {
						t.Fatalf("T started = %v, want %v (failFast %v after a %s branch)", tStarted, !stopped, failFast, row.wf)
					}
					for _, n := range []string{"wf.B", "wf.T"} {
						if h.pods()[n] != nil {
							h.finish(n, 0, "")
						}
					}
					h.reconcile()
					wf := h.wantPhase(row.wf)
					if got := h.node("wf.B").Phase; got != row.b {
						t.Errorf("B ended %s, want %s", got, row.b)
					}
					if _, ok := wf.Status.Nodes[v1alpha1.WorkflowNodeID("wf", "wf.T")]; ok == stopped {
						t.Errorf("T has a node = %v, want %v", ok, !stopped)
					}
				})
			}
		}
	}
}

// An Omitted dependency carries its branch's phase: here the branch succeeded (Z ran and
// A.Failed did not hold), so B's omission does not fail the DAG.
func TestDAGOmittedAfterSuccessSucceeds(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: Z, template: c}
      - {name: A, template: c, depends: "Z.Failed"}
      - {name: B, template: c, depends: "A"}
  - name: c
    container: {image: a, command: [x]}
`)
	h.reconcile()
	h.finish("wf.Z", 0, "")
	h.reconcile()
	for _, n := range []string{"wf.A", "wf.B"} {
		if p := h.node(n).Phase; p != v1alpha1.NodeOmitted {
			t.Errorf("%s = %s, want Omitted", n, p)
		}
	}
	h.wantPhase(v1alpha1.WorkflowSucceeded)
}

func continueOnManifest(form, outcome, continueOn string, failFast bool) string {
	dep := func(name string) string {
		if form == "legacy" {
			return "dependencies: [" + name + "]"
		}
		return `depends: "` + name + `"`
	}
	a := "{name: A, template: c"
	switch outcome {
	case "skipped":
		a += `, when: "1 == 2"`
	case "omitted":
		a += ", " + dep("Z")
	}
	switch continueOn {
	case "failed":
		a += ", continueOn: {failed: true}"
	case "error":
		a += ", continueOn: {error: true}"
	}
	tasks := []string{a + "}", "{name: B, template: c, " + dep("A") + "}", "{name: S, template: c}",
		"{name: T, template: c, " + dep("S") + "}"}
	if outcome == "omitted" {
		tasks = append(tasks, "{name: Z, template: c}")
	}
	return fmt.Sprintf(`
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      failFast: %v
      tasks:
      - %s
  - name: c
    container: {image: a, command: [x]}
`, failFast, strings.Join(tasks, "\n      - "))
}

// checkValidation reports whether validation denies the workflow, as upstream's validator
// does for continueOn in a DAG that uses depends ("instead use dep-task.Failed"); the legacy
// form is valid with any continueOn. So with depends, continueOn never reaches the DAG
// engine: upstream's expansion of a bare name would honour it, but nothing runs.
func checkValidation(t *testing.T, manifest, form, continueOn string) bool {
	t.Helper()
	wf := &v1alpha1.Workflow{}
	if err := yaml.UnmarshalStrict([]byte(manifest), wf); err != nil {
		t.Fatal(err)
	}
	wf.Namespace = "default"
	errs := validate.Workflow(context.Background(), wf, validate.Options{}).Errors
	denied := form == "enhanced" && continueOn != "none"
	if !denied {
		if len(errs) > 0 {
			t.Fatalf("validation: %v", errs.ToAggregate())
		}
		return false
	}
	if len(errs) != 1 || errs[0].Field != "spec.templates[0].dag.tasks[0].continueOn" {
		t.Fatalf("validation errors %v, want one on spec.templates[0].dag.tasks[0].continueOn", errs)
	}
	return true
}

// driveOutcome plays the kubelet so that the node ends as outcome. An error is a pod that
// vanished while running (upstream: "pod deleted"); skipped and omitted need nothing here
// but, for omitted, the failure of Z that A depends on.
func (h *harness) driveOutcome(node, outcome string) {
	h.t.Helper()
	switch outcome {
	case "succeeded":
		h.finish(node, 0, "")
	case "failed":
		h.finish(node, 1, "")
	case "omitted":
		h.finish("wf.Z", 1, "")
	case "errored":
		pod := h.pods()[node]
		pod.Status.Phase = corev1.PodRunning
		if err := h.c.Status().Update(context.Background(), pod); err != nil {
			h.t.Fatal(err)
		}
		h.reconcile()
		if p := h.node(node).Phase; p != v1alpha1.NodeRunning {
			h.t.Fatalf("%s = %s before its pod is deleted, want Running", node, p)
		}
		if err := h.c.Delete(context.Background(), h.pods()[node]); err != nil {
			h.t.Fatal(err)
		}
	}
}
