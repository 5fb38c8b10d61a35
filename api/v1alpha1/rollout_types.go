package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Rollout is a drop-in replacement for a Deployment that moves a workload from its stable
// version to a new one step by step (canary) or by switching Services (blue-green), with
// optional traffic shaping and automated analysis gating each move.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.HPAReplicas,selectorpath=.status.selector
// +kubebuilder:resource:path=rollouts,scope=Namespaced,shortName=ro,categories=argo;argo-rollouts
// +kubebuilder:printcolumn:name="Desired",type="integer",JSONPath=".spec.replicas",description="Number of desired pods"
// +kubebuilder:printcolumn:name="Current",type="integer",JSONPath=".status.replicas",description="Total number of non-terminated pods targeted by this rollout"
// +kubebuilder:printcolumn:name="Up-to-date",type="integer",JSONPath=".status.updatedReplicas",description="Total number of non-terminated pods targeted by this rollout that have the desired template spec"
// +kubebuilder:printcolumn:name="Available",type="integer",JSONPath=".status.availableReplicas",description="Total number of available pods (ready for at least minReadySeconds) targeted by this rollout"
// +kubebuilder:printcolumn:name="Age",type="date",JSONPath=".metadata.creationTimestamp",description="Time since resource was created"
type Rollout struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the desired workload and how updates to it are rolled out.
	Spec RolloutSpec `json:"spec"`
	// Status is what the controller last observed and decided.
	// +optional
	Status RolloutStatus `json:"status,omitempty,omitzero"`
}

// RolloutList is a list of Rollouts.
//
// +kubebuilder:object:root=true
type RolloutList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []Rollout `json:"items"`
}

// RolloutSpec describes the pods to run and the strategy used to update them.
//
// +kubebuilder:validation:XValidation:rule="!(has(self.workloadRef) && has(self.template))",message="spec.workloadRef and spec.template are mutually exclusive: the pod template comes either inline or from the referenced workload"
// +kubebuilder:validation:XValidation:rule="has(self.workloadRef) || has(self.selector)",message="spec.selector is required unless spec.workloadRef is set"
type RolloutSpec struct {
	// Replicas is the number of pods wanted. Nil means 1; 0 is a valid explicit value.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
	// Selector picks the pods (and ReplicaSets) owned by this Rollout. It must match the
	// template labels and cannot change after creation.
	// +optional
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message=".spec.selector is immutable"
	Selector *metav1.LabelSelector `json:"selector,omitempty"`
	// Template is the pod template for new ReplicaSets. Leave it out when workloadRef
	// supplies the template.
	// +optional
	Template *corev1.PodTemplateSpec `json:"template,omitempty"`
	// WorkloadRef points at an existing workload (e.g. a Deployment) whose pod template
	// this Rollout uses instead of an inline template.
	// +optional
	WorkloadRef *RolloutWorkloadRef `json:"workloadRef,omitempty"`
	// MinReadySeconds is how long a new pod must be ready, without crashing, before it
	// counts as available.
	// +optional
	MinReadySeconds int32 `json:"minReadySeconds,omitempty"`
	// RollbackWindow lets a rollback to one of the last N revisions skip the steps and
	// promote at once.
	// +optional
	RollbackWindow *RolloutRollbackWindow `json:"rollbackWindow,omitempty"`
	// Strategy selects canary or blue-green updates.
	Strategy RolloutStrategy `json:"strategy"`
	// RevisionHistoryLimit is how many old, scaled-down ReplicaSets are kept for rollback
	// (nil means the controller default of 10).
	// +optional
	RevisionHistoryLimit *int32 `json:"revisionHistoryLimit,omitempty"`
	// Paused stops the Rollout where it is until set back to false.
	// +optional
	Paused bool `json:"paused,omitempty"`
	// ProgressDeadlineSeconds is how long an update may go without progress before it is
	// reported as failed (nil means the controller default of 600).
	// +optional
	ProgressDeadlineSeconds *int32 `json:"progressDeadlineSeconds,omitempty"`
	// ProgressDeadlineAbort makes a progress-deadline breach abort the update instead of
	// only reporting it.
	// +optional
	ProgressDeadlineAbort bool `json:"progressDeadlineAbort,omitempty"`
	// RestartAt asks the controller to restart every pod created before this time.
	// +optional
	RestartAt *metav1.Time `json:"restartAt,omitempty"`
	// Analysis bounds how many finished AnalysisRuns and Experiments are kept.
	// +optional
	Analysis *RolloutAnalysisRunStrategy `json:"analysis,omitempty"`
}

