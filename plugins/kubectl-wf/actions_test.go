package main

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/clitest"
)

func getWF(t *testing.T, env *clitest.Env, name string) *wfv1.Workflow {
	t.Helper()
	wf := &wfv1.Workflow{}
	if err := env.Client.Get(context.Background(), client.ObjectKey{Namespace: "default", Name: name}, wf); err != nil {
		t.Fatal(err)
	}
	return wf
}

// updateStatus changes a workflow's status as the controller would (from any goroutine).
func updateStatus(env *clitest.Env, name string, mutate func(*wfv1.Workflow)) {
	wf := &wfv1.Workflow{}
	if err := env.Client.Get(context.Background(), client.ObjectKey{Namespace: "default", Name: name}, wf); err != nil {
		panic(err)
	}
	mutate(wf)
	if err := env.Client.Status().Update(context.Background(), wf); err != nil {
		panic(err)
	}
}

func TestSuspendResumeStopTerminate(t *testing.T) {
	env := newEnv(runningWorkflow("run-1", "default", time.Minute), runningWorkflow("run-2", "default", time.Minute))
	golden(t, "suspend", env, "suspend", "run-1", "run-2")
	if wf := getWF(t, env, "run-2"); wf.Spec.Suspend == nil || !*wf.Spec.Suspend {
		t.Errorf("run-2 not suspended: %v", wf.Spec.Suspend)
	}
	env.Out.Reset()
	golden(t, "resume", env, "resume", "run-1")
	wf := getWF(t, env, "run-1")
	if wf.Spec.Suspend != nil || wf.Annotations[AnnotationResume] != "2026-01-02T15:04:05Z" {
		t.Errorf("run-1 not resumed: suspend %v annotations %v", wf.Spec.Suspend, wf.Annotations)
	}
	env.Out.Reset()
	golden(t, "stop", env, "stop", "run-1")
	if wf := getWF(t, env, "run-1"); wf.Spec.Shutdown != wfv1.ShutdownStrategyStop {
		t.Errorf("shutdown %q", wf.Spec.Shutdown)
	}
	env.Out.Reset()
	golden(t, "terminate", env, "terminate", "run-2")
	if wf := getWF(t, env, "run-2"); wf.Spec.Shutdown != wfv1.ShutdownStrategyTerminate {
		t.Errorf("shutdown %q", wf.Spec.Shutdown)
	}
	env.Out.Reset()
	golden(t, "list-after-actions", env, "list")
	env = newEnv()
	golden(t, "suspend-missing", env, "suspend", "nope")
}

func TestDelete(t *testing.T) {
	objs := func() []client.Object {
		return []client.Object{stepsWorkflow(), runningWorkflow("run-1", "default", 3*time.Minute), succeededWorkflow("old", 72*time.Hour), runningWorkflow("other-ns", "prod", time.Hour)}
	}
	cases := []struct {
		name string
		args []string
		left int // workflows left in default
	}{
		{"delete-names", []string{"delete", "run-1", "old"}, 1},
		{"delete-completed", []string{"delete", "--completed"}, 1},
		{"delete-older", []string{"delete", "--older", "1h"}, 2},
		{"delete-all", []string{"delete", "--all"}, 0},
		{"delete-all-namespaces", []string{"delete", "--all", "-A", "-l", "team=a"}, 2},
		{"delete-nothing", []string{"delete"}, 3},
		{"delete-both", []string{"delete", "x", "--all"}, 3},
		{"delete-missing", []string{"delete", "nope"}, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := newEnv(objs()...)
			golden(t, tc.name, env, tc.args...)
			var list wfv1.WorkflowList
			if err := env.Client.List(context.Background(), &list, client.InNamespace("default")); err != nil {
				t.Fatal(err)
			}
			if len(list.Items) != tc.left {
				t.Errorf("%d workflows left, want %d", len(list.Items), tc.left)
			}
		})
	}
}

func TestWait(t *testing.T) {
	objs := []client.Object{stepsWorkflow(), succeededWorkflow("old", time.Hour), runningWorkflow("run-1", "default", time.Minute)}
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"wait-succeeded", []string{"wait", "old"}, 0},
		{"wait-failed", []string{"wait", "old", "steps-abc"}, 1},
		{"wait-timeout", []string{"wait", "run-1", "--timeout", "50ms"}, 2},
		{"wait-missing", []string{"wait", "nope"}, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if code := golden(t, tc.name, newEnv(objs...), tc.args...); code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
		})
	}
}

// TestWaitCompletes marks the workflow done while wait polls it.
func TestWaitCompletes(t *testing.T) {
	env := newEnv(runningWorkflow("run-1", "default", time.Minute))
	go func() {
		time.Sleep(300 * time.Millisecond)
		updateStatus(env, "run-1", func(wf *wfv1.Workflow) { wf.Status.Phase = wfv1.WorkflowSucceeded })
	}()
	if code := run(env, "wait", "run-1", "--timeout", "10s"); code != 0 {
		t.Fatalf("exit %d: %s", code, env.ErrOut)
	}
	if got := env.Out.String(); got != "workflow run-1 Succeeded\n" {
		t.Errorf("stdout %q", got)
	}
}

