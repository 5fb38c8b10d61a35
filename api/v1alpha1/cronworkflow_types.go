package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// CronWorkflow creates Workflows from an embedded workflow spec on one or more cron
// schedules, like a Kubernetes CronJob does for Jobs.
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:scope=Namespaced,shortName=cwf;cronwf,categories=argo;argo-workflows
// +kubebuilder:printcolumn:name="Schedules",type=string,JSONPath=`.spec.schedules`
// +kubebuilder:printcolumn:name="Suspended",type=boolean,JSONPath=`.spec.suspend`
// +kubebuilder:printcolumn:name="Last Scheduled",type=date,JSONPath=`.status.lastScheduledTime`
// +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=`.status.phase`,priority=1
// +kubebuilder:printcolumn:name="Timezone",type=string,JSONPath=`.spec.timezone`,priority=1
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type CronWorkflow struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`

	// Spec holds the schedules, the policies and the workflow to create.
	Spec CronWorkflowSpec `json:"spec"`

	// Status is written by the cron controller.
	// +optional
	Status CronWorkflowStatus `json:"status,omitempty"`
}

// CronWorkflowSpec says when to create workflows, how runs may overlap and how many finished
// ones to keep.
// +kubebuilder:validation:XValidation:rule="!has(self.schedule)",message="spec.schedule was removed in Argo Workflows v4: use spec.schedules"
// +kubebuilder:validation:XValidation:rule="has(self.schedule) || (has(self.schedules) && size(self.schedules) > 0)",message="spec.schedules must list at least one cron schedule"
type CronWorkflowSpec struct {
	// WorkflowSpec is the spec of every workflow created.
	WorkflowSpec WorkflowSpec `json:"workflowSpec"`

	// Schedule is the v3 single schedule. Argo Workflows v4 removed it; it is modelled only so
	// that admission can reject it with a clear message (use Schedules).
	// +optional
	Schedule string `json:"schedule,omitempty"`

	// Schedules are cron expressions ("0 * * * *", "@hourly", ...); a workflow is created
	// whenever any of them fires.
	// +optional
	Schedules []string `json:"schedules,omitempty"`

	// ConcurrencyPolicy says what happens when a schedule fires while an earlier workflow
	// still runs: Allow (default) runs both, Forbid skips the new one, Replace stops the old.
	// +optional
	ConcurrencyPolicy ConcurrencyPolicy `json:"concurrencyPolicy,omitempty"`

	// Suspend stops scheduling while true. A pointer so an explicit false round-trips.
	// +optional
	Suspend *bool `json:"suspend,omitempty"`

	// StartingDeadlineSeconds is how late a missed run may still be started (e.g. after a
	// controller restart); later ones are skipped.
	// +kubebuilder:validation:Minimum=0
	// +optional
	StartingDeadlineSeconds *int64 `json:"startingDeadlineSeconds,omitempty"`

	// SuccessfulJobsHistoryLimit is how many succeeded workflows to keep (default 3).
	// +kubebuilder:validation:Minimum=0
	// +optional
	SuccessfulJobsHistoryLimit *int32 `json:"successfulJobsHistoryLimit,omitempty"`

	// FailedJobsHistoryLimit is how many failed workflows to keep (default 1).
	// +kubebuilder:validation:Minimum=0
	// +optional
	FailedJobsHistoryLimit *int32 `json:"failedJobsHistoryLimit,omitempty"`

	// Timezone is the IANA time zone the schedules are read in (e.g. "America/Los_Angeles");
	// empty means the controller's local time.
	// +optional
	Timezone string `json:"timezone,omitempty"`

	// WorkflowMetadata adds labels and annotations to every created workflow. Kept without a
	// schema in the CRD (it is an ObjectMeta).
	// +kubebuilder:validation:Schemaless
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	// +optional
	WorkflowMetadata *metav1.ObjectMeta `json:"workflowMetadata,omitempty"`

	// StopStrategy stops scheduling for good once its expression becomes true.
	// +optional
	StopStrategy *StopStrategy `json:"stopStrategy,omitempty"`

	// When is an expression evaluated at each firing; the workflow is created only if it is
	// true (e.g. "{{= cronworkflow.lastScheduledTime == nil }}").
	// +optional
	When string `json:"when,omitempty"`
}

// ConcurrencyPolicy says how a CronWorkflow treats overlapping runs.
// +kubebuilder:validation:Enum=Allow;Forbid;Replace
type ConcurrencyPolicy string

// Concurrency policies.
const (
	ConcurrencyPolicyAllow   ConcurrencyPolicy = "Allow"
	ConcurrencyPolicyForbid  ConcurrencyPolicy = "Forbid"
	ConcurrencyPolicyReplace ConcurrencyPolicy = "Replace"
)

// StopStrategy ends a CronWorkflow's scheduling when a condition is met.
type StopStrategy struct {
	// Expression is evaluated after each run with the cronworkflow.* variables (e.g.
	// "cronworkflow.failed >= 3"); when true the CronWorkflow moves to phase Stopped.
	// +kubebuilder:validation:MinLength=1
	Expression string `json:"expression"`
}

// CronWorkflowStatus is the observed state of a CronWorkflow.
type CronWorkflowStatus struct {
	// Active are the workflows created by this CronWorkflow that are still running.
	// +optional
	Active []corev1.ObjectReference `json:"active,omitempty"`

	// LastScheduledTime is when a workflow was last created (nullable: upstream writes null
	// before the first run).
	// +nullable
	// +optional
	LastScheduledTime *metav1.Time `json:"lastScheduledTime,omitempty"`

	// LastEvaluatedScheduleTime is the latest scheduled time the controller decided on, run or
	// skipped (Skiff). A scheduled time is acted on once: a run skipped by concurrencyPolicy
	// Forbid, by when, or missed past its deadline does not start late once the cause clears.
	// +optional
	LastEvaluatedScheduleTime *metav1.Time `json:"lastEvaluatedScheduleTime,omitempty"`

	// Conditions report problems (SpecError, SubmissionError) and, in Skiff,
	// Ready/Reconciling/Stalled.
	// +optional
	Conditions Conditions `json:"conditions,omitempty"`

	// Succeeded counts the workflows that succeeded.
	// +optional
	Succeeded int64 `json:"succeeded,omitempty"`

	// Failed counts the workflows that failed or errored.
	// +optional
	Failed int64 `json:"failed,omitempty"`

	// Phase is Active while scheduling, Stopped once the stop strategy matched.
	// +optional
	Phase CronWorkflowPhase `json:"phase,omitempty"`

	// ObservedGeneration is the metadata.generation the controller last acted on (Skiff).
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// CronWorkflowPhase is the scheduling phase of a CronWorkflow.
// +kubebuilder:validation:Enum="";Active;Stopped
type CronWorkflowPhase string

// CronWorkflow phases.
const (
	CronWorkflowActive  CronWorkflowPhase = "Active"
	CronWorkflowStopped CronWorkflowPhase = "Stopped"
)

// CronWorkflowList is a list of CronWorkflows.
// +kubebuilder:object:root=true
type CronWorkflowList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []CronWorkflow `json:"items"`
}

func init() {
	SchemeBuilder.Register(&CronWorkflow{}, &CronWorkflowList{})
}
