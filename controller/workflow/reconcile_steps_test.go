package workflow

import (
	"strings"
	"testing"
	"time"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

const stepsWF = `
metadata: {name: wf}
spec:
  entrypoint: main
  serviceAccountName: runner
  nodeSelector: {disk: ssd}
  arguments:
    parameters: [{name: greeting, value: hello}]
  templates:
  - name: main
    steps:
    - - name: a
        template: say
        arguments: {parameters: [{name: msg, value: "{{workflow.parameters.greeting}}"}]}
    - - name: b
        template: echo
        arguments: {parameters: [{name: msg, value: "{{steps.a.outputs.result}}"}]}
  - name: say
    inputs: {parameters: [{name: msg}]}
    container: {image: alpine, command: [echo], args: ["{{inputs.parameters.msg}}", "{{pod.name}}"]}
  - name: echo
    inputs: {parameters: [{name: msg}, {name: n, default: "1"}]}
    script: {image: python, command: [python], source: "print('{{inputs.parameters.msg}}')"}
`

func TestStepsRunInOrderWithOutputs(t *testing.T) {
	h := newHarness(t, stepsWF)
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowRunning)
	if wf.Status.StartedAt == nil || wf.Status.Progress != "0/1" {
		t.Errorf("startedAt %v progress %q", wf.Status.StartedAt, wf.Status.Progress)
	}
	pods := h.pods()
	a := pods["wf[0].a"]
	if len(pods) != 1 || a == nil {
		t.Fatalf("pods = %v, want only wf[0].a", keys(pods))
	}
	// The pod: name, labels, owner, executor wiring.
	if want := v1alpha1.WorkflowPodName("wf", "wf[0].a", "say"); a.Name != want || !strings.HasPrefix(a.Name, "wf-say-") {
		t.Errorf("pod name %q, want %q", a.Name, want)
	}
	if a.Labels[LabelWorkflow] != "wf" || a.Labels[LabelCompleted] != "false" || a.Annotations[AnnotationNodeID] != v1alpha1.WorkflowNodeID("wf", "wf[0].a") {
		t.Errorf("labels %v annotations %v", a.Labels, a.Annotations)
	}
	if len(a.OwnerReferences) != 1 || a.OwnerReferences[0].Kind != "Workflow" || !*a.OwnerReferences[0].Controller {
		t.Errorf("owner %v", a.OwnerReferences)
	}
	if a.Spec.RestartPolicy != "Never" || a.Spec.ServiceAccountName != "runner" || a.Spec.NodeSelector["disk"] != "ssd" {
		t.Errorf("spec %+v", a.Spec)
	}
	ic := a.Spec.InitContainers[0]
	if ic.Name != stepcontract.InitContainer || ic.Image != "skiff.local/skiff:test" || strings.Join(ic.Command, " ") != "/usr/local/bin/skiff-exec init /var/run/skiff/skiff-exec" {
		t.Errorf("init container %+v", ic)
	}
	main := a.Spec.Containers[0]
	if got := strings.Join(main.Command, " "); got != "/var/run/skiff/skiff-exec run -- echo hello "+a.Name {
		t.Errorf("main command %q", got)
	}
	if main.VolumeMounts[0].MountPath != "/var/run/skiff" || a.Spec.Volumes[0].EmptyDir == nil {
		t.Errorf("executor volume %+v %+v", main.VolumeMounts, a.Spec.Volumes)
	}
	var tmplEnv string
	for _, e := range main.Env {
		if e.Name == stepcontract.EnvTemplate {
			tmplEnv = e.Value
		}
	}
	if !strings.Contains(tmplEnv, `"value":"hello"`) {
		t.Errorf("SKIFF_TEMPLATE %s", tmplEnv)
	}

	h.reconcile() // nothing changed: still one pod
	if len(h.pods()) != 1 {
		t.Fatal("second reconcile created pods again")
	}
	h.finish("wf[0].a", 0, "hi there")
	h.reconcile()
	if n := h.node("wf[0].a"); n.Phase != v1alpha1.NodeSucceeded || *n.Outputs.Result != "hi there" || *n.Outputs.ExitCode != "0" {
		t.Errorf("node a %+v", n)
	}
	b := h.pods()["wf[1].b"]
	if b == nil {
		t.Fatalf("no pod for step b: %v", keys(h.pods()))
	}
	bm := b.Spec.Containers[0]
	if got := strings.Join(bm.Command, " "); got != "/var/run/skiff/skiff-exec run -- python /var/run/skiff/script" {
		t.Errorf("script command %q", got)
	}
	var script string
	for _, e := range bm.Env {
		if e.Name == stepcontract.EnvScript {
			script = e.Value
		}
	}
	if script != "print('hi there')" {
		t.Errorf("SKIFF_SCRIPT %q", script)
	}
	h.finish("wf[1].b", 0, "")
	h.reconcile()
	wf = h.wantPhase(v1alpha1.WorkflowSucceeded)
	if wf.Status.Progress != "2/2" || wf.Status.FinishedAt == nil {
		t.Errorf("progress %q finishedAt %v", wf.Status.Progress, wf.Status.FinishedAt)
	}
	if c := wf.Status.Conditions.Get(v1alpha1.ConditionTypeReady); c == nil || c.Status != "True" {
		t.Errorf("Ready %+v", c)
	}
	if c := wf.Status.Conditions.Get(v1alpha1.ConditionTypeReconciling); c == nil || c.Status != "False" {
		t.Errorf("Reconciling %+v", c)
	}
	// Node tree as upstream: wf → wf[0] → wf[0].a → wf[1] → wf[1].b
	root := h.node("wf")
	if root.Type != v1alpha1.NodeTypeSteps || len(root.Children) != 1 || root.Children[0] != v1alpha1.WorkflowNodeID("wf", "wf[0]") {
		t.Errorf("root %+v", root)
	}
	if a := h.node("wf[0].a"); a.BoundaryID != "wf" || len(a.Children) != 1 || a.Children[0] != v1alpha1.WorkflowNodeID("wf", "wf[1]") {
		t.Errorf("a %+v", a)
	}
	if wf.Status.ObservedGeneration != wf.Generation {
		t.Errorf("observedGeneration %d", wf.Status.ObservedGeneration)
	}
	if len(h.rec.Events) == 0 {
		t.Error("no events recorded")
	}
}

