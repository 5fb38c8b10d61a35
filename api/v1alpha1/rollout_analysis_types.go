package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// RolloutAnalysis says which analysis templates a Rollout turns into an AnalysisRun, and with
// which arguments.
type RolloutAnalysis struct {
	// Templates are merged into one AnalysisRun.
	// +optional
	Templates []RolloutAnalysisTemplateRef `json:"templates,omitempty"`
	// Args fill the templates' arguments.
	// +optional
	Args []RolloutAnalysisArgument `json:"args,omitempty"`
	// DryRun lists metrics whose failures are recorded but do not fail the run.
	// +optional
	DryRun []AnalysisDryRun `json:"dryRun,omitempty"`
	// MeasurementRetention sets how many measurements are kept per metric.
	// +optional
	MeasurementRetention []AnalysisMeasurementRetention `json:"measurementRetention,omitempty"`
	// AnalysisRunMetadata is added to the AnalysisRuns created.
	// +optional
	AnalysisRunMetadata *AnalysisRunMetadata `json:"analysisRunMetadata,omitempty"`
}

// RolloutAnalysisBackground is an analysis that runs alongside the canary steps.
type RolloutAnalysisBackground struct {
	RolloutAnalysis `json:",inline"`
	// StartingStep is the step index at which the background analysis starts (default 0).
	// +optional
	StartingStep *int32 `json:"startingStep,omitempty"`
}

// RolloutAnalysisTemplateRef names an AnalysisTemplate or ClusterAnalysisTemplate.
type RolloutAnalysisTemplateRef struct {
	// TemplateName is the template's name.
	// +optional
	TemplateName string `json:"templateName,omitempty"`
	// ClusterScope looks the name up among ClusterAnalysisTemplates.
	// +optional
	ClusterScope bool `json:"clusterScope,omitempty"`
}

// RolloutAnalysisArgument is an argument a Rollout or its experiment passes to an analysis.
type RolloutAnalysisArgument struct {
	// Name of the template argument.
	Name string `json:"name"`
	// Value is a literal value (alternative to valueFrom).
	// +optional
	Value string `json:"value,omitempty"`
	// ValueFrom computes the value at run time (alternative to value).
	// +optional
	ValueFrom *RolloutArgumentValueFrom `json:"valueFrom,omitempty"`
}

// RolloutArgumentValueFrom is where a Rollout analysis argument takes its value from.
type RolloutArgumentValueFrom struct {
	// PodTemplateHashValue takes the pod-template hash of the "Stable" or "Latest" ReplicaSet.
	// +optional
	PodTemplateHashValue *string `json:"podTemplateHashValue,omitempty"`
	// FieldRef takes a field of the Rollout (e.g. metadata.labels['app']).
	// +optional
	FieldRef *AnalysisFieldRef `json:"fieldRef,omitempty"`
}

// AnalysisRunMetadata is extra labels and annotations for created AnalysisRuns.
type AnalysisRunMetadata struct {
	// Labels to add to the AnalysisRun.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations to add to the AnalysisRun.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
}

// RolloutExperimentStep is a canary step that runs an Experiment built from the canary and
// stable templates.
type RolloutExperimentStep struct {
	// Templates are the ReplicaSets the Experiment starts.
	Templates []RolloutExperimentTemplate `json:"templates"`
	// Duration is how long the Experiment runs (Go duration, e.g. "30m"); empty runs until
	// its analyses finish.
	// +optional
	Duration string `json:"duration,omitempty"`
	// Analyses run against the Experiment's ReplicaSets.
	// +optional
	Analyses []RolloutExperimentAnalysisRef `json:"analyses,omitempty"`
	// DryRun lists metrics whose failures are recorded but do not fail the analyses.
	// +optional
	DryRun []AnalysisDryRun `json:"dryRun,omitempty"`
	// AnalysisRunMetadata is added to the AnalysisRuns the Experiment creates.
	// +optional
	AnalysisRunMetadata *AnalysisRunMetadata `json:"analysisRunMetadata,omitempty"`
	// ScaleDownDelaySeconds is how long the Experiment's ReplicaSets stay up after it ends.
	// +optional
	ScaleDownDelaySeconds *int32 `json:"scaleDownDelaySeconds,omitempty"`
}

// RolloutExperimentTemplate is one ReplicaSet of an experiment step, copied from the canary
// or the stable pod template.
type RolloutExperimentTemplate struct {
	// Name identifies the template within the Experiment.
	Name string `json:"name"`
	// SpecRef chooses the source pod template: "canary" or "stable".
	SpecRef string `json:"specRef"`
	// Replicas is the pod count (nil means 1).
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
	// Metadata is added to the ReplicaSet's pods.
	// +optional
	Metadata *RolloutPodMetadata `json:"metadata,omitempty"`
	// Selector replaces the Rollout's selector for this ReplicaSet.
	// +optional
	Selector *metav1.LabelSelector `json:"selector,omitempty"`
	// Weight is the share of traffic (percent) this ReplicaSet gets (traffic routing only).
	// +optional
	Weight *int32 `json:"weight,omitempty"`
	// Service, when set, makes the controller create a Service for this ReplicaSet.
	// +optional
	Service *ExperimentTemplateService `json:"service,omitempty"`
}

// RolloutExperimentAnalysisRef is an analysis run as part of an experiment step.
type RolloutExperimentAnalysisRef struct {
	// Name identifies this analysis within the Experiment.
	Name string `json:"name"`
	// TemplateName is the AnalysisTemplate (or ClusterAnalysisTemplate) to run.
	TemplateName string `json:"templateName"`
	// ClusterScope looks templateName up among ClusterAnalysisTemplates.
	// +optional
	ClusterScope bool `json:"clusterScope,omitempty"`
	// Args fill the template's arguments.
	// +optional
	Args []RolloutAnalysisArgument `json:"args,omitempty"`
	// RequiredForCompletion keeps the Experiment running until this analysis finishes.
	// +optional
	RequiredForCompletion bool `json:"requiredForCompletion,omitempty"`
}
