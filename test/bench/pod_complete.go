package bench

import (
	"context"
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/skiff-dev/skiff/api/stepcontract"
)

// CompletePod reports what a kubelet reports once every container of a workflow pod exited
// 0: phase Succeeded, every container (init, the wait sidecar, main) terminated, and the
// termination message skiff-exec writes (api/stepcontract) on main and, when the pod has
// one, on wait, with the result "done <last argument>" (the steps benched are
// `echo <arg>`). It is the only place the harness speaks the executor↔controller contract.
func CompletePod(ctx context.Context, cs kubernetes.Interface, pod *corev1.Pod) error {
	var main *corev1.Container
	for i := range pod.Spec.Containers {
		if pod.Spec.Containers[i].Name == stepcontract.MainContainer {
			main = &pod.Spec.Containers[i]
		}
	}
	if main == nil {
		return fmt.Errorf("pod %s/%s has no %q container", pod.Namespace, pod.Name, stepcontract.MainContainer)
	}
	argv := append(append([]string{}, main.Command...), main.Args...)
	if len(argv) == 0 {
		return fmt.Errorf("pod %s/%s: the %q container has no command", pod.Namespace, pod.Name, stepcontract.MainContainer)
	}
	msg, err := json.Marshal(stepcontract.Message{ExitCode: 0, Result: "done " + argv[len(argv)-1]})
	if err != nil {
		return err
	}
	now := metav1.Now()
	exited := func(c corev1.Container, message string) corev1.ContainerStatus {
		return corev1.ContainerStatus{Name: c.Name, Image: c.Image, ImageID: "sha256:bench",
			State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
				ExitCode: 0, Reason: "Completed", Message: message, StartedAt: now, FinishedAt: now}}}
	}
	st := corev1.PodStatus{Phase: corev1.PodSucceeded}
	for _, c := range pod.Spec.InitContainers {
		m := ""
		if c.Name == stepcontract.WaitContainer {
			m = string(msg)
		}
		st.InitContainerStatuses = append(st.InitContainerStatuses, exited(c, m))
	}
	for _, c := range pod.Spec.Containers {
		m := ""
		if c.Name == stepcontract.MainContainer {
			m = string(msg)
		}
		st.ContainerStatuses = append(st.ContainerStatuses, exited(c, m))
	}
	patch, err := json.Marshal(map[string]any{"status": st})
	if err != nil {
		return err
	}
	_, err = cs.CoreV1().Pods(pod.Namespace).Patch(ctx, pod.Name, types.MergePatchType, patch, metav1.PatchOptions{}, "status")
	return err
}
