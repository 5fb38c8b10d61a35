package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Template is one named unit of work of a workflow. Its kind is given by the one field it
// sets among container, script, resource, suspend, steps, dag, http, data, containerSet and
// plugin; the other fields tune how it runs (inputs and outputs, pod settings, retries,
// timeouts, metrics, locks, caching).
//
// The "exactly one kind" rule is enforced on spec.templates items, not here, because
// spec.templateDefaults is also a Template and may set several kinds at once.
type Template struct {
	// Name identifies the template; steps, tasks and hooks refer to it.
	// +optional
	Name string `json:"name,omitempty"`

	// Inputs are the parameters and artifacts the template takes.
	// +optional
	Inputs Inputs `json:"inputs,omitzero"`

	// Outputs are the parameters and artifacts the template produces.
	// +optional
	Outputs Outputs `json:"outputs,omitzero"`

	// NodeSelector is added to the template's pod.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`

	// Affinity is the scheduling affinity of the template's pod (overrides the workflow's).
	// +optional
	Affinity *corev1.Affinity `json:"affinity,omitempty"`

	// Metadata adds labels and annotations to the template's pod.
	// +optional
	Metadata Metadata `json:"metadata,omitzero"`

	// Daemon keeps the template's pod running in the background for the rest of its scope
	// (e.g. a service other steps talk to); the step counts as done once it is ready.
	// +optional
	Daemon *bool `json:"daemon,omitempty"`

	// Steps makes this a steps template: groups run one after another, the steps of a group
	// in parallel. On the wire it is a list of lists.
	// +optional
	Steps []ParallelSteps `json:"steps,omitempty"`

	// Container makes this a container template: one pod running this container.
	// +optional
	Container *ContainerTemplate `json:"container,omitempty"`

	// ContainerSet makes this a template running several containers in one pod.
	// +optional
	ContainerSet *ContainerSetTemplate `json:"containerSet,omitempty"`

	// Script makes this a script template: a container running the given source.
	// +optional
	Script *ScriptTemplate `json:"script,omitempty"`

	// Resource makes this a resource template: it creates/patches/deletes/gets a Kubernetes
	// object and waits for its conditions.
	// +optional
	Resource *ResourceTemplate `json:"resource,omitempty"`

	// DAG makes this a DAG template: tasks run as soon as their dependencies are met.
	// +optional
	DAG *DAGTemplate `json:"dag,omitempty"`

	// Suspend makes this a suspend template: the workflow waits (for a duration or until
	// resumed).
	// +optional
	Suspend *SuspendTemplate `json:"suspend,omitempty"`

	// Data makes this a data template: it lists and transforms artifact data without a
	// user container.
	// +optional
	Data *Data `json:"data,omitempty"`

	// HTTP makes this an HTTP template: the agent sends one HTTP request.
	// +optional
	HTTP *HTTP `json:"http,omitempty"`

	// Plugin makes this an executor plugin template: an object with one key, the plugin
	// name, whose value is the plugin's own configuration.
	// +optional
	Plugin *Plugin `json:"plugin,omitempty"`

	// Volumes are added to the template's pod.
	// +optional
	Volumes []corev1.Volume `json:"volumes,omitempty"`

	// InitContainers run before the main container of the template's pod.
	// +optional
	InitContainers []UserContainer `json:"initContainers,omitempty"`

	// Sidecars run beside the main container of the template's pod and are stopped when it
	// ends.
	// +optional
	Sidecars []UserContainer `json:"sidecars,omitempty"`

	// ArchiveLocation is where the template's output artifacts (and logs) go, overriding the
	// artifact repository.
	// +optional
	ArchiveLocation *ArtifactLocation `json:"archiveLocation,omitempty"`

	// ActiveDeadlineSeconds limits how long the template's pod may run (a number, or a string
	// holding a number or a template expression).
	// +optional
	ActiveDeadlineSeconds *intstr.IntOrString `json:"activeDeadlineSeconds,omitempty"`

	// RetryStrategy retries the template when it fails.
	// +optional
	RetryStrategy *RetryStrategy `json:"retryStrategy,omitempty"`

	// Parallelism caps how many pods this steps/DAG template runs at the same time.
	// +optional
	Parallelism *int64 `json:"parallelism,omitempty"`

	// FailFast, when false, lets the remaining children of a steps/DAG template (or of a
	// withItems/withParam fan-out) finish after one failed.
	// +optional
	FailFast *bool `json:"failFast,omitempty"`

	// Tolerations are added to the template's pod.
	// +optional
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`

	// SchedulerName is the Kubernetes scheduler of the template's pod.
	// +optional
	SchedulerName string `json:"schedulerName,omitempty"`

	// PriorityClassName is the priority class of the template's pod.
	// +optional
	PriorityClassName string `json:"priorityClassName,omitempty"`

	// ServiceAccountName is the service account of the template's pod.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`

	// AutomountServiceAccountToken controls mounting the service account token into the
	// template's pod.
	// +optional
	AutomountServiceAccountToken *bool `json:"automountServiceAccountToken,omitempty"`

	// Executor configures the executor of the template's pod.
	// +optional
	Executor *ExecutorConfig `json:"executor,omitempty"`

	// HostAliases are added to /etc/hosts of the template's pod.
	// +optional
	HostAliases []corev1.HostAlias `json:"hostAliases,omitempty"`

	// SecurityContext is the pod-level security context of the template's pod.
	// +optional
	SecurityContext *corev1.PodSecurityContext `json:"securityContext,omitempty"`

	// PodSpecPatch is a YAML/JSON patch applied to the template's pod spec.
	// +optional
	PodSpecPatch string `json:"podSpecPatch,omitempty"`

	// Metrics are Prometheus metrics emitted when the template runs.
	// +optional
	Metrics *Metrics `json:"metrics,omitempty"`

	// Synchronization makes the template hold mutexes or semaphores while it runs.
	// +optional
	Synchronization *Synchronization `json:"synchronization,omitempty"`

	// Memoize caches the template's outputs under a key, so a later run with the same key
	// reuses them instead of running again.
	// +optional
	Memoize *Memoize `json:"memoize,omitempty"`

	// Timeout is how long a leaf template (pod, HTTP, plugin) may take before it is failed,
	// as a duration string ("30s", "1h") or template expression.
	// +optional
	Timeout string `json:"timeout,omitempty"`

	// Annotations are added to the template's node at run time (e.g. a display name).
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`

	// PendingTimeout fails the template's pod when it stays Pending longer than this
	// duration; not used by steps or DAG templates.
	// +optional
	PendingTimeout string `json:"pendingTimeout,omitempty"`

	// PodResources are pod-level resource requests and limits of the template's pod.
	// +optional
	PodResources *corev1.ResourceRequirements `json:"podResources,omitempty"`

	// ResourceClaims are dynamic resource allocation claims added to the template's pod.
	// +optional
	ResourceClaims []corev1.PodResourceClaim `json:"resourceClaims,omitempty"`
}

// Metadata is labels and annotations added to a pod.
type Metadata struct {
	// Annotations are added to the pod.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
	// Labels are added to the pod.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
}

// ExecutorConfig configures the executor (the wait/init containers Argo adds to each pod).
type ExecutorConfig struct {
	// ServiceAccountName is the service account whose token the executor uses, so the main
	// containers can run without one.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
}

// Arguments are the parameters and artifacts passed to a template (or, in spec.arguments, to
// the workflow).
type Arguments struct {
	// Parameters are passed by name.
	// +optional
	// +nullable
	Parameters []Parameter `json:"parameters,omitempty"`
	// Artifacts are passed by name. (The bound of 200 keeps the CRD's estimated CEL cost
	// within the API server's budget: every artifact carries location rules.)
	// +kubebuilder:validation:MaxItems=200
	// +optional
	// +nullable
	Artifacts []Artifact `json:"artifacts,omitempty"`
}

// Inputs declare the parameters and artifacts a template takes.
type Inputs struct {
	// Parameters the template takes; a value set here is a default a caller may override.
	// +optional
	// +nullable
	Parameters []Parameter `json:"parameters,omitempty"`
	// Artifacts the template takes, with where to place them in its container (at most
	// 200, for the CEL cost budget).
	// +kubebuilder:validation:MaxItems=200
	// +optional
	// +nullable
	Artifacts []Artifact `json:"artifacts,omitempty"`
}

// Outputs declare what a template produces.
type Outputs struct {
	// Parameters the template produces (from files, expressions, resource fields...).
	// +optional
	// +nullable
	Parameters []Parameter `json:"parameters,omitempty"`
	// Artifacts the template produces (at most 200, for the CEL cost budget).
	// +kubebuilder:validation:MaxItems=200
	// +optional
	// +nullable
	Artifacts []Artifact `json:"artifacts,omitempty"`
	// Result is the captured standard output of a script or container template; set by the
	// controller.
	// +optional
	Result *string `json:"result,omitempty"`
	// ExitCode is the exit code of the template's main container; set by the controller.
	// +optional
	ExitCode *string `json:"exitCode,omitempty"`
}

// Parameter is a named string value passed into or out of a template. Values written in YAML
// as numbers or booleans are kept as their string form (see AnyString).
type Parameter struct {
	// Name identifies the parameter.
	Name string `json:"name"`
	// Default is used when no value is supplied (or, for outputs, when valueFrom fails).
	// +optional
	Default *AnyString `json:"default,omitempty"`
	// Value is the literal value; for inputs, a value the caller passes wins over it.
	// +optional
	Value *AnyString `json:"value,omitempty"`
	// ValueFrom says where to read the value from instead of a literal.
	// +optional
	ValueFrom *ValueFrom `json:"valueFrom,omitempty"`
	// GlobalName also publishes an output parameter workflow-wide under this name
	// (workflow.outputs.parameters.<globalName>).
	// +optional
	GlobalName string `json:"globalName,omitempty"`
	// Enum lists the values the parameter may take (UIs offer them as choices).
	// +optional
	Enum []AnyString `json:"enum,omitempty"`
	// Description explains the parameter to users.
	// +optional
	Description *AnyString `json:"description,omitempty"`
}

// ValueFrom says where a parameter's value comes from.
type ValueFrom struct {
	// Path is a file in the main container whose content becomes the value.
	// +optional
	Path string `json:"path,omitempty"`
	// JSONPath reads the value from the object of a resource template.
	// +optional
	JSONPath string `json:"jsonPath,omitempty"`
	// JQFilter reads the value from the object of a resource template with a jq filter.
	// +optional
	JQFilter string `json:"jqFilter,omitempty"`
	// Event is an expression evaluated against the event that triggered the workflow
	// (WorkflowEventBinding), e.g. payload.message.
	// +optional
	Event string `json:"event,omitempty"`
	// Parameter copies the value of another step's or task's output parameter
	// (e.g. {{steps.x.outputs.parameters.y}}), for outputs of steps/DAG templates.
	// +optional
	Parameter string `json:"parameter,omitempty"`
	// Supplied means the value is given later by a person or API call (suspend templates).
	// +optional
	Supplied *SuppliedValueFrom `json:"supplied,omitempty"`
	// ConfigMapKeyRef reads the value from a ConfigMap key.
	// +optional
	ConfigMapKeyRef *corev1.ConfigMapKeySelector `json:"configMapKeyRef,omitempty"`
	// Default is used when reading from the source fails.
	// +optional
	Default *AnyString `json:"default,omitempty"`
	// Expression computes the value (expr language).
	// +optional
	Expression string `json:"expression,omitempty"`
}

// SuppliedValueFrom marks a value supplied from outside (CLI, API, UI); it has no fields.
type SuppliedValueFrom struct{}
