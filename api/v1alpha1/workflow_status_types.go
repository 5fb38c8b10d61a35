package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// WorkflowStatus is the observed state of a Workflow, written by the workflow controller. It
// keeps upstream's fields (the argo CLI, UI and Argo CD read them) plus Skiff's
// observedGeneration. Its times (and NodeStatus's) are nullable because upstream controllers
// write an unset time as null.
type WorkflowStatus struct {
	// Phase summarises where the workflow is: empty or Pending/Running while it runs,
	// Succeeded/Failed/Error once it has finished.
	// +optional
	Phase WorkflowPhase `json:"phase,omitempty"`

	// StartedAt is when the controller started running the workflow.
	// +nullable
	// +optional
	StartedAt *metav1.Time `json:"startedAt,omitempty"`

	// FinishedAt is when the workflow reached a final phase.
	// +nullable
	// +optional
	FinishedAt *metav1.Time `json:"finishedAt,omitempty"`

	// EstimatedDuration is the expected run time in seconds, from earlier runs of the same
	// template.
	// +optional
	EstimatedDuration int64 `json:"estimatedDuration,omitempty"`

	// Progress is "done/total" over the workflow's pod nodes.
	// +optional
	Progress Progress `json:"progress,omitempty"`

	// Message explains the phase, typically why the workflow failed.
	// +optional
	Message string `json:"message,omitempty"`

	// CompressedNodes holds the node map gzip-compressed and base64-encoded when it was too
	// large to store as Nodes.
	// +optional
	CompressedNodes string `json:"compressedNodes,omitempty"`

	// Nodes is the graph of the run: one entry per step, task, pod, retry, ..., keyed by
	// node ID.
	// +optional
	Nodes Nodes `json:"nodes,omitempty"`

	// OffloadNodeStatusVersion is set (to a hash of the data) when the node map was moved to
	// the persistence database; Nodes and CompressedNodes are then empty.
	// +optional
	OffloadNodeStatusVersion string `json:"offloadNodeStatusVersion,omitempty"`

	// StoredTemplates keeps a copy of every template the run resolved from
	// WorkflowTemplates/ClusterWorkflowTemplates, keyed by "<scope>/<name>/<template>", so later
	// changes to them do not affect a running workflow. Stored without a schema in the CRD to
	// keep it small; the Go type is still typed.
	// +kubebuilder:validation:Schemaless
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	// +optional
	StoredTemplates map[string]Template `json:"storedTemplates,omitempty"`

	// PersistentVolumeClaims are the volumes created from spec.volumeClaimTemplates, deleted
	// when the workflow completes.
	// +optional
	PersistentVolumeClaims []corev1.Volume `json:"persistentVolumeClaims,omitempty"`

	// Outputs are the workflow's global outputs (parameters and artifacts exported with
	// globalName).
	// +optional
	Outputs *Outputs `json:"outputs,omitempty"`

	// Conditions are upstream's workflow conditions (Completed, PodRunning, SpecWarning,
	// SpecError, MetricsError, ArtifactGCError, ...) and Skiff's Ready/Reconciling/Stalled.
	// +optional
	Conditions Conditions `json:"conditions,omitempty"`

	// ResourcesDuration is an estimate of the resources the workflow's pods used, in
	// resource-seconds per resource (cpu, memory, nvidia.com/gpu, ...).
	// +optional
	ResourcesDuration ResourcesDuration `json:"resourcesDuration,omitempty"`

	// StoredWorkflowSpec is the spec the run actually uses when it comes from a
	// workflowTemplateRef (the template's spec merged with the workflow's). Stored without a
	// schema in the CRD to keep it small; the Go type is still typed.
	// +kubebuilder:validation:Schemaless
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	// +optional
	StoredWorkflowSpec *WorkflowSpec `json:"storedWorkflowTemplateSpec,omitempty"`

	// Synchronization lists the mutexes and semaphores the workflow holds or waits for.
	// +optional
	Synchronization *SynchronizationStatus `json:"synchronization,omitempty"`

	// ArtifactRepositoryRef is the artifact repository resolved for this run.
	// +optional
	ArtifactRepositoryRef *ArtifactRepositoryRefStatus `json:"artifactRepositoryRef,omitempty"`

	// ArtifactGCStatus tracks the progress of artifact garbage collection.
	// +optional
	ArtifactGCStatus *ArtGCStatus `json:"artifactGCStatus,omitempty"`

	// TaskResultsCompletionStatus says, per pod node ID, whether that pod's task result
	// (outputs reported by the executor) has been fully received.
	// +optional
	TaskResultsCompletionStatus map[string]bool `json:"taskResultsCompletionStatus,omitempty"`

	// ObservedGeneration is the metadata.generation the controller last acted on (Skiff).
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// WorkflowPhase is the lifecycle phase of a workflow.
// +kubebuilder:validation:Enum="";Pending;Running;Succeeded;Failed;Error
type WorkflowPhase string

// Workflow phases.
const (
	WorkflowUnknown   WorkflowPhase = ""
	WorkflowPending   WorkflowPhase = "Pending" // accepted, nothing started yet
	WorkflowRunning   WorkflowPhase = "Running"
	WorkflowSucceeded WorkflowPhase = "Succeeded"
	WorkflowFailed    WorkflowPhase = "Failed" // a step failed
	WorkflowError     WorkflowPhase = "Error"  // the controller could not run it
)

// Completed reports whether the phase is final.
func (p WorkflowPhase) Completed() bool {
	switch p {
	case WorkflowSucceeded, WorkflowFailed, WorkflowError:
		return true
	}
	return false
}

// Progress is "done/total", e.g. "3/7": how many pod nodes have finished out of how many.
type Progress string

// ResourceDuration is an amount of resource use in resource-seconds (e.g. cpu-seconds, or
// seconds of 1Gi of memory).
type ResourceDuration int64

// ResourcesDuration maps a resource name (cpu, memory, nvidia.com/gpu, ...) to how much of it
// was used, in resource-seconds.
type ResourcesDuration map[corev1.ResourceName]ResourceDuration

// Nodes maps a node ID to its status.
type Nodes map[string]NodeStatus

// ConditionType names a condition.
type ConditionType string

// Condition types: upstream's and Skiff's.
const (
	ConditionTypeCompleted       ConditionType = "Completed"
	ConditionTypePodRunning      ConditionType = "PodRunning"
	ConditionTypeSpecWarning     ConditionType = "SpecWarning"
	ConditionTypeSpecError       ConditionType = "SpecError"
	ConditionTypeMetricsError    ConditionType = "MetricsError"
	ConditionTypeArtifactGCError ConditionType = "ArtifactGCError"
	ConditionTypeSubmissionError ConditionType = "SubmissionError"

	// ConditionTypeReady is Skiff's summary condition: the object is valid and reconciled.
	ConditionTypeReady ConditionType = "Ready"
	// ConditionTypeReconciling is true while the controller is acting on a change.
	ConditionTypeReconciling ConditionType = "Reconciling"
	// ConditionTypeStalled is true when the controller cannot progress without a spec change.
	ConditionTypeStalled ConditionType = "Stalled"
)

// Condition is one observation about a Workflow or CronWorkflow. Upstream writes type, status
// and message; Skiff also sets reason and lastTransitionTime.
type Condition struct {
	// Type is what the condition is about (Completed, SpecError, Ready, ...).
	// +optional
	Type ConditionType `json:"type,omitempty"`

	// Status is True, False or Unknown.
	// +kubebuilder:validation:Enum=True;False;Unknown
	// +optional
	Status metav1.ConditionStatus `json:"status,omitempty"`

	// Message is a human-readable explanation.
	// +optional
	Message string `json:"message,omitempty"`

	// Reason is a CamelCase machine-readable cause (Skiff).
	// +optional
	Reason string `json:"reason,omitempty"`

	// LastTransitionTime is when Status last changed (Skiff; Argo CD fixtures carry it too).
	// +optional
	LastTransitionTime *metav1.Time `json:"lastTransitionTime,omitempty"`
}

// Conditions is a list of conditions, at most one per type.
type Conditions []Condition

// Get returns the condition of that type, or nil.
func (cs Conditions) Get(t ConditionType) *Condition {
	for i := range cs {
		if cs[i].Type == t {
			return &cs[i]
		}
	}
	return nil
}

// ArtGCStatus tracks artifact garbage collection of a workflow.
type ArtGCStatus struct {
	// StrategiesProcessed records which GC strategies have had their pods created.
	// +optional
	StrategiesProcessed map[ArtifactGCStrategy]bool `json:"strategiesProcessed,omitempty"`

	// PodsRecouped records, per GC pod name, whether its results were collected.
	// +optional
	PodsRecouped map[string]bool `json:"podsRecouped,omitempty"`

	// NotSpecified is true when no artifact uses garbage collection, so there is nothing to do.
	// +optional
	NotSpecified bool `json:"notSpecified,omitempty"`
}

// SynchronizationStatus lists the locks a workflow holds or waits for.
type SynchronizationStatus struct {
	// Semaphore lists the semaphores held and waited for.
	// +optional
	Semaphore *SemaphoreStatus `json:"semaphore,omitempty"`

	// Mutex lists the mutexes held and waited for.
	// +optional
	Mutex *MutexStatus `json:"mutex,omitempty"`
}

// SemaphoreStatus lists semaphore holdings and waits.
type SemaphoreStatus struct {
	// Holding are the semaphores currently held.
	// +optional
	Holding []SemaphoreHolding `json:"holding,omitempty"`

	// Waiting are the semaphores waited for.
	// +optional
	Waiting []SemaphoreHolding `json:"waiting,omitempty"`
}

// SemaphoreHolding says who holds (or waits for) one semaphore.
type SemaphoreHolding struct {
	// Semaphore is the semaphore's key, e.g. "<namespace>/ConfigMap/<name>/<key>".
	// +optional
	Semaphore string `json:"semaphore,omitempty"`

	// Holders are the workflow keys or node IDs holding it.
	// +optional
	Holders []string `json:"holders,omitempty"`
}

// MutexStatus lists mutex holdings and waits.
type MutexStatus struct {
	// Holding are the mutexes currently held.
	// +optional
	Holding []MutexHolding `json:"holding,omitempty"`

	// Waiting are the mutexes waited for.
	// +optional
	Waiting []MutexHolding `json:"waiting,omitempty"`
}

// MutexHolding says who holds (or waits for) one mutex.
type MutexHolding struct {
	// Mutex is the mutex's key, e.g. "<namespace>/Mutex/<name>".
	// +optional
	Mutex string `json:"mutex,omitempty"`

	// Holder is the workflow key or node ID holding it.
	// +optional
	Holder string `json:"holder,omitempty"`
}
