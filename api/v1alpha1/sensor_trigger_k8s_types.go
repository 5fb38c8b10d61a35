package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
)

// SensorK8sOperation is what a k8s trigger does with its resource.
// +kubebuilder:validation:Enum=create;update;patch;delete
type SensorK8sOperation string

const (
	// SensorK8sCreate creates the object (the default).
	SensorK8sCreate SensorK8sOperation = "create"
	// SensorK8sUpdate replaces the existing object.
	SensorK8sUpdate SensorK8sOperation = "update"
	// SensorK8sPatch patches the existing object using patchStrategy.
	SensorK8sPatch SensorK8sOperation = "patch"
	// SensorK8sDelete deletes the object.
	SensorK8sDelete SensorK8sOperation = "delete"
)

// SensorArgoWorkflowOperation is the Argo Workflows operation an argoWorkflow trigger runs.
// +kubebuilder:validation:Enum=submit;submit-from;suspend;resume;retry;resubmit;terminate;stop
type SensorArgoWorkflowOperation string

const (
	// SensorWorkflowSubmit submits the Workflow of the source (the default).
	SensorWorkflowSubmit SensorArgoWorkflowOperation = "submit"
	// SensorWorkflowSubmitFrom submits a Workflow from an existing WorkflowTemplate,
	// ClusterWorkflowTemplate or CronWorkflow.
	SensorWorkflowSubmitFrom SensorArgoWorkflowOperation = "submit-from"
	// SensorWorkflowSuspend suspends the Workflow.
	SensorWorkflowSuspend SensorArgoWorkflowOperation = "suspend"
	// SensorWorkflowResume resumes the Workflow.
	SensorWorkflowResume SensorArgoWorkflowOperation = "resume"
	// SensorWorkflowRetry retries the failed Workflow.
	SensorWorkflowRetry SensorArgoWorkflowOperation = "retry"
	// SensorWorkflowResubmit resubmits the Workflow.
	SensorWorkflowResubmit SensorArgoWorkflowOperation = "resubmit"
	// SensorWorkflowTerminate terminates the Workflow.
	SensorWorkflowTerminate SensorArgoWorkflowOperation = "terminate"
	// SensorWorkflowStop stops the Workflow (exit handlers still run).
	SensorWorkflowStop SensorArgoWorkflowOperation = "stop"
)

// SensorStandardK8STrigger applies an operation to a Kubernetes object read from Source.
type SensorStandardK8STrigger struct {
	// Source holds or points to the object's manifest.
	// +optional
	Source *SensorArtifactLocation `json:"source,omitempty"`

	// Operation applied to the object; create when empty.
	// +optional
	Operation SensorK8sOperation `json:"operation,omitempty"`

	// Parameters patch the object with values taken from events before it is applied.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`

	// PatchStrategy is the patch content type used by the patch operation
	// ("application/merge-patch+json", "application/json-patch+json",
	// "application/strategic-merge-patch+json" or "application/apply-patch+yaml").
	// +optional
	PatchStrategy string `json:"patchStrategy,omitempty"`

	// LiveObject reads the current object from the cluster (identified by the source) instead
	// of using the source manifest as is.
	// +optional
	LiveObject *bool `json:"liveObject,omitempty"`

	// LegacyGroup, LegacyVersion and LegacyResource are the group/version/resource fields of
	// old Argo Events releases (found in an upstream stress test). Current upstream ignores
	// them: the target is taken from the source manifest's apiVersion and kind. Accepted so old
	// manifests decode.
	// +optional
	LegacyGroup string `json:"group,omitempty"`
	// +optional
	LegacyVersion string `json:"version,omitempty"`
	// +optional
	LegacyResource string `json:"resource,omitempty"`
}

// SensorArgoWorkflowTrigger runs an Argo Workflows operation on the Workflow read from Source.
type SensorArgoWorkflowTrigger struct {
	// Source holds or points to the Workflow (or, for submit-from, the template or cron
	// workflow to submit from).
	// +optional
	Source *SensorArtifactLocation `json:"source,omitempty"`

	// Operation to run; submit when empty.
	// +optional
	Operation SensorArgoWorkflowOperation `json:"operation,omitempty"`

	// Parameters patch the Workflow with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`

	// Args are extra command-line arguments for the operation.
	// +optional
	// +listType=atomic
	Args []string `json:"args,omitempty"`
}

// SensorArtifactLocation says where a trigger's resource manifest comes from; set one field.
type SensorArtifactLocation struct {
	// S3 reads the manifest from an S3-compatible bucket.
	// +optional
	S3 *EventsS3Artifact `json:"s3,omitempty"`

	// Inline is the manifest as a YAML or JSON string.
	// +optional
	Inline *string `json:"inline,omitempty"`

	// File reads the manifest from a file in the Sensor pod.
	// +optional
	File *SensorFileArtifact `json:"file,omitempty"`

	// URL downloads the manifest over HTTP(S).
	// +optional
	URL *SensorURLArtifact `json:"url,omitempty"`

	// ConfigMap reads the manifest from a key of a ConfigMap.
	// +optional
	ConfigMap *SensorConfigMapArtifact `json:"configmap,omitempty"`

	// Git reads the manifest from a file of a Git repository.
	// +optional
	Git *SensorGitArtifact `json:"git,omitempty"`

	// Resource is the manifest itself as an embedded object (e.g. a whole Workflow or
	// Deployment); it is kept exactly as written.
	// +optional
	Resource *EventsResource `json:"resource,omitempty"`
}

