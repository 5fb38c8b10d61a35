package v1alpha1

import (
	batchv1 "k8s.io/api/batch/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// AnalysisPrometheusMetric queries a Prometheus-compatible server.
type AnalysisPrometheusMetric struct {
	// Address is the server's base URL.
	// +optional
	Address string `json:"address,omitempty"`
	// Query is the PromQL expression; {{args.*}} placeholders are filled in first.
	// +optional
	Query string `json:"query,omitempty"`
	// Authentication to the server (SigV4 for Amazon Managed Prometheus, OAuth2 or basic).
	// +optional
	Authentication *AnalysisAuthentication `json:"authentication,omitempty"`
	// Timeout of the query in seconds.
	// +optional
	Timeout *int64 `json:"timeout,omitempty"`
	// Insecure skips TLS certificate verification.
	// +optional
	Insecure bool `json:"insecure,omitempty"`
	// Headers are added to the request.
	// +optional
	Headers []AnalysisWebMetricHeader `json:"headers,omitempty"`
	// RangeQuery turns the query into a range query.
	// +optional
	RangeQuery *AnalysisPrometheusRangeQuery `json:"rangeQuery,omitempty"`
}

// AnalysisPrometheusRangeQuery is the time range and step of a Prometheus range query;
// start and end may be expressions such as "now() - duration('5m')".
type AnalysisPrometheusRangeQuery struct {
	// Start of the range.
	// +optional
	Start string `json:"start,omitempty"`
	// End of the range.
	// +optional
	End string `json:"end,omitempty"`
	// Step between samples (Go duration).
	// +optional
	Step string `json:"step,omitempty"`
}

// AnalysisAuthentication is how a metric provider authenticates.
type AnalysisAuthentication struct {
	// Sigv4 signs requests with AWS credentials.
	// +optional
	Sigv4 *AnalysisSigv4Config `json:"sigv4,omitempty"`
	// OAuth2 uses the client-credentials flow.
	// +optional
	OAuth2 *AnalysisOAuth2Config `json:"oauth2,omitempty"`
	// BasicAuth sends a user name and password.
	// +optional
	BasicAuth *AnalysisBasicAuth `json:"basicAuth,omitempty"`
}

// AnalysisSigv4Config is AWS request signing.
type AnalysisSigv4Config struct {
	// Region of the AWS endpoint.
	// +optional
	Region string `json:"region,omitempty"`
	// Profile is the AWS credentials profile.
	// +optional
	Profile string `json:"profile,omitempty"`
	// RoleARN is a role to assume.
	// +optional
	RoleARN string `json:"roleArn,omitempty"`
}

// AnalysisOAuth2Config is an OAuth2 client-credentials grant.
type AnalysisOAuth2Config struct {
	// TokenURL is the token endpoint.
	// +optional
	TokenURL string `json:"tokenUrl,omitempty"`
	// ClientID of the client.
	// +optional
	ClientID string `json:"clientId,omitempty"`
	// ClientSecret of the client (usually an {{args.*}} reference to a Secret).
	// +optional
	ClientSecret string `json:"clientSecret,omitempty"`
	// Scopes requested.
	// +optional
	Scopes []string `json:"scopes,omitempty"`
}

// AnalysisBasicAuth is HTTP basic authentication.
type AnalysisBasicAuth struct {
	// Username to send.
	// +optional
	Username string `json:"username,omitempty"`
	// Password to send (usually an {{args.*}} reference to a Secret).
	// +optional
	Password string `json:"password,omitempty"`
}

// AnalysisWebMetricHeader is one HTTP request header.
type AnalysisWebMetricHeader struct {
	// Key is the header name.
	Key string `json:"key"`
	// Value is the header value.
	Value string `json:"value"`
}

// AnalysisWebMetric calls an HTTP endpoint and evaluates the response.
type AnalysisWebMetric struct {
	// Method is the HTTP method (default GET).
	// +optional
	Method string `json:"method,omitempty"`
	// URL to call.
	URL string `json:"url"`
	// Headers added to the request.
	// +optional
	Headers []AnalysisWebMetricHeader `json:"headers,omitempty"`
	// Body is a raw request body (alternative to jsonBody).
	// +optional
	Body string `json:"body,omitempty"`
	// TimeoutSeconds is the request timeout.
	// +optional
	TimeoutSeconds int64 `json:"timeoutSeconds,omitempty"`
	// JSONPath selects the value of the response evaluated as `result`.
	// +optional
	JSONPath string `json:"jsonPath,omitempty"`
	// Insecure skips TLS certificate verification.
	// +optional
	Insecure bool `json:"insecure,omitempty"`
	// JSONBody is a JSON request body (alternative to body).
	// +optional
	// +kubebuilder:validation:Schemaless
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	JSONBody *apiextensionsv1.JSON `json:"jsonBody,omitempty"`
	// Authentication to the endpoint.
	// +optional
	Authentication *AnalysisAuthentication `json:"authentication,omitempty"`
}

// AnalysisJobMetric runs a Job per measurement: it succeeds when the Job succeeds.
type AnalysisJobMetric struct {
	// Metadata holds labels and annotations for the Job.
	// +optional
	Metadata *metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec of the Job.
	Spec batchv1.JobSpec `json:"spec"`
}

// AnalysisDatadogMetric queries Datadog.
type AnalysisDatadogMetric struct {
	// Interval is the look-back window of the query (Go duration).
	// +optional
	// +kubebuilder:default="5m"
	Interval string `json:"interval,omitempty"`
	// Query is a single query (v1 or v2 API).
	// +optional
	Query string `json:"query,omitempty"`
	// Queries are named queries combined by formula (v2 API).
	// +optional
	Queries map[string]string `json:"queries,omitempty"`
	// Formula combines the named queries (v2 API).
	// +optional
	Formula string `json:"formula,omitempty"`
	// APIVersion of the Datadog API to call.
	// +optional
	// +kubebuilder:validation:Enum=v1;v2
	// +kubebuilder:default=v1
	APIVersion string `json:"apiVersion,omitempty"`
	// Aggregator reduces the series to one value (v2 API).
	// +optional
	// +kubebuilder:validation:Enum=avg;min;max;sum;last;percentile;mean;l2norm;area
	Aggregator string `json:"aggregator,omitempty"`
	// SecretRef names the Secret with the Datadog keys.
	// +optional
	SecretRef *AnalysisDatadogSecretRef `json:"secretRef,omitempty"`
	// RequestTimeout of the API call (Go duration).
	// +optional
	// +kubebuilder:default="10s"
	RequestTimeout string `json:"requestTimeout,omitempty"`
}

// AnalysisDatadogSecretRef names the Secret holding Datadog credentials.
type AnalysisDatadogSecretRef struct {
	// Name of the Secret.
	// +optional
	Name string `json:"name,omitempty"`
	// Namespaced reads the Secret from the run's namespace instead of the controller's.
	// +optional
	Namespaced bool `json:"namespaced,omitempty"`
}

// AnalysisNewRelicMetric runs an NRQL query.
type AnalysisNewRelicMetric struct {
	// Profile is the Secret holding the account settings (default newrelic).
	// +optional
	Profile string `json:"profile,omitempty"`
	// Query is the NRQL query.
	Query string `json:"query"`
	// Timeout of the query in seconds.
	// +optional
	Timeout *int64 `json:"timeout,omitempty"`
}

// AnalysisWavefrontMetric runs a Wavefront query.
type AnalysisWavefrontMetric struct {
	// Address of the Wavefront server.
	// +optional
	Address string `json:"address,omitempty"`
	// Query to run.
	// +optional
	Query string `json:"query,omitempty"`
}

// AnalysisGraphiteMetric runs a Graphite query.
type AnalysisGraphiteMetric struct {
	// Address of the Graphite server.
	// +optional
	Address string `json:"address,omitempty"`
	// Query to run.
	// +optional
	Query string `json:"query,omitempty"`
}

// AnalysisInfluxdbMetric runs an InfluxDB Flux query.
type AnalysisInfluxdbMetric struct {
	// Profile is the Secret holding the connection settings (default influxdb).
	// +optional
	Profile string `json:"profile,omitempty"`
	// Query is the Flux query.
	// +optional
	Query string `json:"query,omitempty"`
}

// AnalysisSkyWalkingMetric runs an Apache SkyWalking query.
type AnalysisSkyWalkingMetric struct {
	// Address of the SkyWalking OAP server.
	// +optional
	Address string `json:"address,omitempty"`
	// Query is the GraphQL query.
	// +optional
	Query string `json:"query,omitempty"`
	// Interval is the query's time window (Go duration).
	// +optional
	Interval string `json:"interval,omitempty"`
}

// AnalysisKayentaMetric asks Kayenta to judge the canary against a baseline.
type AnalysisKayentaMetric struct {
	// Address of the Kayenta server.
	Address string `json:"address"`
	// Application name sent to Kayenta.
	Application string `json:"application"`
	// CanaryConfigName is the Kayenta canary configuration to use.
	CanaryConfigName string `json:"canaryConfigName"`
	// MetricsAccountName is the Kayenta metrics account.
	MetricsAccountName string `json:"metricsAccountName"`
	// ConfigurationAccountName is the Kayenta configuration account.
	ConfigurationAccountName string `json:"configurationAccountName"`
	// StorageAccountName is the Kayenta storage account.
	StorageAccountName string `json:"storageAccountName"`
	// Threshold are the pass and marginal scores.
	Threshold AnalysisKayentaThreshold `json:"threshold"`
	// Scopes compare control and experiment series.
	Scopes []AnalysisKayentaScope `json:"scopes"`
	// Lookback makes Kayenta judge the whole window rather than a sliding one.
	// +optional
	Lookback bool `json:"lookback,omitempty"`
}

// AnalysisKayentaThreshold is the score needed to pass or to be marginal.
type AnalysisKayentaThreshold struct {
	// Pass is the minimum passing score.
	Pass int64 `json:"pass"`
	// Marginal is the minimum marginal score.
	Marginal int64 `json:"marginal"`
}

// AnalysisKayentaScope is one named comparison.
type AnalysisKayentaScope struct {
	// Name of the scope.
	Name string `json:"name"`
	// ControlScope selects the baseline series.
	ControlScope AnalysisKayentaScopeDetail `json:"controlScope"`
	// ExperimentScope selects the canary series.
	ExperimentScope AnalysisKayentaScopeDetail `json:"experimentScope"`
}

// AnalysisKayentaScopeDetail selects one series for Kayenta.
type AnalysisKayentaScopeDetail struct {
	// Scope is the series selector.
	Scope string `json:"scope"`
	// Region of the series.
	Region string `json:"region"`
	// Step is the sampling step in seconds.
	Step int64 `json:"step"`
	// Start of the window.
	// +optional
	Start string `json:"start,omitempty"`
	// End of the window.
	// +optional
	End string `json:"end,omitempty"`
}

// AnalysisCloudWatchMetric runs AWS CloudWatch GetMetricData queries.
type AnalysisCloudWatchMetric struct {
	// Interval is the look-back window (Go duration, default 5m).
	// +optional
	Interval string `json:"interval,omitempty"`
	// MetricDataQueries are the queries, as in the GetMetricData API.
	MetricDataQueries []AnalysisCloudWatchMetricDataQuery `json:"metricDataQueries"`
}

// AnalysisCloudWatchMetricDataQuery is one GetMetricData query.
type AnalysisCloudWatchMetricDataQuery struct {
	// ID names the query's result.
	// +optional
	ID string `json:"id,omitempty"`
	// Expression is a math expression over other query results.
	// +optional
	Expression *string `json:"expression,omitempty"`
	// Label of the result.
	// +optional
	Label *string `json:"label,omitempty"`
	// MetricStat selects a metric and statistic.
	// +optional
	MetricStat *AnalysisCloudWatchMetricStat `json:"metricStat,omitempty"`
	// Period of the data points in seconds (number or string).
	// +optional
	Period *intstr.IntOrString `json:"period,omitempty"`
	// ReturnData says whether this query's result is returned.
	// +optional
	ReturnData *bool `json:"returnData,omitempty"`
}

// AnalysisCloudWatchMetricStat is a CloudWatch metric with a statistic.
type AnalysisCloudWatchMetricStat struct {
	// Metric to read.
	// +optional
	Metric *AnalysisCloudWatchMetricStatMetric `json:"metric,omitempty"`
	// Period of the data points in seconds (number or string).
	// +optional
	Period *intstr.IntOrString `json:"period,omitempty"`
	// Stat is the statistic, e.g. Average or p99.
	// +optional
	Stat string `json:"stat,omitempty"`
	// Unit of the values.
	// +optional
	Unit string `json:"unit,omitempty"`
}

// AnalysisCloudWatchMetricStatMetric names a CloudWatch metric.
type AnalysisCloudWatchMetricStatMetric struct {
	// Dimensions of the metric.
	// +optional
	Dimensions []AnalysisCloudWatchMetricDimension `json:"dimensions,omitempty"`
	// MetricName of the metric.
	// +optional
	MetricName string `json:"metricName,omitempty"`
	// Namespace of the metric.
	// +optional
	Namespace *string `json:"namespace,omitempty"`
}

// AnalysisCloudWatchMetricDimension is one dimension of a CloudWatch metric.
type AnalysisCloudWatchMetricDimension struct {
	// Name of the dimension.
	// +optional
	Name string `json:"name,omitempty"`
	// Value of the dimension.
	// +optional
	Value string `json:"value,omitempty"`
}
