//go:build integration

package integration

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func semaphoreWorkflow(name string) string {
	return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: ` + name + `}
spec:
  entrypoint: main
  synchronization:
    semaphores:
    - configMapKeyRef: {name: limits, key: workflow}
  templates:
  - name: main
    container: {image: busybox, command: ["true"]}
`
}

// testWorkflowSync checks, with the real manager, that a freed semaphore wakes its waiter
// (no polling: a waiting workflow is not requeued otherwise), that raising the limit in the
// ConfigMap lets a waiter in, and that a memoized step is a cache hit on a second run.
func testWorkflowSync(t *testing.T) {
	ctx := context.Background()
	ns := workflowNamespace(t, "wf-sync")
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "limits"}, Data: map[string]string{"workflow": "1"}}
	if err := cl.Create(ctx, cm); err != nil {
		t.Fatal(err)
	}
	createWorkflow(t, ns, semaphoreWorkflow("a"))
	podA := nodePod(t, ns, "a", "a")
	createWorkflow(t, ns, semaphoreWorkflow("b"))
	b := waitWorkflowPhase(t, ns, "b", v1alpha1.WorkflowPending)
	if want := "Waiting for " + ns + "/ConfigMap/limits/workflow lock. Lock status: 0/1"; b.Status.Message != want {
		t.Fatalf("b message %q, want %q", b.Status.Message, want)
	}
	kubeletFinishes(t, podA, 0, "")
	waitWorkflowPhase(t, ns, "a", v1alpha1.WorkflowSucceeded)
	podB := nodePod(t, ns, "b", "b") // woken by a's release

	createWorkflow(t, ns, semaphoreWorkflow("c"))
	waitWorkflowPhase(t, ns, "c", v1alpha1.WorkflowPending)
	cm.Data["workflow"] = "2"
	if err := cl.Update(ctx, cm); err != nil {
		t.Fatal(err)
	}
	podC := nodePod(t, ns, "c", "c") // woken by the ConfigMap change
	kubeletFinishes(t, podB, 0, "")
	kubeletFinishes(t, podC, 0, "")
	waitWorkflowPhase(t, ns, "b", v1alpha1.WorkflowSucceeded)
	waitWorkflowPhase(t, ns, "c", v1alpha1.WorkflowSucceeded)

	memo := `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: NAME}
spec:
  entrypoint: main
  templates:
  - name: main
    memoize: {key: k1, maxAge: 1h, cache: {configMap: {name: memo}}}
    container: {image: busybox, command: [date]}
`
	createWorkflow(t, ns, strings.Replace(memo, "NAME", "m1", 1))
	kubeletFinishes(t, nodePod(t, ns, "m1", "m1"), 0, "first run")
	waitWorkflowPhase(t, ns, "m1", v1alpha1.WorkflowSucceeded)
	eventually(t, "the cache ConfigMap", func() error {
		return cl.Get(ctx, client.ObjectKey{Namespace: ns, Name: "memo"}, &corev1.ConfigMap{})
	})
	createWorkflow(t, ns, strings.Replace(memo, "NAME", "m2", 1))
	m2 := waitWorkflowPhase(t, ns, "m2", v1alpha1.WorkflowSucceeded)
	n := m2.Status.Nodes[v1alpha1.WorkflowNodeID("m2", "m2")]
	if n.MemoizationStatus == nil || !n.MemoizationStatus.Hit || n.Outputs == nil || n.Outputs.Result == nil || *n.Outputs.Result != "first run" {
		t.Fatalf("m2 node %+v, want a cache hit with m1's result", n)
	}
}
