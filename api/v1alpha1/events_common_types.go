package v1alpha1

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Types shared by the Argo Events kinds (EventSource, Sensor, EventBus).

// EventsAmount is a decimal number kept exactly as written (e.g. a backoff factor of 1.5),
// so that encoding it again never changes its digits.
// +kubebuilder:validation:Type=number
type EventsAmount struct {
	// Value holds the JSON number text.
	Value []byte `json:"-"`
}

// NewEventsAmount returns an amount holding the given number text.
func NewEventsAmount(s string) EventsAmount {
	return EventsAmount{Value: []byte(s)}
}

// UnmarshalJSON keeps the number text; anything but a JSON number is an error.
func (a *EventsAmount) UnmarshalJSON(data []byte) error {
	trimmed := bytes.TrimSpace(data)
	if !json.Valid(trimmed) || len(trimmed) == 0 || (trimmed[0] != '-' && (trimmed[0] < '0' || trimmed[0] > '9')) {
		return fmt.Errorf("amount must be a JSON number, got %s", string(data))
	}
	a.Value = append([]byte(nil), trimmed...)
	return nil
}

// MarshalJSON writes the number text back unchanged (0 when empty).
func (a EventsAmount) MarshalJSON() ([]byte, error) {
	if len(a.Value) == 0 {
		return []byte("0"), nil
	}
	return a.Value, nil
}

// Float64 parses the amount.
func (a EventsAmount) Float64() (float64, error) {
	return strconv.ParseFloat(string(a.Value), 64)
}

// EventsInt64OrStringType says which of the two forms an EventsInt64OrString holds.
type EventsInt64OrStringType int

const (
	// EventsInt64 marks an integer value.
	EventsInt64 EventsInt64OrStringType = iota
	// EventsString marks a string value.
	EventsString
)

// EventsInt64OrString holds either a 64-bit integer or a string (e.g. a duration given in
// nanoseconds or as "10s"), and encodes back to the form it was read from.
// +kubebuilder:validation:XIntOrString
// +kubebuilder:validation:Type=""
type EventsInt64OrString struct {
	Type     EventsInt64OrStringType `json:"-"`
	Int64Val int64                   `json:"-"`
	StrVal   string                  `json:"-"`
}

// EventsInt64OrStringFromInt64 returns an integer value.
func EventsInt64OrStringFromInt64(v int64) EventsInt64OrString {
	return EventsInt64OrString{Type: EventsInt64, Int64Val: v}
}

// EventsInt64OrStringFromString returns a string value.
func EventsInt64OrStringFromString(v string) EventsInt64OrString {
	return EventsInt64OrString{Type: EventsString, StrVal: v}
}

// UnmarshalJSON accepts a JSON string or a JSON integer.
func (v *EventsInt64OrString) UnmarshalJSON(data []byte) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '"' {
		v.Type = EventsString
		v.Int64Val = 0
		return json.Unmarshal(trimmed, &v.StrVal)
	}
	v.Type = EventsInt64
	v.StrVal = ""
	return json.Unmarshal(trimmed, &v.Int64Val)
}

// MarshalJSON writes the value in the form it holds.
func (v EventsInt64OrString) MarshalJSON() ([]byte, error) {
	if v.Type == EventsString {
		return json.Marshal(v.StrVal)
	}
	return json.Marshal(v.Int64Val)
}

// String renders the value as text.
func (v EventsInt64OrString) String() string {
	if v.Type == EventsString {
		return v.StrVal
	}
	return strconv.FormatInt(v.Int64Val, 10)
}

// EventsResource is an arbitrary JSON object (typically a Kubernetes manifest), kept
// byte for byte.
// +kubebuilder:validation:Type=object
// +kubebuilder:pruning:PreserveUnknownFields
type EventsResource struct {
	// Value holds the raw JSON document.
	Value []byte `json:"-"`
}

// UnmarshalJSON keeps the raw document.
func (r *EventsResource) UnmarshalJSON(data []byte) error {
	r.Value = append([]byte(nil), bytes.TrimSpace(data)...)
	return nil
}

// MarshalJSON writes the raw document back (null when empty).
func (r EventsResource) MarshalJSON() ([]byte, error) {
	if len(r.Value) == 0 {
		return []byte("null"), nil
	}
	return r.Value, nil
}

