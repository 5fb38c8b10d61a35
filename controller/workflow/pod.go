package workflow

import (
	"encoding/json"
	"errors"
	"maps"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// errNoCommand is the node error for a container without a command: the executor wraps the
// command, so it cannot fall back to the image's entrypoint. It is shown to users as a
// sentence, the same words lint warns with.
//
//lint:ignore ST1005 a user-facing node message
var errNoCommand = errors.New("Skiff runs the step under its executor and needs the command")

// buildPod renders the pod of a container or script template (inputs already resolved),
// laid out as api/stepcontract describes: init installs skiff-exec into the shared volume
// and fetches the input artifacts (their credentials on init only); main runs
// `skiff-exec run -- <command> <args>` (a script's source in SKIFF_SCRIPT, its path
// appended to the command) with no credentials; wait, when stepcontract.NeedsWait, uploads
// the output artifacts (their credentials on wait only) and reports the outputs.
func buildPod(wf *v1alpha1.Workflow, tmpl *v1alpha1.Template, nodeName, nodeID, executorImage string) (*corev1.Pod, error) {
	var ct *v1alpha1.ContainerTemplate
	script := ""
	switch {
	case tmpl.Container != nil:
		ct = tmpl.Container
	case tmpl.Script != nil:
		ct, script = &tmpl.Script.ContainerTemplate, tmpl.Script.Source
	default:
		return nil, errors.New("template has neither a container nor a script")
	}
	if len(ct.Command) == 0 {
		return nil, errNoCommand
	}
	if err := checkOutputKeys(tmpl); err != nil { // artifacts_pod.go
		return nil, err
	}
	tmplJSON, err := json.Marshal(tmpl)
	if err != nil {
		return nil, err
	}
	tmplEnv := corev1.EnvVar{Name: stepcontract.EnvTemplate, Value: string(tmplJSON)}
	mount := corev1.VolumeMount{Name: stepcontract.VolumeName, MountPath: stepcontract.MountPath}

	main := ct.ToContainer()
	main.Name = stepcontract.MainContainer
	main.Command = append([]string{stepcontract.ExecutorPath, "run", "--"}, append(append([]string{}, ct.Command...), ct.Args...)...)
	if tmpl.Script != nil {
		main.Command = append(main.Command, stepcontract.ScriptPath)
	}
	main.Args = nil
	main.Env = append(main.Env, tmplEnv)
	if tmpl.Script != nil {
		main.Env = append(main.Env, corev1.EnvVar{Name: stepcontract.EnvScript, Value: script})
	}
	main.VolumeMounts = append(main.VolumeMounts, mount)

	injected := []corev1.Container{injectedContainer(stepcontract.InitContainer, executorImage, mount, tmplEnv, tmpl.Inputs.Artifacts,
		"init", stepcontract.ExecutorPath)}
	if stepcontract.NeedsWait(tmpl) {
		main.Env = append(main.Env, corev1.EnvVar{Name: stepcontract.EnvReport, Value: stepcontract.ReportPath})
		wait := injectedContainer(stepcontract.WaitContainer, executorImage, mount, tmplEnv, tmpl.Outputs.Artifacts, "wait")
		wait.RestartPolicy = ptr.To(corev1.ContainerRestartPolicyAlways) // a native sidecar: up before main, stopped after it
		injected = append(injected, wait)
	}

	pod := podSkeleton(wf, tmpl, nodeName, nodeID, main)
	pod.Spec.Volumes = append(pod.Spec.Volumes,
		corev1.Volume{Name: stepcontract.VolumeName, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
	pod.Spec.InitContainers = append(injected, pod.Spec.InitContainers...)
	return pod, nil
}

// injectedContainer is init or wait: Skiff's image running skiff-exec, with the template,
// the credentials of arts (and no user code), the shared volume, and a security context
// that passes the restricted Pod Security Standard.
func injectedContainer(name, image string, mount corev1.VolumeMount, tmplEnv corev1.EnvVar, arts []v1alpha1.Artifact, args ...string) corev1.Container {
	return corev1.Container{
		Name:                     name,
		Image:                    image,
		Command:                  append([]string{stepcontract.ImageBinary}, args...),
		Env:                      append([]corev1.EnvVar{tmplEnv}, credentialEnv(arts)...),
		VolumeMounts:             []corev1.VolumeMount{mount},
		SecurityContext:          stepcontract.RestrictedSecurityContext(),
		TerminationMessagePolicy: corev1.TerminationMessageReadFile,
	}
}

// podSkeleton is the pod of a leaf template around its main container: name, labels and
// annotations (the node's), the workflow as owner, the workflow's and template's scheduling,
// security, volumes, init containers and sidecars.
func podSkeleton(wf *v1alpha1.Workflow, tmpl *v1alpha1.Template, nodeName, nodeID string, main corev1.Container) *corev1.Pod {
	spec := &wf.Spec
	name := v1alpha1.WorkflowPodName(wf.Name, nodeName, tmpl.Name)
	labels := map[string]string{}
	annotations := map[string]string{}
	if spec.PodMetadata != nil {
		maps.Copy(labels, spec.PodMetadata.Labels)
		maps.Copy(annotations, spec.PodMetadata.Annotations)
	}
	maps.Copy(labels, tmpl.Metadata.Labels)
	maps.Copy(annotations, tmpl.Metadata.Annotations)
	labels[LabelWorkflow] = wf.Name
	labels[LabelCompleted] = "false"
	annotations[AnnotationNodeName] = nodeName
	annotations[AnnotationNodeID] = nodeID

	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Namespace:   wf.Namespace,
			Labels:      labels,
			Annotations: annotations,
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion:         v1alpha1.GroupVersion.String(),
				Kind:               "Workflow",
				Name:               wf.Name,
				UID:                wf.UID,
				Controller:         ptr.To(true),
				BlockOwnerDeletion: ptr.To(true),
			}},
		},
		Spec: corev1.PodSpec{
			RestartPolicy:                corev1.RestartPolicyNever,
			ServiceAccountName:           first(tmpl.ServiceAccountName, spec.ServiceAccountName),
			AutomountServiceAccountToken: firstPtr(tmpl.AutomountServiceAccountToken, spec.AutomountServiceAccountToken),
			NodeSelector:                 mergeMaps(spec.NodeSelector, tmpl.NodeSelector),
			Tolerations:                  append(append([]corev1.Toleration{}, spec.Tolerations...), tmpl.Tolerations...),
			Affinity:                     firstPtr(tmpl.Affinity, spec.Affinity),
			SecurityContext:              firstPtr(tmpl.SecurityContext, spec.SecurityContext),
			ImagePullSecrets:             spec.ImagePullSecrets,
			HostAliases:                  append(append([]corev1.HostAlias{}, spec.HostAliases...), tmpl.HostAliases...),
			SchedulerName:                first(tmpl.SchedulerName, spec.SchedulerName),
			PriorityClassName:            first(tmpl.PriorityClassName, spec.PodPriorityClassName),
			Priority:                     spec.Priority,
			Volumes:                      append(append([]corev1.Volume{}, spec.Volumes...), tmpl.Volumes...),
		},
	}
	if spec.HostNetwork != nil {
		pod.Spec.HostNetwork = *spec.HostNetwork
	}
	if spec.DNSPolicy != nil {
		pod.Spec.DNSPolicy = *spec.DNSPolicy
	}
	pod.Spec.DNSConfig = spec.DNSConfig
	if tmpl.ActiveDeadlineSeconds != nil && tmpl.ActiveDeadlineSeconds.IntValue() > 0 {
		pod.Spec.ActiveDeadlineSeconds = ptr.To(int64(tmpl.ActiveDeadlineSeconds.IntValue()))
	}
	// A leaf template's timeout bounds its pod as upstream does, through the pod's deadline
	// (the pod is created in the reconcile that starts the node, so the pending time counts).
	if d := int64(parseDuration(tmpl.Timeout).Seconds()); d > 0 {
		if ads := pod.Spec.ActiveDeadlineSeconds; ads == nil || d < *ads {
			pod.Spec.ActiveDeadlineSeconds = ptr.To(d)
		}
	}
	for i := range tmpl.InitContainers {
		pod.Spec.InitContainers = append(pod.Spec.InitContainers, tmpl.InitContainers[i].ToContainer())
	}
	pod.Spec.Containers = []corev1.Container{main}
	for i := range tmpl.Sidecars {
		pod.Spec.Containers = append(pod.Spec.Containers, tmpl.Sidecars[i].ToContainer())
	}
	addClaimVolumes(pod, wf.Status.PersistentVolumeClaims) // volumeclaims.go
	return pod
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func firstPtr[T any](a, b *T) *T {
	if a != nil {
		return a
	}
	return b
}

func mergeMaps(a, b map[string]string) map[string]string {
	if len(a)+len(b) == 0 {
		return nil
	}
	out := maps.Clone(a)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, b)
	return out
}
