//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/controller/manager"
	wfctrl "github.com/skiff-dev/skiff/controller/workflow"
)

// TestWorkflowController runs the manager with the Workflow reconciler in-process (one
// manager: controller names are unique per process) and plays the kubelet.
func TestWorkflowController(t *testing.T) {
	startWorkflowController(t)
	t.Run("StepsAndDAG", testWorkflowStepsAndDAG)
	t.Run("StopRunsExitHandler", testWorkflowStop)
	t.Run("RetryAndResume", testWorkflowRetryAndResume)
	t.Run("TemplateRefs", testWorkflowTemplateRefs) // workflow_templates_test.go
	t.Run("Synchronization", testWorkflowSync)      // workflow_sync_test.go
	// workflow_resource_test.go
	t.Run("ResourceTemplate", testWorkflowResourceTemplate)
	t.Run("VolumeClaims", testWorkflowVolumeClaims) // workflow_volumeclaims_test.go
}

func startWorkflowController(t *testing.T) {
	o := manager.Defaults()
	o.LeaderElect = false
	o.MetricsBindAddress, o.HealthProbeBindAddress = "0", "0"
	setup := manager.Setup{Name: "workflow", Register: func(mgr ctrl.Manager, opts manager.Options) error {
		return (&wfctrl.Reconciler{ExecutorImage: "skiff.local/skiff:test"}).SetupWithManager(mgr, opts)
	}}
	mgr, err := manager.New(cfg, o, setup)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mgr.Start(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("manager: %v", err)
		}
	})
}

func workflowNamespace(t *testing.T, name string) string {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if err := cl.Create(context.Background(), ns); err != nil {
		t.Fatal(err)
	}
	return name
}

func createWorkflow(t *testing.T, ns, manifest string) *v1alpha1.Workflow {
	t.Helper()
	wf := &v1alpha1.Workflow{}
	if err := yaml.UnmarshalStrict([]byte(manifest), wf); err != nil {
		t.Fatal(err)
	}
	wf.Namespace = ns
	if err := ucl.Create(context.Background(), wf); err != nil {
		t.Fatalf("creating the workflow: %v", err)
	}
	return wf
}

// eventually polls f until it returns nil, for up to 30s.
func eventually(t *testing.T, what string, f func() error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// nodePod waits for the pod of a node and returns it.
func nodePod(t *testing.T, ns, wfName, nodeName string) *corev1.Pod {
	t.Helper()
	var pod *corev1.Pod
	eventually(t, "pod for "+nodeName, func() error {
		var list corev1.PodList
		if err := cl.List(context.Background(), &list, client.InNamespace(ns), client.MatchingLabels{wfctrl.LabelWorkflow: wfName}); err != nil {
			return err
		}
		var names []string
		for i := range list.Items {
			if list.Items[i].Annotations[wfctrl.AnnotationNodeName] == nodeName {
				pod = &list.Items[i]
				return nil
			}
			names = append(names, list.Items[i].Annotations[wfctrl.AnnotationNodeName])
		}
		return fmt.Errorf("not there; pods for %v", names)
	})
	return pod
}

// kubeletFinishes plays the kubelet: the main container terminates with the executor's
// termination message and the pod moves to its terminal phase.
func kubeletFinishes(t *testing.T, pod *corev1.Pod, exit int, result string) {
	t.Helper()
	msg, _ := json.Marshal(map[string]any{"exitCode": exit, "result": result})
	pod.Status.Phase = corev1.PodSucceeded
	if exit != 0 {
		pod.Status.Phase = corev1.PodFailed
	}
	now := metav1.Now()
	pod.Status.ContainerStatuses = []corev1.ContainerStatus{{
		Name: "main", Image: pod.Spec.Containers[0].Image, ImageID: "sha256:test",
		State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: int32(exit), Message: string(msg), StartedAt: now, FinishedAt: now}},
	}}
	if err := cl.Status().Update(context.Background(), pod); err != nil {
		t.Fatalf("updating the pod status: %v", err)
	}
}

func waitWorkflowPhase(t *testing.T, ns, name string, p v1alpha1.WorkflowPhase) *v1alpha1.Workflow {
	t.Helper()
	wf := &v1alpha1.Workflow{}
	eventually(t, "workflow phase "+string(p), func() error {
		if err := ucl.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: name}, wf); err != nil {
			return err
		}
		if wf.Status.Phase != p {
			return fmt.Errorf("phase %q (%s)", wf.Status.Phase, wf.Status.Message)
		}
		return nil
	})
	return wf
}