// TestWatch redraws only when the rendered tree changes and stops once the workflow ends.
func TestWatch(t *testing.T) {
	env := newEnv(runningWorkflow("run-1", "default", time.Minute))
	go func() {
		time.Sleep(250 * time.Millisecond)
		updateStatus(env, "run-1", func(wf *wfv1.Workflow) {
			wf.Status.Phase = wfv1.WorkflowSucceeded
			wf.Status.FinishedAt = ago(0)
			n := wf.Status.Nodes["run-1"]
			n.Phase, n.FinishedAt = wfv1.NodeSucceeded, ago(0)
			wf.Status.Nodes["run-1"] = n
		})
	}()
	code := golden(t, "watch", env, "watch", "run-1", "--interval", "50ms")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if n := strings.Count(env.Out.String(), "Name:"); n != 2 {
		t.Errorf("%d frames drawn, want 2 (one per change)", n)
	}
}

func TestWatchMissing(t *testing.T) {
	if code := golden(t, "watch-missing", newEnv(), "watch", "nope", "--interval", "10ms"); code != -1 {
		t.Errorf("exit %d, want -1", code)
	}
}

func logPod(name, node string, age time.Duration) runtime.Object {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{
		Name: name, Namespace: "default", CreationTimestamp: *ago(age),
		Labels:      map[string]string{labelWorkflow: "steps-abc"},
		Annotations: map[string]string{annotationNodeName: node},
	}}
}

func TestLogs(t *testing.T) {
	pods := []runtime.Object{
		logPod("steps-abc-echo-1", "steps-abc[0].hello1", 10*time.Minute),
		logPod("steps-abc-fail-2", "steps-abc[1].hello2a", 9*time.Minute),
		&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "unrelated", Namespace: "default"}},
	}
	collected := stepsWorkflow()
	collected.Name = "collected"
	collected.Spec.PodGC = &wfv1.PodGC{Strategy: ptr(wfv1.PodGCOnWorkflowCompletion)}
	cleaned := stepsWorkflow()
	cleaned.Name = "cleaned"
	wfs := []client.Object{stepsWorkflow(), runningWorkflow("other", "default", time.Minute), collected, cleaned}
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"logs", []string{"logs", "steps-abc"}, 0},
		{"logs-node", []string{"logs", "steps-abc", "hello2a", "--tail", "5", "--since", "1m", "-c", "main"}, 0},
		{"logs-no-node", []string{"logs", "steps-abc", "nope"}, -1},
		{"logs-no-pods", []string{"logs", "other"}, 0},
		{"logs-missing", []string{"logs", "nope"}, -1},
		{"logs-missing-follow", []string{"logs", "nope", "-f"}, -1},
		{"logs-pod-gc", []string{"logs", "collected"}, 1},
		{"logs-pod-gc-follow", []string{"logs", "collected", "-f"}, 1},
		{"logs-pods-deleted", []string{"logs", "cleaned"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if code := golden(t, tc.name, clitest.NewEnv(wfs, pods...), tc.args...); code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
		})
	}
}

func TestVersionAndCompletion(t *testing.T) {
	env := newEnv()
	if code := run(env, "version"); code != 0 || !strings.HasPrefix(env.Out.String(), "kubectl-wf: ") {
		t.Errorf("version: exit %d, %q", code, env.Out)
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		env := newEnv()
		if code := run(env, "completion", sh); code != 0 || !strings.Contains(env.Out.String(), "kubectl-wf") {
			t.Errorf("completion %s: exit %d, %d bytes", sh, code, env.Out.Len())
		}
	}
	env = newEnv(stepsWorkflow(), runningWorkflow("run-1", "default", time.Minute))
	golden(t, "complete-names", env, "__complete", "get", "st")
}

// TestListWatch draws the table once while nothing changes, again after a change, and ends
// cleanly when its context does (Ctrl-C).
func TestListWatch(t *testing.T) {
	env := newEnv(runningWorkflow("run-1", "default", time.Minute))
	go func() {
		time.Sleep(200 * time.Millisecond)
		updateStatus(env, "run-1", func(wf *wfv1.Workflow) {
			wf.Status.Phase = wfv1.WorkflowSucceeded
			wf.Status.FinishedAt = ago(0)
		})
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	defer cancel()
	if code := runCtx(ctx, env, "list", "-w", "--interval", "50ms"); code != 0 {
		t.Fatalf("exit %d: %s", code, env.ErrOut)
	}
	want := "NAME    STATUS    AGE   DURATION   PRIORITY   MESSAGE\nrun-1   Running   60s   1m0s       5          \n\n" +
		"NAME    STATUS      AGE   DURATION   PRIORITY   MESSAGE\nrun-1   Succeeded   60s   1m0s       5          \n\n"
	if got := env.Out.String(); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
