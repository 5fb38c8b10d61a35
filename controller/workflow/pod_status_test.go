package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/stepcontract"
)

// terminate plays the kubelet: the pod ends with m reported as skiff-exec reports it,
// in main's termination message, or, when the pod has a wait container, in wait's (main's
// then holds the exit code only).
func (h *harness) terminate(pod *corev1.Pod, m stepcontract.Message) {
	h.t.Helper()
	setTerminated(pod, m, metav1.NewTime(h.now))
	if err := h.c.Status().Update(context.Background(), pod); err != nil {
		h.t.Fatal(err)
	}
}

func setTerminated(pod *corev1.Pod, m stepcontract.Message, at metav1.Time) {
	pod.Status.Phase = corev1.PodSucceeded
	if m.ExitCode != 0 {
		pod.Status.Phase = corev1.PodFailed
	}
	ended := func(name string, exit int, msg any) corev1.ContainerStatus {
		b, _ := json.Marshal(msg)
		return corev1.ContainerStatus{Name: name, State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: int32(exit), Message: string(b), FinishedAt: at}}}
	}
	pod.Status.InitContainerStatuses = []corev1.ContainerStatus{ended(stepcontract.InitContainer, 0, nil)}
	pod.Status.InitContainerStatuses[0].State.Terminated.Message = ""
	if !hasWait(pod) {
		pod.Status.ContainerStatuses = []corev1.ContainerStatus{ended(stepcontract.MainContainer, m.ExitCode, m)}
		return
	}
	pod.Status.ContainerStatuses = []corev1.ContainerStatus{ended(stepcontract.MainContainer, m.ExitCode, stepcontract.Message{ExitCode: m.ExitCode})}
	pod.Status.InitContainerStatuses = append(pod.Status.InitContainerStatuses, ended(stepcontract.WaitContainer, 0, m))
}

// logLine encodes m as wait prints it, with the reference its termination message gives.
func logLine(t *testing.T, m stepcontract.Message) ([]byte, *stepcontract.LogRef) {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return b, &stepcontract.LogRef{Container: "wait", Bytes: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