func testWorkflowStepsAndDAG(t *testing.T) {
	ns := workflowNamespace(t, "wf-ctrl")
	createWorkflow(t, ns, `
metadata: {name: pipeline}
spec:
  entrypoint: main
  arguments: {parameters: [{name: who, value: world}]}
  templates:
  - name: main
    steps:
    - - name: hello
        template: say
        arguments: {parameters: [{name: msg, value: "hello {{workflow.parameters.who}}"}]}
    - - name: fan
        template: fan
        arguments: {parameters: [{name: msg, value: "{{steps.hello.outputs.result}}"}]}
  - name: fan
    inputs: {parameters: [{name: msg}]}
    dag:
      tasks:
      - {name: A, template: say, arguments: {parameters: [{name: msg, value: "{{inputs.parameters.msg}}"}]}}
      - {name: B, template: say, depends: A, withItems: [p, q], arguments: {parameters: [{name: msg, value: "{{item}}"}]}}
  - name: say
    inputs: {parameters: [{name: msg}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.msg}}"]}
`)
	hello := nodePod(t, ns, "pipeline", "pipeline[0].hello")
	if got := strings.Join(hello.Spec.Containers[0].Command, " "); got != "/var/run/skiff/skiff-exec run -- echo hello world" {
		t.Errorf("command %q", got)
	}
	if hello.Spec.InitContainers[0].Name != "init" || len(hello.OwnerReferences) != 1 {
		t.Errorf("pod %+v", hello.ObjectMeta)
	}
	kubeletFinishes(t, hello, 0, "hi from hello")
	a := nodePod(t, ns, "pipeline", "pipeline[1].fan.A")
	if got := strings.Join(a.Spec.Containers[0].Command, " "); !strings.HasSuffix(got, "echo hi from hello") {
		t.Errorf("A command %q", got)
	}
	kubeletFinishes(t, a, 0, "")
	for _, n := range []string{"pipeline[1].fan.B(0:p)", "pipeline[1].fan.B(1:q)"} {
		kubeletFinishes(t, nodePod(t, ns, "pipeline", n), 0, "")
	}
	wf := waitWorkflowPhase(t, ns, "pipeline", v1alpha1.WorkflowSucceeded)
	if wf.Status.Progress != "4/4" {
		t.Errorf("progress %q", wf.Status.Progress)
	}
	if c := wf.Status.Conditions.Get(v1alpha1.ConditionTypeReady); c == nil || c.Status != metav1.ConditionTrue {
		t.Errorf("Ready %+v", c)
	}
	if n, ok := wf.Status.Nodes[v1alpha1.WorkflowNodeID("pipeline", "pipeline[1].fan.B")]; !ok || n.Type != v1alpha1.NodeTypeTaskGroup || len(n.Children) != 2 {
		t.Errorf("TaskGroup node %+v", n)
	}
}

func testWorkflowStop(t *testing.T) {
	ns := workflowNamespace(t, "wf-ctrl-stop")
	createWorkflow(t, ns, `
metadata: {name: stopme}
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    container: {image: alpine, command: [sleep, "3600"]}
  - name: bye
    container: {image: alpine, command: [echo, "{{workflow.status}}"]}
`)
	nodePod(t, ns, "stopme", "stopme")
	wf := &v1alpha1.Workflow{}
	if err := ucl.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: "stopme"}, wf); err != nil {
		t.Fatal(err)
	}
	patch := client.MergeFrom(wf.DeepCopy())
	wf.Spec.Shutdown = v1alpha1.ShutdownStrategyStop
	if err := ucl.Patch(context.Background(), wf, patch); err != nil {
		t.Fatal(err)
	}
	bye := nodePod(t, ns, "stopme", "stopme.onExit")
	if got := strings.Join(bye.Spec.Containers[0].Command, " "); !strings.HasSuffix(got, "echo Failed") {
		t.Errorf("exit handler command %q", got)
	}
	kubeletFinishes(t, bye, 0, "")
	wf = waitWorkflowPhase(t, ns, "stopme", v1alpha1.WorkflowFailed)
	if wf.Status.Message != "Stopped with strategy 'Stop'" {
		t.Errorf("message %q", wf.Status.Message)
	}
}

func testWorkflowRetryAndResume(t *testing.T) {
	ns := workflowNamespace(t, "wf-ctrl-retry")
	createWorkflow(t, ns, `
metadata: {name: approve}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: flaky, template: flaky}
    - - {name: gate, template: gate}
  - name: flaky
    retryStrategy: {limit: 1}
    container: {image: alpine, command: [sh, -c, "exit 1"]}
  - name: gate
    suspend: {}
`)
	kubeletFinishes(t, nodePod(t, ns, "approve", "approve[0].flaky(0)"), 1, "")
	kubeletFinishes(t, nodePod(t, ns, "approve", "approve[0].flaky(1)"), 0, "")
	eventually(t, "suspend node running", func() error {
		wf := &v1alpha1.Workflow{}
		if err := ucl.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: "approve"}, wf); err != nil {
			return err
		}
		n, ok := wf.Status.Nodes[v1alpha1.WorkflowNodeID("approve", "approve[1].gate")]
		if !ok || n.Phase != v1alpha1.NodeRunning {
			return fmt.Errorf("gate %+v", n)
		}
		return nil
	})
	time.Sleep(1100 * time.Millisecond) // the resume time must be after the node started (RFC3339: seconds)
	wf := &v1alpha1.Workflow{}
	if err := ucl.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: "approve"}, wf); err != nil {
		t.Fatal(err)
	}
	patch := client.MergeFrom(wf.DeepCopy())
	wf.Annotations = map[string]string{wfctrl.AnnotationResume: time.Now().UTC().Format(time.RFC3339)}
	if err := ucl.Patch(context.Background(), wf, patch); err != nil {
		t.Fatal(err)
	}
	wf = waitWorkflowPhase(t, ns, "approve", v1alpha1.WorkflowSucceeded)
	if n := wf.Status.Nodes[v1alpha1.WorkflowNodeID("approve", "approve[0].flaky")]; n.Type != v1alpha1.NodeTypeRetry || len(n.Children) != 2 {
		t.Errorf("retry node %+v", n)
	}
}
