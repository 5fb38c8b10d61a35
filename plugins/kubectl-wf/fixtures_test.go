package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/clitest"
)

func TestMain(m *testing.M) {
	// Called as kubectl-wf (by the completion helper in TestCompletionHelper), the test
	// binary is the plugin.
	if filepath.Base(os.Args[0]) == "kubectl-wf" {
		main()
		return
	}
	time.Local = time.UTC
	os.Exit(m.Run())
}

func ago(d time.Duration) *metav1.Time { t := metav1.NewTime(clitest.Now.Add(-d)); return &t }

// steps is a finished steps workflow: one step, then two in parallel, one failed, and an
// onExit handler.
func stepsWorkflow() *wfv1.Workflow {
	wf := &wfv1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "steps-abc", Namespace: "default", CreationTimestamp: *ago(10 * time.Minute), Labels: map[string]string{"team": "a"}},
		Spec:       wfv1.WorkflowSpec{Entrypoint: "main", Arguments: wfv1.Arguments{Parameters: []wfv1.Parameter{{Name: "message", Value: wfv1.AnyStringPtr("hi")}}}},
		Status: wfv1.WorkflowStatus{
			Phase: wfv1.WorkflowFailed, Message: "child 'steps-abc-2' failed", Progress: "2/3",
			StartedAt: ago(10 * time.Minute), FinishedAt: ago(8 * time.Minute),
		},
	}
	n := func(id, name, display string, t wfv1.NodeType, tmpl string, phase wfv1.NodePhase, start, end time.Duration, children ...string) wfv1.NodeStatus {
		return wfv1.NodeStatus{ID: id, Name: name, DisplayName: display, Type: t, TemplateName: tmpl, Phase: phase, StartedAt: ago(start), FinishedAt: ago(end), Children: children}
	}
	wf.Status.Nodes = wfv1.Nodes{
		"steps-abc":    n("steps-abc", "steps-abc", "steps-abc", wfv1.NodeTypeSteps, "main", wfv1.NodeFailed, 600*time.Second, 480*time.Second, "steps-abc-g0"),
		"steps-abc-g0": n("steps-abc-g0", "steps-abc[0]", "[0]", wfv1.NodeTypeStepGroup, "main", wfv1.NodeSucceeded, 600*time.Second, 590*time.Second, "steps-abc-1"),
		"steps-abc-1":  n("steps-abc-1", "steps-abc[0].hello1", "hello1", wfv1.NodeTypePod, "echo", wfv1.NodeSucceeded, 600*time.Second, 590*time.Second, "steps-abc-g1"),
		"steps-abc-g1": n("steps-abc-g1", "steps-abc[1]", "[1]", wfv1.NodeTypeStepGroup, "main", wfv1.NodeFailed, 590*time.Second, 480*time.Second, "steps-abc-2", "steps-abc-3"),
		"steps-abc-2":  n("steps-abc-2", "steps-abc[1].hello2a", "hello2a", wfv1.NodeTypePod, "fail", wfv1.NodeFailed, 590*time.Second, 560*time.Second),
		"steps-abc-3":  n("steps-abc-3", "steps-abc[1].hello2b", "hello2b", wfv1.NodeTypePod, "echo", wfv1.NodeSucceeded, 590*time.Second, 500*time.Second),
		"steps-abc-4":  n("steps-abc-4", "steps-abc.onExit", "steps-abc.onExit", wfv1.NodeTypePod, "exit-handler", wfv1.NodeSucceeded, 479*time.Second, 470*time.Second),
	}
	wf.Status.Nodes["steps-abc-2"] = withMessage(wf.Status.Nodes["steps-abc-2"], "Error (exit code 1)")
	for id, node := range wf.Status.Nodes {
		if id != "steps-abc" && id != "steps-abc-4" {
			node.BoundaryID = "steps-abc"
			wf.Status.Nodes[id] = node
		}
	}
	return wf
}

func withMessage(n wfv1.NodeStatus, m string) wfv1.NodeStatus { n.Message = m; return n }

func runningWorkflow(name, ns string, age time.Duration) *wfv1.Workflow {
	return &wfv1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, CreationTimestamp: *ago(age)},
		Spec:       wfv1.WorkflowSpec{Entrypoint: "main", Priority: ptr(int32(5))},
		Status: wfv1.WorkflowStatus{Phase: wfv1.WorkflowRunning, StartedAt: ago(age), Nodes: wfv1.Nodes{
			name: {ID: name, Name: name, Type: wfv1.NodeTypePod, TemplateName: "main", Phase: wfv1.NodeRunning, StartedAt: ago(age)},
		}},
	}
}

func succeededWorkflow(name string, age time.Duration) *wfv1.Workflow {
	return &wfv1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default", CreationTimestamp: *ago(age)},
		Spec:       wfv1.WorkflowSpec{Entrypoint: "main"},
		Status:     wfv1.WorkflowStatus{Phase: wfv1.WorkflowSucceeded, StartedAt: ago(age), FinishedAt: ago(age - time.Minute)},
	}
}

// dagWorkflow is a running diamond DAG: A, then B and C, then D (pending), inside a retry.
func dagWorkflow() *wfv1.Workflow {
	wf := runningWorkflow("dag-x", "default", 5*time.Minute)
	wf.Spec.ServiceAccountName = "runner"
	task := func(id, display string, t wfv1.NodeType, phase wfv1.NodePhase, children ...string) wfv1.NodeStatus {
		return wfv1.NodeStatus{ID: id, Name: "dag-x." + display, DisplayName: display, Type: t, TemplateName: "work", Phase: phase, BoundaryID: "dag-x", StartedAt: ago(4 * time.Minute), Children: children}
	}
	wf.Status.Nodes = wfv1.Nodes{
		"dag-x":    {ID: "dag-x", Name: "dag-x", Type: wfv1.NodeTypeDAG, TemplateName: "diamond", Phase: wfv1.NodeRunning, StartedAt: ago(5 * time.Minute), Children: []string{"dag-x-a"}},
		"dag-x-a":  task("dag-x-a", "A", wfv1.NodeTypePod, wfv1.NodeSucceeded, "dag-x-b", "dag-x-c"),
		"dag-x-b":  task("dag-x-b", "B", wfv1.NodeTypeRetry, wfv1.NodeRunning, "dag-x-b0", "dag-x-b1"),
		"dag-x-b0": {ID: "dag-x-b0", Name: "dag-x.B(0)", DisplayName: "B(0)", Type: wfv1.NodeTypePod, TemplateName: "work", Phase: wfv1.NodeFailed, BoundaryID: "dag-x", Message: "OOMKilled", StartedAt: ago(4 * time.Minute), FinishedAt: ago(3 * time.Minute)},
		"dag-x-b1": {ID: "dag-x-b1", Name: "dag-x.B(1)", DisplayName: "B(1)", Type: wfv1.NodeTypePod, TemplateName: "work", Phase: wfv1.NodeRunning, BoundaryID: "dag-x", StartedAt: ago(2 * time.Minute), Children: []string{"dag-x-d"}},
		"dag-x-c":  task("dag-x-c", "C", wfv1.NodeTypeSkipped, wfv1.NodeSkipped, "dag-x-d"),
		"dag-x-d":  {ID: "dag-x-d", Name: "dag-x.D", DisplayName: "D", Type: wfv1.NodeTypePod, TemplateName: "work", Phase: wfv1.NodePending, BoundaryID: "dag-x"},
	}
	return wf
}
