package workflow

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// termination is a container's termination message (stepcontract.Message) as read: a
// missing exitCode stays nil, so a message that is not the executor's is told apart.
type termination struct {
	stepcontract.Message
	ExitCode *int `json:"exitCode,omitempty"`
}

// readTermination decodes a termination message; text that is not JSON is the message.
func readTermination(s string) termination {
	var t termination
	if s != "" && json.Unmarshal([]byte(s), &t) != nil {
		t = termination{Message: stepcontract.Message{Message: s}}
	}
	return t
}

// podOutcome is what a pod tells about its node.
type podOutcome struct {
	phase   v1alpha1.NodePhase
	message string
	outputs *v1alpha1.Outputs
	// artifacts are the uploaded output artifacts, recorded with the template's locations.
	artifacts []stepcontract.SavedArtifact
	// logged, when set, says the outputs are in the wait container's log (outputs_log.go).
	logged *stepcontract.LogRef
}

func terminated(list []corev1.ContainerStatus, name string) *corev1.ContainerStateTerminated {
	for i := range list {
		if list[i].Name == name {
			if t := list[i].State.Terminated; t != nil {
				return t
			}
			return list[i].LastTerminationState.Terminated
		}
	}
	return nil
}

// hasWait says whether the pod was made with a wait container.
func hasWait(pod *corev1.Pod) bool {
	return slices.ContainsFunc(pod.Spec.InitContainers, func(c corev1.Container) bool { return c.Name == stepcontract.WaitContainer })
}

// assessPod reads a pod's phase and its containers' termination messages: main's exit
// code, and the outputs from main, or from wait when the pod has one (which may point to
// its log, left for the caller to read).
func assessPod(pod *corev1.Pod) podOutcome {
	main := terminated(pod.Status.ContainerStatuses, stepcontract.MainContainer)
	var wait *corev1.ContainerStateTerminated
	withWait := hasWait(pod)
	if withWait {
		wait = terminated(pod.Status.InitContainerStatuses, stepcontract.WaitContainer)
	}
	switch pod.Status.Phase {
	case corev1.PodRunning:
		if main == nil || withWait && wait == nil {
			return podOutcome{phase: v1alpha1.NodeRunning}
		}
	case corev1.PodSucceeded, corev1.PodFailed:
	default:
		return podOutcome{phase: v1alpha1.NodePending, message: pod.Status.Message}
	}
	if init := terminated(pod.Status.InitContainerStatuses, stepcontract.InitContainer); init != nil && init.ExitCode != 0 {
		msg := readTermination(init.Message).Message.Message
		if msg == "" {
			msg = fmt.Sprintf("exit code %d", init.ExitCode)
		}
		return podOutcome{phase: v1alpha1.NodeFailed, message: "init container: " + msg}
	}
	out := podOutcome{phase: v1alpha1.NodeSucceeded}
	exit := 0
	var t termination
	if main != nil {
		exit = int(main.ExitCode)
		t = readTermination(main.Message)
	}
	if t.ExitCode != nil {
		exit = *t.ExitCode
	}
	outputsFrom := t
	if withWait {
		mainReported := t.ExitCode != nil
		outputsFrom = waitOutcome(wait, main != nil, &exit)
		// When main was killed (a deadline, the OOM killer), its exit code or the pod's
		// reason says more than wait's "no report".
		if m := outputsFrom.Message.Message; m != "" && (mainReported || pod.Status.Message == "") {
			t.Message.Message = m
		}
		out.logged = outputsFrom.Outputs
	}
	if main != nil || t.ExitCode != nil {
		out.outputs = &v1alpha1.Outputs{ExitCode: ptrTo(strconv.Itoa(exit))}
		if outputsFrom.ExitCode != nil && out.logged == nil {
			// The executor omits an empty result: the step printed nothing.
			out.outputs.Result = ptrTo(outputsFrom.Result)
			out.outputs.Parameters = parameters(outputsFrom.Parameters)
			out.artifacts = outputsFrom.Artifacts
		}
	}
	if pod.Status.Phase == corev1.PodFailed || exit != 0 {
		out.phase = v1alpha1.NodeFailed
		switch {
		case t.Message.Message != "":
			out.message = t.Message.Message
		case exit != 0:
			out.message = fmt.Sprintf("Error (exit code %d)", exit)
		case pod.Status.Message != "":
			out.message = pod.Status.Message
		default:
			out.message = "pod failed"
		}
	}
	return out
}

// waitOutcome reads wait's termination message; a failure it reports (an upload, or main
// gone without a report) fails a step whose command succeeded.
func waitOutcome(wait *corev1.ContainerStateTerminated, mainRan bool, exit *int) termination {
	if wait == nil {
		if *exit == 0 {
			*exit = 1
		}
		return termination{Message: stepcontract.Message{Message: "the wait container did not report the step's outputs"}}
	}
	w := readTermination(wait.Message)
	if w.ExitCode == nil {
		if *exit == 0 {
			*exit = 1
		}
		if w.Message.Message == "" {
			w.Message.Message = fmt.Sprintf("the wait container ended without a report (exit code %d)", wait.ExitCode)
		}
		return termination{Message: w.Message}
	}
	if *w.ExitCode != 0 && *exit == 0 && mainRan {
		*exit = *w.ExitCode
	}
	return w
}

func parameters(ps []stepcontract.OutputParameter) []v1alpha1.Parameter {
	var out []v1alpha1.Parameter
	for _, p := range ps {
		out = append(out, v1alpha1.Parameter{Name: p.Name, Value: v1alpha1.AnyStringPtr(p.Value)})
	}
	return out
}

func ptrTo[T any](v T) *T { return &v }