func TestInvalidWorkflowErrors(t *testing.T) {
	h := newHarness(t, `
metadata: {name: bad}
spec:
  entrypoint: nope
  templates: [{name: main, container: {image: a, command: [x]}}]
`)
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowError)
	if !strings.Contains(wf.Status.Message, "nope") {
		t.Errorf("message %q", wf.Status.Message)
	}
	if c := wf.Status.Conditions.Get(v1alpha1.ConditionTypeStalled); c == nil || c.Status != "True" {
		t.Errorf("Stalled %+v", c)
	}
}

func TestContainerWithoutCommand(t *testing.T) {
	h := newHarness(t, `
metadata: {name: nocmd}
spec:
  entrypoint: main
  templates: [{name: main, container: {image: alpine}}]
`)
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowError)
	if !strings.Contains(wf.Status.Message, "needs the command") {
		t.Errorf("message %q", wf.Status.Message)
	}
}

func TestFailedStepFailsWorkflowAndRunsOnExit(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    steps: [[{name: a, template: c}], [{name: never, template: c}]]
  - name: c
    container: {image: a, command: [x]}
  - name: bye
    container: {image: a, command: [echo, "{{workflow.status}}"]}
`)
	h.reconcile()
	h.finish("wf[0].a", 3, "")
	h.reconcile()
	if n := h.node("wf[0].a"); n.Phase != v1alpha1.NodeFailed || n.Message != "Error (exit code 3)" {
		t.Errorf("a %+v", n)
	}
	exit := h.pods()["wf.onExit"]
	if exit == nil {
		t.Fatalf("exit handler did not start: %v", keys(h.pods()))
	}
	if got := strings.Join(exit.Spec.Containers[0].Command, " "); !strings.HasSuffix(got, "echo Failed") {
		t.Errorf("exit command %q", got)
	}
	h.wantPhase(v1alpha1.WorkflowRunning)
	h.finish("wf.onExit", 0, "")
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowFailed)
	if !strings.Contains(wf.Status.Message, "failed") {
		t.Errorf("message %q", wf.Status.Message)
	}
	if _, ok := h.pods()["wf[1].never"]; ok {
		t.Error("the second group ran after a failure")
	}
}

func TestSuspendResumesOnAnnotationAndDuration(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps: [[{name: wait, template: wait}], [{name: nap, template: nap}]]
  - name: wait
    suspend: {}
  - name: nap
    suspend: {duration: "30s"}
`)
	h.reconcile()
	if n := h.node("wf[0].wait"); n.Type != v1alpha1.NodeTypeSuspend || n.Phase != v1alpha1.NodeRunning {
		t.Fatalf("wait %+v", n)
	}
	h.now = h.now.Add(time.Minute)
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowRunning)
	h.update(func(wf *v1alpha1.Workflow) {
		wf.Annotations = map[string]string{AnnotationResume: h.now.Format(time.RFC3339)}
	})
	res := h.reconcile()
	if n := h.node("wf[0].wait"); n.Phase != v1alpha1.NodeSucceeded {
		t.Fatalf("wait %+v", n)
	}
	if res.RequeueAfter != 30*time.Second {
		t.Errorf("requeueAfter %v, want 30s for the nap", res.RequeueAfter)
	}
	h.now = h.now.Add(31 * time.Second)
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
}

func TestShutdownStopDeletesPodsAndRunsExit(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    steps: [[{name: a, template: c}]]
  - name: c
    container: {image: a, command: [sleep, "1000"]}
  - name: bye
    container: {image: a, command: [echo]}
`)
	h.reconcile()
	h.update(func(wf *v1alpha1.Workflow) { wf.Spec.Shutdown = v1alpha1.ShutdownStrategyStop })
	h.reconcile()
	if _, ok := h.pods()["wf[0].a"]; ok {
		t.Error("running pod not deleted")
	}
	if n := h.node("wf[0].a"); n.Phase != v1alpha1.NodeFailed || n.Message != "Stopped with strategy 'Stop'" {
		t.Errorf("a %+v", n)
	}
	if h.pods()["wf.onExit"] == nil {
		t.Fatal("Stop must run the exit handler")
	}
	h.finish("wf.onExit", 0, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowFailed)
}

func TestTerminateSkipsExit(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: c
  onExit: c
  shutdown: Terminate
  templates:
  - name: c
    container: {image: a, command: [x]}
`)
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowFailed)
	if len(h.pods()) != 0 {
		t.Errorf("pods %v", keys(h.pods()))
	}
}

func TestActiveDeadline(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: c
  activeDeadlineSeconds: 10
  templates:
  - name: c
    container: {image: a, command: [x]}
`)
	res := h.reconcile()
	if res.RequeueAfter != 10*time.Second {
		t.Errorf("requeueAfter %v", res.RequeueAfter)
	}
	h.now = h.now.Add(11 * time.Second)
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowFailed)
	if wf.Status.Message != "Step exceeded its deadline" {
		t.Errorf("message %q", wf.Status.Message)
	}
}
