package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// RetryPolicy says which node failures are retried.
// +kubebuilder:validation:Enum=Always;OnFailure;OnError;OnTransientError
type RetryPolicy string

const (
	// RetryPolicyAlways retries failures and errors.
	RetryPolicyAlways RetryPolicy = "Always"
	// RetryPolicyOnFailure retries failed nodes (e.g. non-zero exit); the default.
	RetryPolicyOnFailure RetryPolicy = "OnFailure"
	// RetryPolicyOnError retries errored nodes (e.g. the pod could not run).
	RetryPolicyOnError RetryPolicy = "OnError"
	// RetryPolicyOnTransientError retries errors deemed transient (API conflicts, timeouts...).
	RetryPolicyOnTransientError RetryPolicy = "OnTransientError"
)

// RetryStrategy retries a template (or the workflow) that failed.
type RetryStrategy struct {
	// Limit is the number of retries after the first attempt (a number or a string holding
	// a number or template expression). Unset retries without limit.
	// +optional
	Limit *intstr.IntOrString `json:"limit,omitempty"`
	// RetryPolicy says which failures are retried.
	// +optional
	RetryPolicy RetryPolicy `json:"retryPolicy,omitempty"`
	// Backoff spaces the attempts out.
	// +optional
	Backoff *Backoff `json:"backoff,omitempty"`
	// Affinity steers retries away from the nodes where earlier attempts ran.
	// +optional
	Affinity *RetryAffinity `json:"affinity,omitempty"`
	// Expression must be true for a retry to happen (expr language, over lastRetry.*).
	// +optional
	Expression string `json:"expression,omitempty"`
}

// Backoff is the wait between retries: duration, multiplied by factor after each attempt,
// up to cap, and no retries past maxDuration.
type Backoff struct {
	// Duration is the first wait (seconds or a duration string such as "2m").
	// +optional
	Duration string `json:"duration,omitempty"`
	// Factor multiplies the wait after each attempt.
	// +optional
	Factor *intstr.IntOrString `json:"factor,omitempty"`
	// MaxDuration stops retrying once this much time passed since the first attempt.
	// +optional
	MaxDuration string `json:"maxDuration,omitempty"`
	// Cap is the longest single wait.
	// +optional
	Cap string `json:"cap,omitempty"`
}

// RetryAffinity steers retried pods.
type RetryAffinity struct {
	// NodeAntiAffinity avoids the nodes of earlier attempts.
	// +optional
	NodeAntiAffinity *RetryNodeAntiAffinity `json:"nodeAntiAffinity,omitempty"`
}

// RetryNodeAntiAffinity avoids nodes where the node's earlier attempts ran; it has no fields.
type RetryNodeAntiAffinity struct{}

// Metrics are Prometheus metrics emitted by a workflow or template.
type Metrics struct {
	// Prometheus lists the metrics.
	Prometheus []*Prometheus `json:"prometheus"`
}

// Prometheus is one metric. Exactly one of gauge, histogram and counter gives its type.
// +kubebuilder:validation:XValidation:rule="(has(self.gauge) ? 1 : 0) + (has(self.histogram) ? 1 : 0) + (has(self.counter) ? 1 : 0) == 1",message="a metric must set exactly one of gauge, histogram or counter"
type Prometheus struct {
	// Name of the metric (prefixed by the controller).
	Name string `json:"name"`
	// Labels are the metric's labels.
	// +optional
	Labels []*MetricLabel `json:"labels,omitempty"`
	// Help is the metric's help text.
	Help string `json:"help"`
	// When is a condition; the metric is emitted only when it is true.
	// +optional
	When string `json:"when,omitempty"`
	// Gauge makes it a gauge.
	// +optional
	Gauge *Gauge `json:"gauge,omitempty"`
	// Histogram makes it a histogram.
	// +optional
	Histogram *Histogram `json:"histogram,omitempty"`
	// Counter makes it a counter.
	// +optional
	Counter *Counter `json:"counter,omitempty"`
}

// MetricLabel is one metric label.
type MetricLabel struct {
	// Key of the label.
	Key string `json:"key"`
	// Value of the label (template expressions allowed).
	Value string `json:"value"`
}

// GaugeOperation is how a gauge's value is applied.
// +kubebuilder:validation:Enum=Set;Add;Sub
type GaugeOperation string

const (
	GaugeOperationSet GaugeOperation = "Set"
	GaugeOperationAdd GaugeOperation = "Add"
	GaugeOperationSub GaugeOperation = "Sub"
)

// Gauge is a gauge metric.
type Gauge struct {
	// Value is the number to set/add/subtract (template expressions allowed).
	Value string `json:"value"`
	// Realtime updates the gauge while the node runs, not only at its end.
	// +optional
	Realtime *bool `json:"realtime,omitempty"`
	// Operation applies value to the current value (default Set).
	// +optional
	Operation GaugeOperation `json:"operation,omitempty"`
}

// Histogram is a histogram metric.
type Histogram struct {
	// Value is the observation (template expressions allowed).
	Value string `json:"value"`
	// Buckets are the upper bounds of the buckets.
	Buckets []Amount `json:"buckets"`
}

// Counter is a counter metric.
type Counter struct {
	// Value is the increment (template expressions allowed).
	Value string `json:"value"`
}

// Synchronization lists the locks a workflow or template holds while it runs.
type Synchronization struct {
	// Mutexes are exclusive locks.
	// +optional
	Mutexes []Mutex `json:"mutexes,omitempty"`
	// Semaphores are counted locks.
	// +optional
	Semaphores []SemaphoreRef `json:"semaphores,omitempty"`
}

// Mutex is an exclusive lock identified by name (and namespace).
type Mutex struct {
	// Name of the mutex.
	// +optional
	Name string `json:"name,omitempty"`
	// Namespace of the mutex; default the workflow's.
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// Database makes it a lock shared across controllers through the sync database.
	// +optional
	Database bool `json:"database,omitempty"`
}

// SemaphoreRef points at the limit of a semaphore: a ConfigMap key, or a database entry.
type SemaphoreRef struct {
	// ConfigMapKeyRef holds the semaphore's limit.
	// +optional
	ConfigMapKeyRef *corev1.ConfigMapKeySelector `json:"configMapKeyRef,omitempty"`
	// Database names the semaphore in the sync database instead.
	// +optional
	Database *SyncDatabaseRef `json:"database,omitempty"`
	// Namespace of the ConfigMap; default the workflow's.
	// +optional
	Namespace string `json:"namespace,omitempty"`
}

// SyncDatabaseRef names a semaphore kept in the sync database.
type SyncDatabaseRef struct {
	// Key of the semaphore.
	Key string `json:"key"`
}

// Memoize caches a template's outputs.
type Memoize struct {
	// Key identifies a cache entry (usually built from inputs).
	Key string `json:"key"`
	// Cache is where entries are stored.
	Cache *Cache `json:"cache"`
	// MaxAge ignores entries older than this duration (e.g. "180s", "24h").
	MaxAge string `json:"maxAge"`
}

// Cache is a memoization store.
type Cache struct {
	// ConfigMap stores the entries, one data key per memoize key.
	ConfigMap *CacheConfigMap `json:"configMap"`
}

// CacheConfigMap names the ConfigMap of a memoization cache.
type CacheConfigMap struct {
	// Name of the ConfigMap, in the workflow's namespace.
	Name string `json:"name"`
	// Key is accepted as upstream's manifests may set it; like upstream, entries are stored
	// under memoize.key and this key is not read.
	// +optional
	Key string `json:"key,omitempty"`
}
