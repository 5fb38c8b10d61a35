package workflow

import (
	"encoding/json"
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// termination is the JSON the executor writes as the main container's termination message.
type termination struct {
	ExitCode   *int               `json:"exitCode,omitempty"`
	Result     *string            `json:"result,omitempty"`
	Parameters []terminationParam `json:"parameters,omitempty"`
	Message    string             `json:"message,omitempty"`
	// Artifacts are the output artifacts uploaded (artifacts_pod.go).
	Artifacts []terminationArtifact `json:"artifacts,omitempty"`
}

type terminationParam struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// podOutcome is what a pod tells about its node.
type podOutcome struct {
	phase   v1alpha1.NodePhase
	message string
	outputs *v1alpha1.Outputs
	// artifacts are the uploaded output artifacts, recorded with the template's locations.
	artifacts []terminationArtifact
}

// assessPod reads a pod's phase and its main container's termination message.
func assessPod(pod *corev1.Pod) podOutcome {
	var term *corev1.ContainerStateTerminated
	for i := range pod.Status.ContainerStatuses {
		if cs := pod.Status.ContainerStatuses[i]; cs.Name == mainContainerName {
			term = cs.State.Terminated
		}
	}
	switch pod.Status.Phase {
	case corev1.PodRunning:
		if term == nil {
			return podOutcome{phase: v1alpha1.NodeRunning}
		}
	case corev1.PodSucceeded, corev1.PodFailed:
	default:
		return podOutcome{phase: v1alpha1.NodePending, message: pod.Status.Message}
	}
	out := podOutcome{phase: v1alpha1.NodeSucceeded}
	exit := 0
	var t termination
	if term != nil {
		exit = int(term.ExitCode)
		if term.Message != "" && json.Unmarshal([]byte(term.Message), &t) != nil {
			t = termination{Message: term.Message}
		}
	}
	if t.ExitCode != nil {
		exit = *t.ExitCode
	}
	if t.ExitCode != nil && t.Result == nil {
		// The executor omits an empty result: the step printed nothing.
		t.Result = ptrTo("")
	}
	if term != nil || t.ExitCode != nil {
		out.outputs = &v1alpha1.Outputs{ExitCode: ptrTo(strconv.Itoa(exit)), Result: t.Result}
		for _, p := range t.Parameters {
			out.outputs.Parameters = append(out.outputs.Parameters, v1alpha1.Parameter{Name: p.Name, Value: v1alpha1.AnyStringPtr(p.Value)})
		}
		out.artifacts = t.Artifacts
	}
	if pod.Status.Phase == corev1.PodFailed || exit != 0 {
		out.phase = v1alpha1.NodeFailed
		switch {
		case t.Message != "":
			out.message = t.Message
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

func ptrTo[T any](v T) *T { return &v }
