package main

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
)

// treeStatus writes status.nodes the way the controller does: ids from the node names,
// boundaries and children given by name.
type treeStatus struct{ wf *wfv1.Workflow }

// node adds a node that started `started` ago and took `took` (still going when took < 0).
func (s treeStatus) node(name, display string, typ wfv1.NodeType, tmpl string, phase wfv1.NodePhase, boundary string, started, took time.Duration, children ...string) {
	id := func(n string) string { return wfv1.WorkflowNodeID(s.wf.Name, n) }
	n := wfv1.NodeStatus{ID: id(name), Name: name, DisplayName: display, Type: typ, TemplateName: tmpl, Phase: phase, StartedAt: ago(started)}
	if boundary != "" {
		n.BoundaryID = id(boundary)
	}
	if took >= 0 {
		n.FinishedAt = ago(started - took)
	}
	for _, c := range children {
		n.Children = append(n.Children, id(c))
	}
	if s.wf.Status.Nodes == nil {
		s.wf.Status.Nodes = wfv1.Nodes{}
	}
	s.wf.Status.Nodes[n.ID] = n
}

func (s treeStatus) set(name string, f func(*wfv1.NodeStatus)) {
	n := s.wf.Status.Nodes[wfv1.WorkflowNodeID(s.wf.Name, name)]
	f(&n)
	s.wf.Status.Nodes[n.ID] = n
}

// diamondWorkflow is a running DAG A -> (B, C) -> D, with E (depends on A failing) omitted,
// B retried once after a failure, C passing at its first attempt and an exit handler on A.
// Dependants are children of their dependencies' last attempts, as the controller records.
func diamondWorkflow() *wfv1.Workflow {
	wf := &wfv1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "diamond-q7x", Namespace: "default", CreationTimestamp: *ago(5 * time.Minute)},
		Spec: wfv1.WorkflowSpec{Entrypoint: "diamond", Templates: []wfv1.Template{{Name: "diamond", DAG: &wfv1.DAGTemplate{Tasks: []wfv1.DAGTask{
			{Name: "A", TemplateInvocation: wfv1.TemplateInvocation{Template: "echo", OnExit: "cleanup"}},
			{Name: "B", Dependencies: []string{"A"}, TemplateInvocation: wfv1.TemplateInvocation{Template: "flaky"}},
			{Name: "C", Dependencies: []string{"A"}, TemplateInvocation: wfv1.TemplateInvocation{Template: "flaky"}},
			{Name: "D", Dependencies: []string{"B", "C"}, TemplateInvocation: wfv1.TemplateInvocation{Template: "echo"}},
			{Name: "E", Depends: "A.Failed", TemplateInvocation: wfv1.TemplateInvocation{Template: "echo"}},
		}}}}},
		Status: wfv1.WorkflowStatus{Phase: wfv1.WorkflowRunning, Progress: "4/5", StartedAt: ago(5 * time.Minute)},
	}
	s, m, sec := treeStatus{wf}, time.Minute, time.Second
	s.node("diamond-q7x", "diamond-q7x", wfv1.NodeTypeDAG, "diamond", wfv1.NodeRunning, "", 5*m, -1, "diamond-q7x.A")
	s.node("diamond-q7x.A", "A", wfv1.NodeTypePod, "echo", wfv1.NodeSucceeded, "diamond-q7x", 5*m, 10*sec,
		"diamond-q7x.A.onExit", "diamond-q7x.B", "diamond-q7x.C", "diamond-q7x.E")
	s.set("diamond-q7x.A", func(n *wfv1.NodeStatus) {
		n.Outputs = &wfv1.Outputs{Artifacts: []wfv1.Artifact{{Name: "report"}, {Name: "logs"}}}
		n.ResourcesDuration = wfv1.ResourcesDuration{"memory": 12, "cpu": 5}
		n.HostNodeName = "node-2"
	})
	s.node("diamond-q7x.A.onExit", "A.onExit", wfv1.NodeTypePod, "cleanup", wfv1.NodeSucceeded, "diamond-q7x", 4*m+50*sec, 5*sec)
	s.node("diamond-q7x.B", "B", wfv1.NodeTypeRetry, "flaky", wfv1.NodeSucceeded, "diamond-q7x", 4*m+45*sec, 70*sec, "diamond-q7x.B(0)", "diamond-q7x.B(1)")
	s.node("diamond-q7x.B(0)", "B(0)", wfv1.NodeTypePod, "flaky", wfv1.NodeFailed, "diamond-q7x", 4*m+45*sec, 20*sec)
	s.set("diamond-q7x.B(0)", func(n *wfv1.NodeStatus) { n.Message = "Error (exit code 1)" })
	s.node("diamond-q7x.B(1)", "B(1)", wfv1.NodeTypePod, "flaky", wfv1.NodeSucceeded, "diamond-q7x", 4*m+15*sec, 40*sec, "diamond-q7x.D")
	s.node("diamond-q7x.C", "C", wfv1.NodeTypeRetry, "flaky", wfv1.NodeSucceeded, "diamond-q7x", 4*m+45*sec, 30*sec, "diamond-q7x.C(0)")
	s.node("diamond-q7x.C(0)", "C(0)", wfv1.NodeTypePod, "flaky", wfv1.NodeSucceeded, "diamond-q7x", 4*m+45*sec, 30*sec, "diamond-q7x.D")
	s.node("diamond-q7x.E", "E", wfv1.NodeTypeSkipped, "echo", wfv1.NodeOmitted, "diamond-q7x", 4*m+45*sec, 0)
	s.set("diamond-q7x.E", func(n *wfv1.NodeStatus) { n.Message = "omitted: depends condition not met" })
	s.node("diamond-q7x.D", "D", wfv1.NodeTypePod, "echo", wfv1.NodeRunning, "diamond-q7x", 3*m+35*sec, -1)
	s.set("diamond-q7x.D", func(n *wfv1.NodeStatus) { n.HostNodeName = "node-1" })
	return wf
}

