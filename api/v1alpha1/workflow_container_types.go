package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// ContainerSpec holds the fields of a Kubernetes container except its name. The workflow
// container types embed it instead of corev1.Container for two reasons: corev1.Container's
// schema requires a name, which container and script templates may leave out (and their
// image may come from spec.templateDefaults), and its env values drop an explicit empty
// value (see EnvVar). ToContainer converts back to corev1.Container.
type ContainerSpec struct {
	// Image to run; in container and script templates it may come from
	// spec.templateDefaults.
	// +optional
	Image string `json:"image,omitempty"`
	// Command replaces the image's entrypoint.
	// +optional
	// +listType=atomic
	Command []string `json:"command,omitempty"`
	// Args are the arguments to the entrypoint.
	// +optional
	// +listType=atomic
	Args []string `json:"args,omitempty"`
	// WorkingDir is the container's working directory.
	// +optional
	WorkingDir string `json:"workingDir,omitempty"`
	// Ports the container exposes (informational, as in a pod).
	// +optional
	// +listType=map
	// +listMapKey=containerPort
	// +listMapKey=protocol
	Ports []corev1.ContainerPort `json:"ports,omitempty"`
	// EnvFrom populates environment variables from ConfigMaps or Secrets.
	// +optional
	// +listType=atomic
	EnvFrom []corev1.EnvFromSource `json:"envFrom,omitempty"`
	// Env sets environment variables.
	// +optional
	// +listType=map
	// +listMapKey=name
	Env []EnvVar `json:"env,omitempty"`
	// Resources are the container's resource requests and limits.
	// +optional
	Resources corev1.ResourceRequirements `json:"resources,omitzero"`
	// ResizePolicy says how resources may be resized in place.
	// +optional
	// +listType=atomic
	ResizePolicy []corev1.ContainerResizePolicy `json:"resizePolicy,omitempty"`
	// RestartPolicy of this container (used for sidecar-style init containers).
	// +optional
	RestartPolicy *corev1.ContainerRestartPolicy `json:"restartPolicy,omitempty"`
	// RestartPolicyRules decide restarts from exit codes.
	// +optional
	// +listType=atomic
	RestartPolicyRules []corev1.ContainerRestartRule `json:"restartPolicyRules,omitempty"`
	// VolumeMounts mount pod volumes into the container.
	// +optional
	// +listType=map
	// +listMapKey=mountPath
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts,omitempty"`
	// VolumeDevices map raw block volumes into the container.
	// +optional
	// +listType=map
	// +listMapKey=devicePath
	VolumeDevices []corev1.VolumeDevice `json:"volumeDevices,omitempty"`
	// LivenessProbe restarts the container when it fails.
	// +optional
	LivenessProbe *corev1.Probe `json:"livenessProbe,omitempty"`
	// ReadinessProbe tells when the container is ready (daemon templates wait for it).
	// +optional
	ReadinessProbe *corev1.Probe `json:"readinessProbe,omitempty"`
	// StartupProbe delays the other probes until it succeeds.
	// +optional
	StartupProbe *corev1.Probe `json:"startupProbe,omitempty"`
	// Lifecycle hooks of the container.
	// +optional
	Lifecycle *corev1.Lifecycle `json:"lifecycle,omitempty"`
	// TerminationMessagePath is the file the container writes its termination message to.
	// +optional
	TerminationMessagePath string `json:"terminationMessagePath,omitempty"`
	// TerminationMessagePolicy says where the termination message is read from.
	// +optional
	TerminationMessagePolicy corev1.TerminationMessagePolicy `json:"terminationMessagePolicy,omitempty"`
	// ImagePullPolicy says when the image is pulled.
	// +optional
	ImagePullPolicy corev1.PullPolicy `json:"imagePullPolicy,omitempty"`
	// SecurityContext of the container.
	// +optional
	SecurityContext *corev1.SecurityContext `json:"securityContext,omitempty"`
	// Stdin allocates a stdin buffer for the container.
	// +optional
	Stdin bool `json:"stdin,omitempty"`
	// StdinOnce closes stdin after the first attach.
	// +optional
	StdinOnce bool `json:"stdinOnce,omitempty"`
	// TTY allocates a terminal.
	// +optional
	TTY bool `json:"tty,omitempty"`
}