// RolloutWorkloadRef names the workload that provides the pod template.
type RolloutWorkloadRef struct {
	// APIVersion of the referenced workload, e.g. apps/v1.
	// +optional
	APIVersion string `json:"apiVersion,omitempty"`
	// Kind of the referenced workload, e.g. Deployment.
	// +optional
	Kind string `json:"kind,omitempty"`
	// Name of the referenced workload in the Rollout's namespace.
	// +optional
	Name string `json:"name,omitempty"`
	// ScaleDown says whether and how the referenced workload is scaled down once the
	// Rollout takes over ("never", "onsuccess" or "progressively").
	// +optional
	ScaleDown string `json:"scaleDown,omitempty"`
}

// RolloutRollbackWindow sets how far back a rollback may go and still be fast-tracked.
type RolloutRollbackWindow struct {
	// Revisions is the number of recent revisions a rollback to which is promoted at once.
	// +optional
	Revisions int32 `json:"revisions,omitempty"`
}

// RolloutAnalysisRunStrategy limits the history of AnalysisRuns and Experiments a Rollout keeps.
type RolloutAnalysisRunStrategy struct {
	// SuccessfulRunHistoryLimit is how many successful runs are kept.
	// +optional
	SuccessfulRunHistoryLimit *int32 `json:"successfulRunHistoryLimit,omitempty"`
	// UnsuccessfulRunHistoryLimit is how many failed, errored or inconclusive runs are kept.
	// +optional
	UnsuccessfulRunHistoryLimit *int32 `json:"unsuccessfulRunHistoryLimit,omitempty"`
}

// RolloutStrategy holds exactly one update strategy.
//
// +kubebuilder:validation:XValidation:rule="(has(self.canary) ? 1 : 0) + (has(self.blueGreen) ? 1 : 0) == 1",message="spec.strategy must set exactly one of canary or blueGreen"
type RolloutStrategy struct {
	// BlueGreen runs the new version next to the old one behind a preview Service and then
	// switches the active Service over.
	// +optional
	BlueGreen *BlueGreenStrategy `json:"blueGreen,omitempty"`
	// Canary shifts replicas and/or traffic to the new version in steps.
	// +optional
	Canary *CanaryStrategy `json:"canary,omitempty"`
}

// RolloutPodMetadata is extra labels and annotations put on a set of pods while they play a
// role (canary, stable, active, preview, experiment).
type RolloutPodMetadata struct {
	// Labels to add to the pods.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations to add to the pods.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
}

// RolloutAntiAffinity asks for new pods to avoid nodes that run the previous version's pods.
// Exactly one of the two modes is set.
//
// +kubebuilder:validation:XValidation:rule="has(self.preferredDuringSchedulingIgnoredDuringExecution) != has(self.requiredDuringSchedulingIgnoredDuringExecution)",message="antiAffinity must set exactly one of preferredDuringSchedulingIgnoredDuringExecution or requiredDuringSchedulingIgnoredDuringExecution"
type RolloutAntiAffinity struct {
	// PreferredDuringSchedulingIgnoredDuringExecution makes the anti-affinity a weighted preference.
	// +optional
	PreferredDuringSchedulingIgnoredDuringExecution *RolloutPreferredAntiAffinity `json:"preferredDuringSchedulingIgnoredDuringExecution,omitempty"`
	// RequiredDuringSchedulingIgnoredDuringExecution makes the anti-affinity a hard rule.
	// +optional
	RequiredDuringSchedulingIgnoredDuringExecution *RolloutRequiredAntiAffinity `json:"requiredDuringSchedulingIgnoredDuringExecution,omitempty"`
}

// RolloutPreferredAntiAffinity is the soft form of anti-affinity.
type RolloutPreferredAntiAffinity struct {
	// Weight of the injected preference, 1 to 100.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=100
	Weight int32 `json:"weight"`
}

// RolloutRequiredAntiAffinity is the hard form of anti-affinity; it has no settings.
type RolloutRequiredAntiAffinity struct{}

func init() {
	SchemeBuilder.Register(&Rollout{}, &RolloutList{})
}
