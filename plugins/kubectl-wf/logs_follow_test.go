package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/clitest"
)

// syncBuffer lets the test read what the command writes from its streaming goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// stepPodIn is a pod of workflow wf running node, its main container in the given state.
func stepPodIn(wf, name, node string, main corev1.ContainerState) *corev1.Pod {
	phase := corev1.PodPending
	switch {
	case main.Running != nil:
		phase = corev1.PodRunning
	case main.Terminated != nil:
		phase = corev1.PodSucceeded
	}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default", CreationTimestamp: *ago(time.Minute),
			Labels: map[string]string{labelWorkflow: wf}, Annotations: map[string]string{annotationNodeName: node}},
		Status: corev1.PodStatus{Phase: phase, ContainerStatuses: []corev1.ContainerStatus{{Name: "main", State: main}}},
	}
}

var (
	waiting = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}}
	running = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	exited  = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{}}
)

// followEnv runs `logs args... -f` in the background against a fake cluster holding the
// running workflow "follow-1"; the returned channel gets the exit code.
func followEnv(t *testing.T, args ...string) (*clitest.Env, *syncBuffer, *syncBuffer, <-chan int) {
	t.Helper()
	env := newEnv(runningWorkflow("follow-1", "default", 5*time.Minute))
	out, errOut := &syncBuffer{}, &syncBuffer{}
	env.Options.Out, env.Options.ErrOut = out, errOut
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	code := make(chan int, 1)
	go func() {
		code <- runCtx(ctx, env, append([]string{"logs", "follow-1", "-f", "--interval", "10ms"}, args...)...)
	}()
	return env, out, errOut, code
}

func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func finishWorkflow(t *testing.T, env *clitest.Env) {
	t.Helper()
	wf := &wfv1.Workflow{}
	if err := env.Client.Get(context.Background(), client.ObjectKey{Namespace: "default", Name: "follow-1"}, wf); err != nil {
		t.Fatal(err)
	}
	wf.Status.Phase = wfv1.WorkflowSucceeded
	if err := env.Client.Status().Update(context.Background(), wf); err != nil {
		t.Fatal(err)
	}
}

// TestLogsFollowPicksUpLaterPods: -f streams a running step, waits for a pod still creating
// its container, picks up a pod created later, and ends when the workflow completes.
func TestLogsFollowPicksUpLaterPods(t *testing.T) {
	env, out, errOut, code := followEnv(t)
	pods := env.Clientset.CoreV1().Pods("default")
	ctx := context.Background()
	if _, err := pods.Create(ctx, stepPodIn("follow-1", "follow-1-echo-1", "follow-1[0].first", running), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the running step's lines", func() bool { return strings.Contains(out.String(), "first: fake logs") })

	later := stepPodIn("follow-1", "follow-1-echo-2", "follow-1[1].second", waiting)
	if _, err := pods.Create(ctx, later, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // ten looks at a pod whose container has not started
	if strings.Contains(out.String(), "second:") || errOut.String() != "" {
		t.Fatalf("streamed a container that has not started: out %q, err %q", out, errOut)
	}
	later.Status = stepPodIn("", "", "", running).Status
	if _, err := pods.UpdateStatus(ctx, later, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the later step's lines", func() bool { return strings.Contains(out.String(), "second: fake logs") })

	select {
	case c := <-code:
		t.Fatalf("ended (exit %d) while the workflow runs", c)
	case <-time.After(50 * time.Millisecond):
	}
	finishWorkflow(t, env)
	if c := <-code; c != 0 {
		t.Fatalf("exit %d: %s", c, errOut)
	}
	if got := out.String(); got != "first: fake logs\nsecond: fake logs\n" {
		t.Errorf("each pod once, in order; got %q", got)
	}
}

// TestLogsFollowCatchesShortSteps: a step that ran between two looks, or that finished as
// the workflow did, is still printed; following a finished workflow prints and ends.
func TestLogsFollowCatchesShortSteps(t *testing.T) {
	env, out, errOut, code := followEnv(t)
	if _, err := env.Clientset.CoreV1().Pods("default").Create(context.Background(),
		stepPodIn("follow-1", "follow-1-echo-1", "follow-1.quick", exited), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	finishWorkflow(t, env)
	if c := <-code; c != 0 {
		t.Fatalf("exit %d: %s", c, errOut)
	}
	if got := out.String(); got != "quick: fake logs\n" {
		t.Errorf("got %q", got)
	}
}

// TestLogsFollowNodeNeverRan: following a node that never got a pod fails once the
// workflow has completed, naming the node.
func TestLogsFollowNodeNeverRan(t *testing.T) {
	env, _, _, code := followEnv(t, "nope")
	finishWorkflow(t, env)
	// runCtx reports the command's error on env.ErrOut once the command has returned.
	if c := <-code; c != -1 || !strings.Contains(env.ErrOut.String(), `workflow follow-1 has no pod for "nope"`) {
		t.Errorf("exit %d, stderr %q", c, env.ErrOut)
	}
}

// TestLogsFollowMissingWorkflow: there is nothing to follow.
func TestLogsFollowMissingWorkflow(t *testing.T) {
	env := newEnv()
	if c := run(env, "logs", "gone", "-f"); c != -1 || !strings.Contains(env.ErrOut.String(), `"gone" not found`) {
		t.Errorf("exit %d, stderr %q", c, env.ErrOut)
	}
}
