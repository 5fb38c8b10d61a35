package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// AnalysisTemplate is a reusable, namespaced recipe of metrics that decide whether a new
// version is healthy. Rollouts and Experiments instantiate it as an AnalysisRun.
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:path=analysistemplates,scope=Namespaced,shortName=at,categories=argo;argo-rollouts
// +kubebuilder:printcolumn:name="Age",type="date",JSONPath=".metadata.creationTimestamp",description="Time since resource was created"
type AnalysisTemplate struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec holds the metrics and arguments of the template.
	Spec AnalysisTemplateSpec `json:"spec"`
}

// AnalysisTemplateList is a list of AnalysisTemplates.
//
// +kubebuilder:object:root=true
type AnalysisTemplateList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []AnalysisTemplate `json:"items"`
}

// ClusterAnalysisTemplate is an AnalysisTemplate usable from every namespace.
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:path=clusteranalysistemplates,scope=Cluster,shortName=cat,categories=argo;argo-rollouts
// +kubebuilder:printcolumn:name="Age",type="date",JSONPath=".metadata.creationTimestamp",description="Time since resource was created"
type ClusterAnalysisTemplate struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec holds the metrics and arguments of the template.
	Spec AnalysisTemplateSpec `json:"spec"`
}

// ClusterAnalysisTemplateList is a list of ClusterAnalysisTemplates.
//
// +kubebuilder:object:root=true
type ClusterAnalysisTemplateList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []ClusterAnalysisTemplate `json:"items"`
}

// AnalysisTemplateSpec is the content of an (Cluster)AnalysisTemplate. Metrics may be left out
// when the template only combines other templates.
type AnalysisTemplateSpec struct {
	// Metrics are measured, each on its own schedule, to reach a verdict.
	// +optional
	// +kubebuilder:validation:MaxItems=1000
	// +listType=map
	// +listMapKey=name
	Metrics []AnalysisMetric `json:"metrics,omitempty"`
	// Args declares the arguments the metrics refer to as {{args.NAME}}.
	// +optional
	Args []AnalysisArgument `json:"args,omitempty"`
	// DryRun lists metrics whose failures are recorded but do not fail the run.
	// +optional
	DryRun []AnalysisDryRun `json:"dryRun,omitempty"`
	// MeasurementRetention sets how many measurements are kept per metric.
	// +optional
	MeasurementRetention []AnalysisMeasurementRetention `json:"measurementRetention,omitempty"`
	// Templates pulls in the metrics and arguments of other templates.
	// +optional
	Templates []AnalysisTemplateRef `json:"templates,omitempty"`
}

// AnalysisTemplateRef names another template to include.
type AnalysisTemplateRef struct {
	// TemplateName is the template's name.
	// +optional
	TemplateName string `json:"templateName,omitempty"`
	// ClusterScope looks the name up among ClusterAnalysisTemplates.
	// +optional
	ClusterScope bool `json:"clusterScope,omitempty"`
}

// AnalysisArgument declares (in a template) or supplies (in a run or Experiment) an argument.
type AnalysisArgument struct {
	// Name of the argument.
	Name string `json:"name"`
	// Value is the literal value; in a template it is the default, and a missing value
	// must be supplied by the caller.
	// +optional
	Value *string `json:"value,omitempty"`
	// ValueFrom reads the value from a Secret or a field of the owning object instead.
	// +optional
	ValueFrom *AnalysisArgumentValueFrom `json:"valueFrom,omitempty"`
}

// AnalysisArgumentValueFrom is where an analysis argument takes its value from.
type AnalysisArgumentValueFrom struct {
	// SecretKeyRef reads a key of a Secret in the run's namespace.
	// +optional
	SecretKeyRef *AnalysisSecretKeyRef `json:"secretKeyRef,omitempty"`
	// FieldRef reads a field of the object that created the run.
	// +optional
	FieldRef *AnalysisFieldRef `json:"fieldRef,omitempty"`
}

// AnalysisSecretKeyRef names a Secret key.
type AnalysisSecretKeyRef struct {
	// Name of the Secret.
	Name string `json:"name"`
	// Key within the Secret.
	Key string `json:"key"`
}

// AnalysisFieldRef is a field path such as metadata.labels['app'].
type AnalysisFieldRef struct {
	// FieldPath is the path of the field to read.
	FieldPath string `json:"fieldPath"`
}

// AnalysisDryRun marks metrics that run without affecting the verdict.
type AnalysisDryRun struct {
	// MetricName is a metric name or a regular expression over metric names.
	MetricName string `json:"metricName"`
}

// AnalysisMeasurementRetention sets how many measurements of matching metrics are kept.
type AnalysisMeasurementRetention struct {
	// MetricName is a metric name or a regular expression over metric names.
	MetricName string `json:"metricName"`
	// Limit is the number of most recent measurements kept.
	Limit int32 `json:"limit"`
}

func init() {
	SchemeBuilder.Register(&AnalysisTemplate{}, &AnalysisTemplateList{})
	SchemeBuilder.Register(&ClusterAnalysisTemplate{}, &ClusterAnalysisTemplateList{})
}
