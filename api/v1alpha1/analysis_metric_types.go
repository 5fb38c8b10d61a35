package v1alpha1

import (
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// AnalysisMetric is one measurement taken repeatedly by an AnalysisRun, with the rules that
// turn measurements into a verdict.
type AnalysisMetric struct {
	// Name identifies the metric within the run.
	Name string `json:"name"`
	// Interval between measurements (Go duration, e.g. "5m"). Empty takes one measurement
	// (or count measurements back to back).
	// +optional
	Interval string `json:"interval,omitempty"`
	// InitialDelay waits this long (Go duration) before the first measurement.
	// +optional
	InitialDelay string `json:"initialDelay,omitempty"`
	// Count is how many measurements to take; with only interval set the metric runs until
	// the run is terminated.
	// +optional
	Count *intstr.IntOrString `json:"count,omitempty"`
	// SuccessCondition is an expression over `result` that marks a measurement successful.
	// +optional
	SuccessCondition string `json:"successCondition,omitempty"`
	// FailureCondition is an expression over `result` that marks a measurement failed.
	// +optional
	FailureCondition string `json:"failureCondition,omitempty"`
	// FailureLimit is how many failed measurements are tolerated before the metric fails
	// (default 0; -1 disables).
	// +optional
	FailureLimit *intstr.IntOrString `json:"failureLimit,omitempty"`
	// InconclusiveLimit is how many inconclusive measurements are tolerated before the
	// metric is inconclusive (default 0).
	// +optional
	InconclusiveLimit *intstr.IntOrString `json:"inconclusiveLimit,omitempty"`
	// ConsecutiveErrorLimit is how many errors in a row are tolerated before the metric
	// errors (default 4).
	// +optional
	ConsecutiveErrorLimit *intstr.IntOrString `json:"consecutiveErrorLimit,omitempty"`
	// ConsecutiveSuccessLimit, when set, makes the metric succeed after this many
	// successes in a row.
	// +optional
	ConsecutiveSuccessLimit *intstr.IntOrString `json:"consecutiveSuccessLimit,omitempty"`
	// Provider is the system queried for each measurement.
	Provider AnalysisMetricProvider `json:"provider"`
}

// AnalysisMetricProvider is the source of a metric's measurements; exactly one is set.
//
// +kubebuilder:validation:XValidation:rule="(has(self.prometheus) ? 1 : 0) + (has(self.kayenta) ? 1 : 0) + (has(self.web) ? 1 : 0) + (has(self.datadog) ? 1 : 0) + (has(self.wavefront) ? 1 : 0) + (has(self.newRelic) ? 1 : 0) + (has(self.job) ? 1 : 0) + (has(self.cloudWatch) ? 1 : 0) + (has(self.graphite) ? 1 : 0) + (has(self.influxdb) ? 1 : 0) + (has(self.skywalking) ? 1 : 0) + (has(self.plugin) ? 1 : 0) == 1",message="metrics[].provider must set exactly one provider"
type AnalysisMetricProvider struct {
	// Prometheus runs a PromQL query.
	// +optional
	Prometheus *AnalysisPrometheusMetric `json:"prometheus,omitempty"`
	// Kayenta runs a Kayenta canary judgement.
	// +optional
	Kayenta *AnalysisKayentaMetric `json:"kayenta,omitempty"`
	// Web calls an HTTP endpoint and reads a JSON value.
	// +optional
	Web *AnalysisWebMetric `json:"web,omitempty"`
	// Datadog runs a Datadog metrics query.
	// +optional
	Datadog *AnalysisDatadogMetric `json:"datadog,omitempty"`
	// Wavefront runs a Wavefront query.
	// +optional
	Wavefront *AnalysisWavefrontMetric `json:"wavefront,omitempty"`
	// NewRelic runs an NRQL query.
	// +optional
	NewRelic *AnalysisNewRelicMetric `json:"newRelic,omitempty"`
	// Job runs a Kubernetes Job; its success or failure is the measurement.
	// +optional
	Job *AnalysisJobMetric `json:"job,omitempty"`
	// CloudWatch runs AWS CloudWatch metric data queries.
	// +optional
	CloudWatch *AnalysisCloudWatchMetric `json:"cloudWatch,omitempty"`
	// Graphite runs a Graphite query.
	// +optional
	Graphite *AnalysisGraphiteMetric `json:"graphite,omitempty"`
	// Influxdb runs an InfluxDB (Flux) query.
	// +optional
	Influxdb *AnalysisInfluxdbMetric `json:"influxdb,omitempty"`
	// SkyWalking runs an Apache SkyWalking GraphQL query.
	// +optional
	SkyWalking *AnalysisSkyWalkingMetric `json:"skywalking,omitempty"`
	// Plugin hands the measurement to a metric plugin, keyed by plugin name; the value is
	// passed to the plugin unchanged.
	// +optional
	// +kubebuilder:validation:Schemaless
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	Plugin map[string]apiextensionsv1.JSON `json:"plugin,omitempty"`
}
