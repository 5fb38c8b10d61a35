package workflow

import (
	"context"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

const gcSteps = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: gc, namespace: default}
spec:
  entrypoint: main
  podGC: POLICY
  templates:
  - name: main
    steps:
    - - {name: keep, template: keep}
    - - {name: drop, template: drop}
  - name: keep
    container: {image: busybox, command: ["true"]}
  - name: drop
    metadata: {labels: {gc: me}}
    container: {image: busybox, command: ["true"]}
`

func gcWorkflow(policy string) string {
	return strings.Replace(gcSteps, "POLICY", policy, 1)
}

func TestPodGCWithDelayDeletesPodsOnlyOnceTheDelayPassed(t *testing.T) {
	h := newHarness(t, gcWorkflow(`{strategy: OnPodCompletion, deleteDelayDuration: 30s}`))
	h.reconcile()
	h.finish("gc[0].keep", 0, "")
	h.reconcile()
	h.now = h.now.Add(10 * time.Second)
	res := h.reconcile()
	if h.pods()["gc[0].keep"] == nil {
		t.Fatal("deleted before deleteDelayDuration passed")
	}
	if res.RequeueAfter <= 0 || res.RequeueAfter > 20*time.Second {
		t.Fatalf("requeue after %v, want the 20s left of the delay", res.RequeueAfter)
	}
	h.now = h.now.Add(25 * time.Second)
	h.reconcile()
	if h.pods()["gc[0].keep"] != nil {
		t.Fatal("pod kept after deleteDelayDuration")
	}
	// The last pod finishes with the workflow; the completed workflow still collects it.
	h.finish("gc[1].drop", 0, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
	if h.pods()["gc[1].drop"] == nil {
		t.Fatal("deleted the last pod without its delay")
	}
	h.now = h.now.Add(31 * time.Second)
	h.reconcile()
	if len(h.pods()) != 0 {
		t.Fatalf("pods left: %v", keys(h.pods()))
	}
}

func TestPodGCLabelSelectorDeletesOnlyMatchingPods(t *testing.T) {
	h := newHarness(t, gcWorkflow(`{strategy: OnWorkflowCompletion, labelSelector: {matchLabels: {gc: me}}}`))
	h.reconcile()
	h.finish("gc[0].keep", 0, "")
	h.reconcile()
	h.finish("gc[1].drop", 0, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
	h.reconcile()
	pods := h.pods()
	if pods["gc[0].keep"] == nil || pods["gc[1].drop"] != nil {
		t.Fatalf("pods left %v, want only gc[0].keep (the selector matches drop)", keys(pods))
	}
}

func TestTTLStrategyDeletesTheFinishedWorkflow(t *testing.T) {
	for _, tc := range []struct {
		name, ttl string
		exit      int
		after     time.Duration
	}{
		{"success", `{secondsAfterCompletion: 600, secondsAfterSuccess: 60}`, 0, 60 * time.Second},
		{"failure", `{secondsAfterCompletion: 600, secondsAfterFailure: 120}`, 1, 120 * time.Second},
		{"completion", `{secondsAfterCompletion: 30, secondsAfterSuccess: 5}`, 1, 30 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: ttl, namespace: default}
spec:
  entrypoint: main
  ttlStrategy: `+tc.ttl+`
  templates:
  - name: main
    container: {image: busybox, command: ["true"]}
`)
			h.reconcile()
			h.finish("ttl", tc.exit, "")
			h.reconcile()
			res := h.reconcile()
			if res.RequeueAfter != tc.after {
				t.Fatalf("requeue after %v, want %v", res.RequeueAfter, tc.after)
			}
			h.now = h.now.Add(tc.after - time.Second)
			h.reconcile()
			h.wf() // still there
			h.now = h.now.Add(time.Second)
			h.reconcile()
			if err := h.c.Get(context.Background(), h.key, &v1alpha1.Workflow{}); !apierrors.IsNotFound(err) {
				t.Fatalf("workflow still there after its TTL: %v", err)
			}
		})
	}
}
