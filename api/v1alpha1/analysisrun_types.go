package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// AnalysisRun is one execution of a set of metrics, usually created by a Rollout or an
// Experiment from AnalysisTemplates. Its phase is the verdict the owner acts on.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:path=analysisruns,scope=Namespaced,shortName=ar,categories=argo;argo-rollouts
// +kubebuilder:printcolumn:name="Status",type="string",JSONPath=".status.phase",description="AnalysisRun status"
// +kubebuilder:printcolumn:name="Age",type="date",JSONPath=".metadata.creationTimestamp",description="Time since resource was created"
type AnalysisRun struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec holds the resolved metrics and arguments.
	Spec AnalysisRunSpec `json:"spec"`
	// Status holds the measurements and the verdict.
	// +optional
	Status AnalysisRunStatus `json:"status,omitempty,omitzero"`
}

// AnalysisRunList is a list of AnalysisRuns.
//
// +kubebuilder:object:root=true
type AnalysisRunList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []AnalysisRun `json:"items"`
}

// AnalysisRunSpec is what an AnalysisRun measures.
type AnalysisRunSpec struct {
	// Metrics to measure.
	// +kubebuilder:validation:MaxItems=1000
	// +listType=map
	// +listMapKey=name
	Metrics []AnalysisMetric `json:"metrics"`
	// Args are the argument values the metrics use.
	// +optional
	Args []AnalysisArgument `json:"args,omitempty"`
	// Terminate stops the run early; running measurements are cancelled and the run ends
	// with the verdict reached so far.
	// +optional
	Terminate bool `json:"terminate,omitempty"`
	// DryRun lists metrics whose failures are recorded but do not fail the run.
	// +optional
	DryRun []AnalysisDryRun `json:"dryRun,omitempty"`
	// MeasurementRetention sets how many measurements are kept per metric.
	// +optional
	MeasurementRetention []AnalysisMeasurementRetention `json:"measurementRetention,omitempty"`
	// TTLStrategy deletes the run some time after it finishes.
	// +optional
	TTLStrategy *AnalysisTTLStrategy `json:"ttlStrategy,omitempty"`
}

// AnalysisTTLStrategy sets how long a finished AnalysisRun is kept.
type AnalysisTTLStrategy struct {
	// SecondsAfterCompletion applies whatever the outcome.
	// +optional
	SecondsAfterCompletion *int32 `json:"secondsAfterCompletion,omitempty"`
	// SecondsAfterSuccess applies when the run succeeded.
	// +optional
	SecondsAfterSuccess *int32 `json:"secondsAfterSuccess,omitempty"`
	// SecondsAfterFailure applies when the run failed or errored.
	// +optional
	SecondsAfterFailure *int32 `json:"secondsAfterFailure,omitempty"`
}

// AnalysisRunStatus is the progress and verdict of an AnalysisRun.
type AnalysisRunStatus struct {
	// Phase is Pending, Running, Successful, Failed, Error or Inconclusive.
	Phase string `json:"phase"`
	// Message explains the phase.
	// +optional
	Message string `json:"message,omitempty"`
	// MetricResults holds the per-metric counters and recent measurements.
	// +optional
	MetricResults []AnalysisMetricResult `json:"metricResults,omitempty"`
	// StartedAt is when the run began.
	// +optional
	StartedAt *metav1.Time `json:"startedAt,omitempty"`
	// CompletedAt is when the run reached its verdict.
	// +optional
	CompletedAt *metav1.Time `json:"completedAt,omitempty"`
	// RunSummary counts metrics by outcome.
	// +optional
	RunSummary *AnalysisRunSummary `json:"runSummary,omitempty"`
	// DryRunSummary counts dry-run metrics by outcome.
	// +optional
	DryRunSummary *AnalysisRunSummary `json:"dryRunSummary,omitempty"`
	// ObservedGeneration is the metadata.generation the controller last acted on (a Skiff
	// addition).
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// AnalysisRunSummary counts metrics by outcome.
type AnalysisRunSummary struct {
	// Count is the number of metrics.
	// +optional
	Count int32 `json:"count,omitempty"`
	// Successful metrics.
	// +optional
	Successful int32 `json:"successful,omitempty"`
	// Failed metrics.
	// +optional
	Failed int32 `json:"failed,omitempty"`
	// Inconclusive metrics.
	// +optional
	Inconclusive int32 `json:"inconclusive,omitempty"`
	// Error metrics.
	// +optional
	Error int32 `json:"error,omitempty"`
}

// AnalysisMetricResult is the state of one metric of a run.
type AnalysisMetricResult struct {
	// Name of the metric.
	Name string `json:"name"`
	// Phase of the metric.
	Phase string `json:"phase"`
	// Measurements are the most recent measurements.
	// +optional
	Measurements []AnalysisMeasurement `json:"measurements,omitempty"`
	// Message explains the phase (e.g. the last error).
	// +optional
	Message string `json:"message,omitempty"`
	// Count is the number of measurements taken without error.
	// +optional
	Count int32 `json:"count,omitempty"`
	// Successful measurements.
	// +optional
	Successful int32 `json:"successful,omitempty"`
	// Failed measurements.
	// +optional
	Failed int32 `json:"failed,omitempty"`
	// Inconclusive measurements.
	// +optional
	Inconclusive int32 `json:"inconclusive,omitempty"`
	// Error is the number of measurements that errored.
	// +optional
	Error int32 `json:"error,omitempty"`
	// ConsecutiveError is the current run of errors in a row.
	// +optional
	ConsecutiveError int32 `json:"consecutiveError,omitempty"`
	// ConsecutiveSuccess is the current run of successes in a row.
	// +optional
	ConsecutiveSuccess int32 `json:"consecutiveSuccess,omitempty"`
	// DryRun is true when the metric ran in dry-run mode.
	// +optional
	DryRun bool `json:"dryRun,omitempty"`
	// Metadata is provider state kept between measurements (e.g. the resolved query).
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
}

// AnalysisMeasurement is one measurement of a metric.
type AnalysisMeasurement struct {
	// Phase of the measurement.
	Phase string `json:"phase"`
	// Message explains the phase (e.g. an error).
	// +optional
	Message string `json:"message,omitempty"`
	// StartedAt is when the measurement began.
	// +optional
	StartedAt *metav1.Time `json:"startedAt,omitempty"`
	// FinishedAt is when the value was collected.
	// +optional
	FinishedAt *metav1.Time `json:"finishedAt,omitempty"`
	// Value is the measured value as text.
	// +optional
	Value string `json:"value,omitempty"`
	// Metadata is provider data about this measurement (e.g. the Job name).
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// ResumeAt is when a measurement in progress is checked again.
	// +optional
	ResumeAt *metav1.Time `json:"resumeAt,omitempty"`
}

func init() {
	SchemeBuilder.Register(&AnalysisRun{}, &AnalysisRunList{})
}
