package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Experiment runs one or more ReplicaSets side by side for a while, optionally with
// AnalysisRuns against them, to compare versions. Rollouts create Experiments from their
// experiment steps; they can also be created on their own.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:path=experiments,scope=Namespaced,shortName=exp,categories=argo;argo-rollouts
// +kubebuilder:printcolumn:name="Status",type="string",JSONPath=".status.phase",description="Experiment status"
// +kubebuilder:printcolumn:name="Age",type="date",JSONPath=".metadata.creationTimestamp",description="Time since resource was created"
type Experiment struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is what to run and for how long.
	Spec ExperimentSpec `json:"spec"`
	// Status is the progress of the Experiment.
	// +optional
	Status ExperimentStatus `json:"status,omitempty,omitzero"`
}

// ExperimentList is a list of Experiments.
//
// +kubebuilder:object:root=true
type ExperimentList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []Experiment `json:"items"`
}

// ExperimentSpec is what an Experiment runs.
type ExperimentSpec struct {
	// Templates are the ReplicaSets to run.
	Templates []ExperimentTemplate `json:"templates"`
	// Duration is how long to run once all ReplicaSets are available (Go duration);
	// empty runs until the analyses finish or the Experiment is terminated.
	// +optional
	Duration string `json:"duration,omitempty"`
	// ProgressDeadlineSeconds is how long the ReplicaSets may take to become available
	// before the Experiment fails (default 600).
	// +optional
	ProgressDeadlineSeconds *int32 `json:"progressDeadlineSeconds,omitempty"`
	// Terminate ends the Experiment early and scales its ReplicaSets down.
	// +optional
	Terminate bool `json:"terminate,omitempty"`
	// Analyses are AnalysisRuns started against the Experiment.
	// +optional
	Analyses []ExperimentAnalysisTemplateRef `json:"analyses,omitempty"`
	// ScaleDownDelaySeconds is how long the ReplicaSets stay up after the Experiment ends.
	// +optional
	ScaleDownDelaySeconds *int32 `json:"scaleDownDelaySeconds,omitempty"`
	// DryRun lists metrics whose failures are recorded but do not fail the analyses.
	// +optional
	DryRun []AnalysisDryRun `json:"dryRun,omitempty"`
	// MeasurementRetention sets how many measurements are kept per metric.
	// +optional
	MeasurementRetention []AnalysisMeasurementRetention `json:"measurementRetention,omitempty"`
	// AnalysisRunMetadata is added to the AnalysisRuns created.
	// +optional
	AnalysisRunMetadata *AnalysisRunMetadata `json:"analysisRunMetadata,omitempty"`
}

// ExperimentTemplate is one ReplicaSet of an Experiment.
type ExperimentTemplate struct {
	// Name identifies the template within the Experiment.
	Name string `json:"name"`
	// Replicas is the pod count (nil means 1).
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
	// MinReadySeconds is how long a pod must be ready before it counts as available.
	// +optional
	MinReadySeconds int32 `json:"minReadySeconds,omitempty"`
	// Selector of the ReplicaSet; it must match the template labels.
	Selector *metav1.LabelSelector `json:"selector"`
	// Template is the pod template of the ReplicaSet.
	Template corev1.PodTemplateSpec `json:"template"`
	// Service, when set, makes the controller create a Service for this ReplicaSet.
	// +optional
	Service *ExperimentTemplateService `json:"service,omitempty"`
}

// ExperimentTemplateService asks for a Service in front of an experiment ReplicaSet.
type ExperimentTemplateService struct {
	// Name of the Service (default: derived from the Experiment and template names).
	// +optional
	Name string `json:"name,omitempty"`
}

// ExperimentAnalysisTemplateRef is an analysis run as part of an Experiment.
type ExperimentAnalysisTemplateRef struct {
	// Name identifies this analysis within the Experiment.
	Name string `json:"name"`
	// TemplateName is the AnalysisTemplate (or ClusterAnalysisTemplate) to run.
	TemplateName string `json:"templateName"`
	// ClusterScope looks templateName up among ClusterAnalysisTemplates.
	// +optional
	ClusterScope bool `json:"clusterScope,omitempty"`
	// Args fill the template's arguments.
	// +optional
	Args []AnalysisArgument `json:"args,omitempty"`
	// RequiredForCompletion keeps the Experiment running until this analysis finishes.
	// +optional
	RequiredForCompletion bool `json:"requiredForCompletion,omitempty"`
}