// EventsBackoff says how to retry a failing operation.
type EventsBackoff struct {
	// Duration is the first wait: nanoseconds, or a duration string such as "10s".
	// +optional
	Duration *EventsInt64OrString `json:"duration,omitempty"`
	// Factor multiplies the wait after each attempt.
	// +optional
	Factor *EventsAmount `json:"factor,omitempty"`
	// Jitter is the random fraction added to each wait.
	// +optional
	Jitter *EventsAmount `json:"jitter,omitempty"`
	// Steps is the number of attempts before giving up.
	// +optional
	Steps *int32 `json:"steps,omitempty"`
}

// EventsTLSConfig configures a TLS client connection.
type EventsTLSConfig struct {
	// CACertSecret is the secret key holding the CA certificate.
	// +optional
	CACertSecret *corev1.SecretKeySelector `json:"caCertSecret,omitempty"`
	// ClientCertSecret is the secret key holding the client certificate.
	// +optional
	ClientCertSecret *corev1.SecretKeySelector `json:"clientCertSecret,omitempty"`
	// ClientKeySecret is the secret key holding the client private key.
	// +optional
	ClientKeySecret *corev1.SecretKeySelector `json:"clientKeySecret,omitempty"`
	// InsecureSkipVerify turns off server certificate checks.
	// +optional
	InsecureSkipVerify *bool `json:"insecureSkipVerify,omitempty"`
	// Enabled turns TLS on even when no certificate is given.
	// +optional
	Enabled *bool `json:"enabled,omitempty"`
}

// EventsSASLConfig configures SASL authentication (Kafka).
type EventsSASLConfig struct {
	// Mechanism is the SASL mechanism, e.g. PLAIN, OAUTHBEARER, SCRAM-SHA-256, SCRAM-SHA-512.
	// +optional
	Mechanism string `json:"mechanism,omitempty"`
	// UserSecret is the secret key holding the user name.
	// +optional
	UserSecret *corev1.SecretKeySelector `json:"userSecret,omitempty"`
	// PasswordSecret is the secret key holding the password.
	// +optional
	PasswordSecret *corev1.SecretKeySelector `json:"passwordSecret,omitempty"`
}

// EventsBasicAuth holds user name and password references for basic authentication.
type EventsBasicAuth struct {
	// Username is the secret key holding the user name.
	// +optional
	Username *corev1.SecretKeySelector `json:"username,omitempty"`
	// Password is the secret key holding the password.
	// +optional
	Password *corev1.SecretKeySelector `json:"password,omitempty"`
}

// EventsSecureHeader is a request header whose value comes from a secret or config map.
type EventsSecureHeader struct {
	// Name is the header name.
	// +optional
	Name string `json:"name,omitempty"`
	// ValueFrom says where the header value is read from.
	// +optional
	ValueFrom *EventsValueFromSource `json:"valueFrom,omitempty"`
}

// EventsValueFromSource points at a secret key or a config map key.
type EventsValueFromSource struct {
	// SecretKeyRef reads the value from a secret key.
	// +optional
	SecretKeyRef *corev1.SecretKeySelector `json:"secretKeyRef,omitempty"`
	// ConfigMapKeyRef reads the value from a config map key.
	// +optional
	ConfigMapKeyRef *corev1.ConfigMapKeySelector `json:"configMapKeyRef,omitempty"`
}