// loopsWorkflow is a failed steps workflow: one step; then a step and a nested DAG in
// parallel, the DAG running a looped task; then a looped step whose second item failed;
// and the workflow's exit handler.
func loopsWorkflow() *wfv1.Workflow {
	wf := &wfv1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "loops-k2m", Namespace: "default", CreationTimestamp: *ago(10 * time.Minute)},
		Spec:       wfv1.WorkflowSpec{Entrypoint: "main", OnExit: "notify"},
		Status: wfv1.WorkflowStatus{
			Phase: wfv1.WorkflowFailed, Message: "child 'loops-k2m[2].print(1:b)' failed", Progress: "6/7",
			StartedAt: ago(10 * time.Minute), FinishedAt: ago(7 * time.Minute),
		},
	}
	s, m, sec := treeStatus{wf}, time.Minute, time.Second
	s.node("loops-k2m", "loops-k2m", wfv1.NodeTypeSteps, "main", wfv1.NodeFailed, "", 10*m, 3*m-5*sec, "loops-k2m[0]")
	s.node("loops-k2m[0]", "[0]", wfv1.NodeTypeStepGroup, "main", wfv1.NodeSucceeded, "loops-k2m", 10*m, 12*sec, "loops-k2m[0].hello1")
	s.node("loops-k2m[0].hello1", "hello1", wfv1.NodeTypePod, "echo", wfv1.NodeSucceeded, "loops-k2m", 10*m, 12*sec, "loops-k2m[1]")
	s.node("loops-k2m[1]", "[1]", wfv1.NodeTypeStepGroup, "main", wfv1.NodeSucceeded, "loops-k2m", 10*m-12*sec, 70*sec, "loops-k2m[1].hello2a", "loops-k2m[1].fan")
	s.node("loops-k2m[1].hello2a", "hello2a", wfv1.NodeTypePod, "echo", wfv1.NodeSucceeded, "loops-k2m", 10*m-12*sec, 9*sec, "loops-k2m[2]")
	s.node("loops-k2m[1].fan", "fan", wfv1.NodeTypeDAG, "fan", wfv1.NodeSucceeded, "loops-k2m", 10*m-12*sec, 70*sec, "loops-k2m[1].fan.work", "loops-k2m[2]")
	s.node("loops-k2m[1].fan.work", "work", wfv1.NodeTypeTaskGroup, "work", wfv1.NodeSucceeded, "loops-k2m[1].fan", 10*m-12*sec, 70*sec,
		"loops-k2m[1].fan.work(0:x)", "loops-k2m[1].fan.work(1:y)")
	s.node("loops-k2m[1].fan.work(0:x)", "work(0:x)", wfv1.NodeTypePod, "work", wfv1.NodeSucceeded, "loops-k2m[1].fan", 10*m-12*sec, 70*sec)
	s.node("loops-k2m[1].fan.work(1:y)", "work(1:y)", wfv1.NodeTypePod, "work", wfv1.NodeSucceeded, "loops-k2m[1].fan", 10*m-12*sec, 50*sec)
	s.node("loops-k2m[2]", "[2]", wfv1.NodeTypeStepGroup, "main", wfv1.NodeFailed, "loops-k2m", 8*m-50*sec, 90*sec,
		"loops-k2m[2].print(0:a)", "loops-k2m[2].print(1:b)", "loops-k2m[2].print(2:c)")
	for i, item := range []string{"print(0:a)", "print(1:b)", "print(2:c)"} {
		phase := wfv1.NodeSucceeded
		if i == 1 {
			phase = wfv1.NodeFailed
		}
		s.node("loops-k2m[2]."+item, item, wfv1.NodeTypePod, "print", phase, "loops-k2m", 8*m-50*sec, time.Duration(30+i*30)*sec)
	}
	s.set("loops-k2m[2].print(1:b)", func(n *wfv1.NodeStatus) { n.Message = "Error (exit code 2)" })
	s.node("loops-k2m.onExit", "loops-k2m.onExit", wfv1.NodeTypePod, "notify", wfv1.NodeSucceeded, "", 7*m, 6*sec)
	return wf
}