// ExperimentStatus is the progress of an Experiment.
type ExperimentStatus struct {
	// Phase is Pending, Running, Successful, Failed, Error or Inconclusive.
	// +optional
	Phase string `json:"phase,omitempty"`
	// Message explains the phase.
	// +optional
	Message string `json:"message,omitempty"`
	// TemplateStatuses are the states of the ReplicaSets.
	// +optional
	TemplateStatuses []ExperimentTemplateStatus `json:"templateStatuses,omitempty"`
	// AvailableAt is when all ReplicaSets first became available; the duration counts
	// from here.
	// +optional
	AvailableAt *metav1.Time `json:"availableAt,omitempty"`
	// Conditions of the Experiment (e.g. Progressing, InvalidSpec).
	// +optional
	Conditions []ExperimentCondition `json:"conditions,omitempty"`
	// AnalysisRuns are the states of the analyses.
	// +optional
	AnalysisRuns []ExperimentAnalysisRunStatus `json:"analysisRuns,omitempty"`
	// ObservedGeneration is the metadata.generation the controller last acted on (a Skiff
	// addition).
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// ExperimentTemplateStatus is the state of one experiment ReplicaSet.
type ExperimentTemplateStatus struct {
	// Name of the template.
	Name string `json:"name"`
	// Replicas is the number of non-terminated pods.
	Replicas int32 `json:"replicas"`
	// UpdatedReplicas is the number of pods with the desired template.
	UpdatedReplicas int32 `json:"updatedReplicas"`
	// ReadyReplicas is the number of ready pods.
	ReadyReplicas int32 `json:"readyReplicas"`
	// AvailableReplicas is the number of available pods.
	AvailableReplicas int32 `json:"availableReplicas"`
	// CollisionCount is bumped to derive a fresh ReplicaSet name on hash collisions.
	// +optional
	CollisionCount *int32 `json:"collisionCount,omitempty"`
	// Status is Pending, Progressing, Running, Successful, Failed or Error.
	// +optional
	Status string `json:"status,omitempty"`
	// Message explains the status.
	// +optional
	Message string `json:"message,omitempty"`
	// LastTransitionTime is when the status last changed.
	// +optional
	LastTransitionTime *metav1.Time `json:"lastTransitionTime,omitempty"`
	// ServiceName is the Service created for the template, if any.
	// +optional
	ServiceName string `json:"serviceName,omitempty"`
	// PodTemplateHash is the hash label of the template's pods.
	// +optional
	PodTemplateHash string `json:"podTemplateHash,omitempty"`
}

// ExperimentCondition is one observed condition of an Experiment.
type ExperimentCondition struct {
	// Type of the condition.
	Type string `json:"type"`
	// Status is True, False or Unknown.
	Status corev1.ConditionStatus `json:"status"`
	// LastUpdateTime is when the condition was last written.
	LastUpdateTime metav1.Time `json:"lastUpdateTime"`
	// LastTransitionTime is when the status last changed.
	LastTransitionTime metav1.Time `json:"lastTransitionTime"`
	// Reason is a one-word cause.
	Reason string `json:"reason"`
	// Message explains the condition.
	Message string `json:"message"`
}

// ExperimentAnalysisRunStatus is the state of one analysis of an Experiment.
type ExperimentAnalysisRunStatus struct {
	// Name of the analysis in the Experiment spec.
	Name string `json:"name"`
	// AnalysisRun is the name of the AnalysisRun created.
	AnalysisRun string `json:"analysisRun"`
	// Phase of the AnalysisRun.
	Phase string `json:"phase"`
	// Message of the AnalysisRun.
	// +optional
	Message string `json:"message,omitempty"`
}

func init() {
	SchemeBuilder.Register(&Experiment{}, &ExperimentList{})
}