// SensorFileArtifact is a manifest file inside the Sensor pod.
type SensorFileArtifact struct {
	// Path of the file.
	// +optional
	Path string `json:"path,omitempty"`
}

// SensorURLArtifact is a manifest downloaded from a URL.
type SensorURLArtifact struct {
	// Path is the URL to fetch.
	// +optional
	Path string `json:"path,omitempty"`

	// VerifyCert checks the server's TLS certificate.
	// +optional
	VerifyCert *bool `json:"verifyCert,omitempty"`

	// LegacyVerifyCert is the all-lowercase spelling "verifycert" used by an upstream example
	// (a case-insensitive JSON decoder maps it to verifyCert). Accepted so such manifests
	// decode; Skiff treats it as verifyCert. Set only one of the two.
	// +optional
	LegacyVerifyCert *bool `json:"verifycert,omitempty"`
}

// SensorConfigMapArtifact is a manifest stored under a key of a ConfigMap in the Sensor's
// namespace.
type SensorConfigMapArtifact struct {
	corev1.ConfigMapKeySelector `json:",inline"`

	// LegacyNamespace is a field of old Argo Events releases (found in an upstream tutorial).
	// Current upstream ignores it and reads the ConfigMap from the Sensor's namespace.
	// Accepted so old manifests decode.
	// +optional
	LegacyNamespace string `json:"namespace,omitempty"`
}

// SensorGitArtifact is a manifest file in a Git repository.
type SensorGitArtifact struct {
	// URL of the repository.
	// +optional
	URL string `json:"url,omitempty"`

	// CloneDirectory is where the repository is cloned inside the Sensor pod.
	// +optional
	CloneDirectory string `json:"cloneDirectory,omitempty"`

	// Creds are username/password credentials for HTTPS access.
	// +optional
	Creds *SensorGitCreds `json:"creds,omitempty"`

	// SSHKeySecret holds the private key for SSH access.
	// +optional
	SSHKeySecret *corev1.SecretKeySelector `json:"sshKeySecret,omitempty"`

	// FilePath of the manifest inside the repository.
	// +optional
	FilePath string `json:"filePath,omitempty"`

	// Branch to check out.
	// +optional
	Branch string `json:"branch,omitempty"`

	// Tag to check out.
	// +optional
	Tag string `json:"tag,omitempty"`

	// Ref (a git reference) to check out.
	// +optional
	Ref string `json:"ref,omitempty"`

	// Remote fetches from an additional remote.
	// +optional
	Remote *SensorGitRemoteConfig `json:"remote,omitempty"`

	// InsecureIgnoreHostKey skips SSH host key verification.
	// +optional
	InsecureIgnoreHostKey *bool `json:"insecureIgnoreHostKey,omitempty"`

	// GitHubApp authenticates as a GitHub App installation.
	// +optional
	GitHubApp *SensorGitHubAppCreds `json:"githubApp,omitempty"`

	// LegacySSHKeyPath and LegacyNamespace are fields of old Argo Events releases (found in an
	// upstream tutorial); current upstream ignores them (use sshKeySecret). Accepted so old
	// manifests decode.
	// +optional
	LegacySSHKeyPath string `json:"sshKeyPath,omitempty"`
	// +optional
	LegacyNamespace string `json:"namespace,omitempty"`
}

// SensorGitCreds are Secret references for Git username/password authentication.
type SensorGitCreds struct {
	// Username secret key.
	// +optional
	Username *corev1.SecretKeySelector `json:"username,omitempty"`

	// Password (or token) secret key.
	// +optional
	Password *corev1.SecretKeySelector `json:"password,omitempty"`
}

// SensorGitRemoteConfig is an extra Git remote to fetch from.
type SensorGitRemoteConfig struct {
	// Name of the remote.
	// +optional
	Name string `json:"name,omitempty"`

	// URLs of the remote.
	// +optional
	// +listType=atomic
	URLs []string `json:"urls,omitempty"`
}

// SensorGitHubAppCreds authenticate Git access as a GitHub App installation.
type SensorGitHubAppCreds struct {
	// PrivateKey secret key of the App.
	// +optional
	PrivateKey *corev1.SecretKeySelector `json:"privateKey,omitempty"`

	// AppID of the GitHub App.
	// +optional
	AppID int64 `json:"appID,omitempty"`

	// InstallationID of the App installation.
	// +optional
	InstallationID int64 `json:"installationID,omitempty"`
}