// EventsS3Artifact describes an S3-compatible bucket (Minio event source, Sensor artifacts).
type EventsS3Artifact struct {
	// Endpoint is the S3 service host[:port].
	// +optional
	Endpoint string `json:"endpoint,omitempty"`
	// Bucket is the bucket (and optional key) to use.
	// +optional
	Bucket *EventsS3Bucket `json:"bucket,omitempty"`
	// Region is the bucket region.
	// +optional
	Region string `json:"region,omitempty"`
	// Insecure connects without TLS.
	// +optional
	Insecure *bool `json:"insecure,omitempty"`
	// AccessKey is the secret key holding the access key id.
	// +optional
	AccessKey *corev1.SecretKeySelector `json:"accessKey,omitempty"`
	// SecretKey is the secret key holding the secret access key.
	// +optional
	SecretKey *corev1.SecretKeySelector `json:"secretKey,omitempty"`
	// Events lists the bucket notification types to listen to (e.g. s3:ObjectCreated:Put).
	// +optional
	Events []string `json:"events,omitempty"`
	// Filter restricts notifications by object key.
	// +optional
	Filter *EventsS3Filter `json:"filter,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// CACertificate is the secret key holding a CA certificate for the endpoint.
	// +optional
	CACertificate *corev1.SecretKeySelector `json:"caCertificate,omitempty"`
}

// EventsS3Bucket names a bucket and optionally an object key in it.
type EventsS3Bucket struct {
	// Key is the object key.
	// +optional
	Key string `json:"key,omitempty"`
	// Name is the bucket name.
	// +optional
	Name string `json:"name,omitempty"`
}

// EventsS3Filter restricts bucket notifications to object keys with a prefix and suffix.
type EventsS3Filter struct {
	// Prefix the object key must start with.
	// +optional
	Prefix string `json:"prefix,omitempty"`
	// Suffix the object key must end with.
	// +optional
	Suffix string `json:"suffix,omitempty"`
}

// EventsMetadata holds labels and annotations added to generated objects (pods, services).
type EventsMetadata struct {
	// Annotations to add.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
	// Labels to add.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
}

// EventsStatus is the status shared by the Argo Events kinds: a list of conditions.
type EventsStatus struct {
	// Conditions are the latest observations of the object's state, one per type.
	// +optional
	// +listType=map
	// +listMapKey=type
	Conditions []EventsCondition `json:"conditions,omitempty"`
}

// EventsCondition is one observation of an object's state.
type EventsCondition struct {
	// Type of the condition, e.g. Deployed, SourcesProvided, Ready.
	Type string `json:"type"`
	// Status is True, False or Unknown.
	Status corev1.ConditionStatus `json:"status"`
	// LastTransitionTime is when the status last changed.
	// +optional
	LastTransitionTime *metav1.Time `json:"lastTransitionTime,omitempty"`
	// Reason is a short machine-readable cause of the last change.
	// +optional
	Reason string `json:"reason,omitempty"`
	// Message explains the last change for humans.
	// +optional
	Message string `json:"message,omitempty"`
}

// EventsTemplate customises the pod that runs an EventSource or a Sensor.
type EventsTemplate struct {
	// Metadata adds labels and annotations to the pod.
	// +optional
	Metadata *EventsMetadata `json:"metadata,omitempty"`
	// ServiceAccountName is the service account the pod runs as.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
	// Container customises the main container.
	// +optional
	Container *EventsContainer `json:"container,omitempty"`
	// Volumes are added to the pod, to be mounted by the container.
	// +optional
	// +listType=atomic
	Volumes []corev1.Volume `json:"volumes,omitempty"`
	// SecurityContext is the pod security context.
	// +optional
	SecurityContext *corev1.PodSecurityContext `json:"securityContext,omitempty"`
	// NodeSelector restricts the nodes the pod may run on.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// Tolerations of the pod.
	// +optional
	// +listType=atomic
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`
	// ImagePullSecrets used to pull the pod images.
	// +optional
	// +listType=atomic
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`
	// PriorityClassName is the pod priority class.
	// +optional
	PriorityClassName string `json:"priorityClassName,omitempty"`
	// Priority is the pod priority value.
	// +optional
	Priority *int32 `json:"priority,omitempty"`
	// Affinity is the pod scheduling affinity.
	// +optional
	Affinity *corev1.Affinity `json:"affinity,omitempty"`
}

// EventsContainer customises the main container of an EventSource or Sensor pod.
type EventsContainer struct {
	// Resources requested and limited for the container.
	// +optional
	Resources *corev1.ResourceRequirements `json:"resources,omitempty"`
	// ImagePullPolicy of the container image.
	// +optional
	ImagePullPolicy corev1.PullPolicy `json:"imagePullPolicy,omitempty"`
	// SecurityContext of the container.
	// +optional
	SecurityContext *corev1.SecurityContext `json:"securityContext,omitempty"`
	// VolumeMounts added to the container.
	// +optional
	// +listType=atomic
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts,omitempty"`
	// Env variables added to the container.
	// +optional
	// +listType=atomic
	Env []corev1.EnvVar `json:"env,omitempty"`
	// EnvFrom sources added to the container.
	// +optional
	// +listType=atomic
	EnvFrom []corev1.EnvFromSource `json:"envFrom,omitempty"`
}