// conditionalWorkflow is a finished DAG whose test failed with continueOn: deploy ran,
// rollback (depends on deploy failing) was omitted, notify was skipped by its when, and
// report, depending on notify, ran after it.
func conditionalWorkflow() *wfv1.Workflow {
	wf := &wfv1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "release-4", Namespace: "default", CreationTimestamp: *ago(20 * time.Minute)},
		Spec:       wfv1.WorkflowSpec{Entrypoint: "release"},
		Status:     wfv1.WorkflowStatus{Phase: wfv1.WorkflowSucceeded, Progress: "3/3", StartedAt: ago(20 * time.Minute), FinishedAt: ago(17 * time.Minute)},
	}
	s, m, sec := treeStatus{wf}, time.Minute, time.Second
	s.node("release-4", "release-4", wfv1.NodeTypeDAG, "release", wfv1.NodeSucceeded, "", 20*m, 3*m, "release-4.test", "release-4.notify")
	s.node("release-4.test", "test", wfv1.NodeTypePod, "test", wfv1.NodeFailed, "release-4", 20*m, 40*sec, "release-4.deploy")
	s.set("release-4.test", func(n *wfv1.NodeStatus) { n.Message = "Error (exit code 1)" })
	s.node("release-4.deploy", "deploy", wfv1.NodeTypePod, "deploy", wfv1.NodeSucceeded, "release-4", 19*m, 2*m, "release-4.rollback")
	s.node("release-4.rollback", "rollback", wfv1.NodeTypeSkipped, "rollback", wfv1.NodeOmitted, "release-4", 17*m, 0)
	s.set("release-4.rollback", func(n *wfv1.NodeStatus) { n.Message = "omitted: depends condition not met" })
	s.node("release-4.notify", "notify", wfv1.NodeTypeSkipped, "notify", wfv1.NodeSkipped, "release-4", 20*m, 0, "release-4.report")
	s.set("release-4.notify", func(n *wfv1.NodeStatus) { n.Message = "when 'staging == prod' evaluated false" })
	s.node("release-4.report", "report", wfv1.NodeTypePod, "report", wfv1.NodeSucceeded, "release-4", 20*m, 10*sec)
	return wf
}

// suspendedWorkflow waits at an approval step.
func suspendedWorkflow() *wfv1.Workflow {
	wf := &wfv1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "approve-9", Namespace: "default", CreationTimestamp: *ago(2 * time.Hour)},
		Spec:       wfv1.WorkflowSpec{Entrypoint: "main"},
		Status:     wfv1.WorkflowStatus{Phase: wfv1.WorkflowRunning, StartedAt: ago(2 * time.Hour)},
	}
	s, h := treeStatus{wf}, time.Hour
	s.node("approve-9", "approve-9", wfv1.NodeTypeSteps, "main", wfv1.NodeRunning, "", 2*h, -1, "approve-9[0]")
	s.node("approve-9[0]", "[0]", wfv1.NodeTypeStepGroup, "main", wfv1.NodeSucceeded, "approve-9", 2*h, 3*time.Minute, "approve-9[0].build")
	s.node("approve-9[0].build", "build", wfv1.NodeTypePod, "build", wfv1.NodeSucceeded, "approve-9", 2*h, 3*time.Minute, "approve-9[1]")
	s.node("approve-9[1]", "[1]", wfv1.NodeTypeStepGroup, "main", wfv1.NodeRunning, "approve-9", 2*h-3*time.Minute, -1, "approve-9[1].approve")
	s.node("approve-9[1].approve", "approve", wfv1.NodeTypeSuspend, "approve", wfv1.NodeRunning, "approve-9", 2*h-3*time.Minute, -1)
	return wf
}

func TestGetTree(t *testing.T) {
	objs := []client.Object{diamondWorkflow(), loopsWorkflow(), suspendedWorkflow(), conditionalWorkflow()}
	for name, args := range map[string][]string{
		"get-conditional":  {"get", "release-4"},
		"get-diamond":      {"get", "diamond-q7x"},
		"get-diamond-wide": {"get", "diamond-q7x", "-o", "wide"},
		"get-loops":        {"get", "loops-k2m"},
		"get-suspended":    {"get", "approve-9"},
	} {
		t.Run(name, func(t *testing.T) { golden(t, name, newEnv(objs...), args...) })
	}
}

// TestTreeColourAligned: each STEP cell carries one colour code, and so does the header, so
// the columns line up on screen as they do without colour.
func TestTreeColourAligned(t *testing.T) {
	env := newEnv(diamondWorkflow())
	env.Options.NoColor = false
	env.Options.Terminal = func() bool { return true }
	if !env.Options.Colour().Enabled {
		t.Fatal("colour not enabled on a terminal")
	}
	if code := run(env, "get", "diamond-q7x"); code != 0 {
		t.Fatalf("exit %d: %s", code, env.ErrOut)
	}
	_, table, _ := strings.Cut(env.Out.String(), "\n\n")
	plain := newEnv(diamondWorkflow())
	run(plain, "get", "diamond-q7x")
	_, want, _ := strings.Cut(plain.Out.String(), "\n\n")
	got := stripANSI(table)
	if got != want {
		t.Errorf("coloured table, colours removed:\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(table, "\x1b[32m✔\x1b[0m") {
		t.Errorf("no green ✔ in\n%q", table)
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
