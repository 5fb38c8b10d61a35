package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
)

// ResourceTemplate acts on one Kubernetes object (kubectl-style) and optionally waits until
// a success or failure condition holds on it.
type ResourceTemplate struct {
	// Action is what to do: get, create, apply, delete, replace or patch. It may be a
	// template expression, so it is not an enum in the schema.
	Action string `json:"action"`
	// MergeStrategy is the patch type for action patch: strategic (default), merge or json.
	// +optional
	MergeStrategy string `json:"mergeStrategy,omitempty"`
	// Manifest is the object, as YAML or JSON text (template expressions allowed).
	// +optional
	Manifest string `json:"manifest,omitempty"`
	// ManifestFrom reads the manifest from an artifact instead.
	// +optional
	ManifestFrom *ManifestFrom `json:"manifestFrom,omitempty"`
	// SetOwnerReference makes the workflow the owner of the object, so it is deleted with
	// the workflow.
	// +optional
	SetOwnerReference bool `json:"setOwnerReference,omitempty"`
	// SuccessCondition is a label-selector-style condition on the object's fields; the step
	// succeeds once it holds.
	// +optional
	SuccessCondition string `json:"successCondition,omitempty"`
	// FailureCondition fails the step once it holds.
	// +optional
	FailureCondition string `json:"failureCondition,omitempty"`
	// Flags are extra kubectl flags (e.g. --validate=false).
	// +optional
	Flags []string `json:"flags,omitempty"`
}

// ManifestFrom names the artifact holding a resource template's manifest.
type ManifestFrom struct {
	// Artifact is an input artifact of the template (or a location) holding the manifest.
	Artifact *Artifact `json:"artifact"`
}

// SuspendTemplate pauses the workflow at this node.
type SuspendTemplate struct {
	// Duration resumes automatically after this time (seconds, or a duration string such as
	// "2m"; may be a template expression). Empty waits to be resumed.
	// +optional
	Duration string `json:"duration,omitempty"`
}

// HTTP is an HTTP request made by the workflow agent, without a pod per request.
type HTTP struct {
	// Method is the HTTP method (default GET).
	// +optional
	Method string `json:"method,omitempty"`
	// URL to call.
	URL string `json:"url"`
	// Headers are sent with the request.
	// +optional
	Headers []HTTPHeader `json:"headers,omitempty"`
	// TimeoutSeconds bounds the request (default 30).
	// +optional
	TimeoutSeconds *int64 `json:"timeoutSeconds,omitempty"`
	// SuccessCondition is an expression over the response (response.statusCode, body...)
	// that decides success; by default any 2xx succeeds.
	// +optional
	SuccessCondition string `json:"successCondition,omitempty"`
	// Body is the request body as text.
	// +optional
	Body string `json:"body,omitempty"`
	// BodyFrom is the request body as bytes (base64 in JSON).
	// +optional
	BodyFrom *HTTPBodySource `json:"bodyFrom,omitempty"`
	// InsecureSkipVerify skips TLS certificate verification.
	// +optional
	InsecureSkipVerify bool `json:"insecureSkipVerify,omitempty"`
}

// HTTPHeader is one request header.
type HTTPHeader struct {
	// Name of the header.
	Name string `json:"name"`
	// Value of the header.
	// +optional
	Value string `json:"value,omitempty"`
	// ValueFrom reads the value from a Secret instead.
	// +optional
	ValueFrom *HTTPHeaderSource `json:"valueFrom,omitempty"`
}

// HTTPHeaderSource is where a header value is read from.
type HTTPHeaderSource struct {
	// SecretKeyRef reads it from a Secret key.
	// +optional
	SecretKeyRef *corev1.SecretKeySelector `json:"secretKeyRef,omitempty"`
}

// HTTPBodySource is a request body given as raw bytes.
type HTTPBodySource struct {
	// Bytes of the body (base64 encoded in JSON).
	// +optional
	Bytes []byte `json:"bytes,omitempty"`
}

// Data produces a list (e.g. of artifact keys) and transforms it with expressions; the
// result is the template's outputs.result.
type Data struct {
	// Source is where the data comes from.
	Source DataSource `json:"source"`
	// Transformation is applied to the data, step by step.
	Transformation []TransformationStep `json:"transformation"`
}

// DataSource is the source of a data template.
type DataSource struct {
	// ArtifactPaths lists the files/keys under an artifact location.
	// +optional
	ArtifactPaths *ArtifactPaths `json:"artifactPaths,omitempty"`
}

// TransformationStep is one expression applied to the data.
type TransformationStep struct {
	// Expression (expr language) transforms the data, e.g. filter(data, {# endsWith ".csv"}).
	Expression string `json:"expression"`
}