// ToContainer returns the Kubernetes container with the given name that this spec
// describes (a deep copy).
func (c *ContainerSpec) ToContainer(name string) corev1.Container {
	in := c.DeepCopy()
	var env []corev1.EnvVar
	for _, e := range in.Env {
		env = append(env, e.ToEnvVar())
	}
	return corev1.Container{
		Name:                     name,
		Image:                    in.Image,
		Command:                  in.Command,
		Args:                     in.Args,
		WorkingDir:               in.WorkingDir,
		Ports:                    in.Ports,
		EnvFrom:                  in.EnvFrom,
		Env:                      env,
		Resources:                in.Resources,
		ResizePolicy:             in.ResizePolicy,
		RestartPolicy:            in.RestartPolicy,
		RestartPolicyRules:       in.RestartPolicyRules,
		VolumeMounts:             in.VolumeMounts,
		VolumeDevices:            in.VolumeDevices,
		LivenessProbe:            in.LivenessProbe,
		ReadinessProbe:           in.ReadinessProbe,
		StartupProbe:             in.StartupProbe,
		Lifecycle:                in.Lifecycle,
		TerminationMessagePath:   in.TerminationMessagePath,
		TerminationMessagePolicy: in.TerminationMessagePolicy,
		ImagePullPolicy:          in.ImagePullPolicy,
		SecurityContext:          in.SecurityContext,
		Stdin:                    in.Stdin,
		StdinOnce:                in.StdinOnce,
		TTY:                      in.TTY,
	}
}

// EnvVar is an environment variable of a workflow container: corev1.EnvVar, except that
// Value is a pointer so that an explicit empty value (value: "") is kept when the object is
// written back.
type EnvVar struct {
	// Name of the variable.
	Name string `json:"name"`
	// Value of the variable ($(VAR) references to earlier variables are expanded).
	// +optional
	Value *string `json:"value,omitempty"`
	// ValueFrom reads the value from a field, resource, ConfigMap or Secret.
	// +optional
	ValueFrom *corev1.EnvVarSource `json:"valueFrom,omitempty"`
}

// ToEnvVar returns the Kubernetes form of the variable (a deep copy).
func (e *EnvVar) ToEnvVar() corev1.EnvVar {
	out := corev1.EnvVar{Name: e.Name}
	if e.Value != nil {
		out.Value = *e.Value
	}
	if e.ValueFrom != nil {
		out.ValueFrom = e.ValueFrom.DeepCopy()
	}
	return out
}

// ContainerTemplate is the container of a container (or script) template. Its name is
// optional: the controller names the container "main". A pointer, so that the explicit
// name: "" that upstream tools write is kept.
type ContainerTemplate struct {
	// Name of the container; the controller uses "main" when it is empty.
	// +optional
	Name *string `json:"name,omitempty"`

	ContainerSpec `json:",inline"`
}

// ToContainer returns the Kubernetes container this template describes (a deep copy); its
// name is empty when the template gives none.
func (c *ContainerTemplate) ToContainer() corev1.Container {
	name := ""
	if c.Name != nil {
		name = *c.Name
	}
	return c.ContainerSpec.ToContainer(name)
}

// ScriptTemplate is a container whose source is written to a file and run with the
// container's command (e.g. python, sh). Its standard output becomes outputs.result.
type ScriptTemplate struct {
	ContainerTemplate `json:",inline"`
	// Source is the script's text.
	// +optional
	Source string `json:"source,omitempty"`
}

// UserContainer is an extra container of a template's pod: an init container or sidecar.
type UserContainer struct {
	// Name of the container, unique in the pod.
	Name string `json:"name"`

	ContainerSpec `json:",inline"`

	// MirrorVolumeMounts gives this container the same volume mounts as the main container,
	// including the artifact input/output mounts.
	// +optional
	MirrorVolumeMounts *bool `json:"mirrorVolumeMounts,omitempty"`
}

// ContainerSetTemplate runs several containers in one pod, optionally ordered by
// dependencies between them.
type ContainerSetTemplate struct {
	// Containers run in the pod; one named "main" (or the last) provides the outputs.
	Containers []ContainerNode `json:"containers"`
	// VolumeMounts are added to every container of the set.
	// +optional
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts,omitempty"`
	// RetryStrategy retries individual containers inside the pod.
	// +optional
	RetryStrategy *ContainerSetRetryStrategy `json:"retryStrategy,omitempty"`
}

// ToContainer returns the Kubernetes container (a deep copy).
func (c *UserContainer) ToContainer() corev1.Container {
	return c.ContainerSpec.ToContainer(c.Name)
}

// ContainerNode is one container of a container set.
type ContainerNode struct {
	// Name of the container; dependencies refer to it.
	Name string `json:"name"`

	ContainerSpec `json:",inline"`

	// Dependencies are names of containers of the set that must succeed before this one
	// starts.
	// +optional
	Dependencies []string `json:"dependencies,omitempty"`
}

// ToContainer returns the Kubernetes container (a deep copy).
func (c *ContainerNode) ToContainer() corev1.Container {
	return c.ContainerSpec.ToContainer(c.Name)
}

// ContainerSetRetryStrategy retries failed containers of a container set in place.
type ContainerSetRetryStrategy struct {
	// Duration waits this long between attempts (Go duration string, e.g. "10s").
	// +optional
	Duration string `json:"duration,omitempty"`
	// Retries is how many times a container is retried after its first attempt.
	Retries *intstr.IntOrString `json:"retries"`
}
