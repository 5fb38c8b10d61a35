package workflow

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func TestAssessPod(t *testing.T) {
	pod := func(phase corev1.PodPhase, exit int32, msg string) *corev1.Pod {
		p := &corev1.Pod{Status: corev1.PodStatus{Phase: phase}}
		p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "main", State: corev1.ContainerState{
			Terminated: &corev1.ContainerStateTerminated{ExitCode: exit, Message: msg}}}}
		return p
	}
	got := assessPod(pod(corev1.PodSucceeded, 0, `{"exitCode":0,"parameters":[{"name":"x","value":"v"}]}`))
	if got.phase != v1alpha1.NodeSucceeded || *got.outputs.Result != "" || string(*got.outputs.Parameters[0].Value) != "v" {
		t.Errorf("succeeded: %+v", got)
	}
	got = assessPod(pod(corev1.PodFailed, 2, `{"exitCode":2,"result":"oops"}`))
	if got.phase != v1alpha1.NodeFailed || got.message != "Error (exit code 2)" || *got.outputs.ExitCode != "2" {
		t.Errorf("failed: %+v", got)
	}
	got = assessPod(pod(corev1.PodFailed, 1, `{"exitCode":1,"message":"output parameter x: no such file"}`))
	if got.message != "output parameter x: no such file" {
		t.Errorf("executor message: %+v", got)
	}
	got = assessPod(pod(corev1.PodFailed, 137, "not json"))
	if got.phase != v1alpha1.NodeFailed || got.message != "not json" {
		t.Errorf("raw message: %+v", got)
	}
	if got := assessPod(&corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodRunning}}); got.phase != v1alpha1.NodeRunning {
		t.Errorf("running: %+v", got)
	}
	if got := assessPod(&corev1.Pod{}); got.phase != v1alpha1.NodePending {
		t.Errorf("pending: %+v", got)
	}
}
