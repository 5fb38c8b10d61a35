package workflow

import (
	"encoding/json"
	"errors"

	corev1 "k8s.io/api/core/v1"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/stepcontract/resourceplan"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// errNoToken: the executor acts with the pod's service account, as upstream's does.
var errNoToken = errors.New("a resource template acts with the pod's service account, but automountServiceAccountToken is false")

// buildResourcePod renders the pod of a resource template (inputs already resolved): one main
// container running the executor image's own skiff-exec as `skiff-exec resource`, with the
// template in SKIFF_TEMPLATE. The action runs under the workflow's service account (RBAC of
// the user's choosing), never with the controller's rights. A template the executor would
// refuse (action, flags, conditions, outputs) is refused here already, so its node errors
// without a pod.
func buildResourcePod(wf *v1alpha1.Workflow, tmpl *v1alpha1.Template, nodeName, nodeID, executorImage string) (*corev1.Pod, error) {
	if err := resourceplan.Check(tmpl); err != nil {
		return nil, err
	}
	tmplJSON, err := json.Marshal(tmpl)
	if err != nil {
		return nil, err
	}
	main := corev1.Container{
		Name:    stepcontract.MainContainer,
		Image:   executorImage,
		Command: []string{stepcontract.ImageBinary, "resource"},
		Env: []corev1.EnvVar{
			{Name: stepcontract.EnvTemplate, Value: string(tmplJSON)},
			{Name: stepcontract.EnvWorkflowName, Value: wf.Name},
			{Name: stepcontract.EnvWorkflowUID, Value: string(wf.UID)},
			{Name: stepcontract.EnvWorkflowNamespace, Value: wf.Namespace},
		},
		SecurityContext:          stepcontract.RestrictedSecurityContext(),
		TerminationMessagePolicy: corev1.TerminationMessageReadFile,
	}
	pod := podSkeleton(wf, tmpl, nodeName, nodeID, main)
	if t := pod.Spec.AutomountServiceAccountToken; t != nil && !*t {
		return nil, errNoToken
	}
	return pod, nil
}
