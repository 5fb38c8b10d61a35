package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
)

// Artifact storage drivers. Each XArtifact is one entry of ArtifactLocation; the bucket-like
// parts shared with the artifact-repositories ConfigMap (XArtifactRepository) are separate
// inline structs so both shapes stay identical.

// S3Bucket holds the connection and credential settings of an S3-compatible store.
type S3Bucket struct {
	// Endpoint is the host[:port] of the S3 service (no scheme).
	// +optional
	Endpoint string `json:"endpoint,omitempty"`

	// Bucket is the bucket name.
	// +optional
	Bucket string `json:"bucket,omitempty"`

	// Region is the bucket's region (some providers need it for signing).
	// +optional
	Region string `json:"region,omitempty"`

	// Insecure talks plain HTTP instead of HTTPS. A pointer so an explicit false survives.
	// +optional
	Insecure *bool `json:"insecure,omitempty"`

	// AccessKeySecret is the Secret key holding the access key ID.
	// +optional
	AccessKeySecret *corev1.SecretKeySelector `json:"accessKeySecret,omitempty"`

	// SecretKeySecret is the Secret key holding the secret access key.
	// +optional
	SecretKeySecret *corev1.SecretKeySelector `json:"secretKeySecret,omitempty"`

	// SessionTokenSecret is the Secret key holding a session token for temporary credentials.
	// +optional
	SessionTokenSecret *corev1.SecretKeySelector `json:"sessionTokenSecret,omitempty"`

	// RoleARN is an IAM role to assume for the S3 calls.
	// +optional
	RoleARN string `json:"roleARN,omitempty"`

	// UseSDKCreds takes credentials from the AWS SDK default chain (IRSA, instance profile...)
	// instead of the secrets above.
	// +optional
	UseSDKCreds bool `json:"useSDKCreds,omitempty"`

	// CreateBucketIfNotPresent creates the bucket on first upload when it does not exist.
	// +optional
	CreateBucketIfNotPresent *CreateS3BucketOptions `json:"createBucketIfNotPresent,omitempty"`

	// EncryptionOptions configures server-side encryption of uploaded objects.
	// +optional
	EncryptionOptions *S3EncryptionOptions `json:"encryptionOptions,omitempty"`

	// CASecret is the Secret key holding a PEM CA bundle to trust for the endpoint.
	// +optional
	CASecret *corev1.SecretKeySelector `json:"caSecret,omitempty"`

	// AddressingStyle forces "path" or "virtual-hosted" bucket addressing; empty lets the
	// client choose.
	// +optional
	AddressingStyle string `json:"addressingStyle,omitempty"`
}

// CreateS3BucketOptions are the settings used when a missing bucket is created.
type CreateS3BucketOptions struct {
	// ObjectLocking enables S3 object lock on the new bucket.
	// +optional
	ObjectLocking bool `json:"objectLocking,omitempty"`
}

// S3EncryptionOptions configures server-side encryption (SSE-KMS, SSE-S3 or SSE-C).
type S3EncryptionOptions struct {
	// KmsKeyId is the KMS key used for SSE-KMS.
	// +optional
	KmsKeyId string `json:"kmsKeyId,omitempty"`

	// KmsEncryptionContext is a JSON object of extra context passed to KMS.
	// +optional
	KmsEncryptionContext string `json:"kmsEncryptionContext,omitempty"`

	// EnableEncryption turns on SSE-S3 when no KMS key is given.
	// +optional
	EnableEncryption bool `json:"enableEncryption,omitempty"`

	// ServerSideCustomerKeySecret is the Secret key holding a customer-provided key (SSE-C).
	// +optional
	ServerSideCustomerKeySecret *corev1.SecretKeySelector `json:"serverSideCustomerKeySecret,omitempty"`
}

// S3Artifact is an object (or prefix) in an S3-compatible store.
type S3Artifact struct {
	S3Bucket `json:",inline"`

	// Key is the object key (or key prefix for directories).
	// +optional
	Key string `json:"key,omitempty"`
}

// GitArtifact checks out a git repository as an input artifact.
type GitArtifact struct {
	// Repo is the clone URL.
	Repo string `json:"repo"`

	// Revision is the commit, tag or branch to check out.
	// +optional
	Revision string `json:"revision,omitempty"`

	// Depth makes the clone shallow with that many commits.
	// +kubebuilder:validation:Minimum=0
	// +optional
	Depth *int64 `json:"depth,omitempty"`

	// Fetch lists extra refspecs to fetch before the checkout.
	// +optional
	Fetch []string `json:"fetch,omitempty"`

	// UsernameSecret is the Secret key holding the HTTP(S) user name.
	// +optional
	UsernameSecret *corev1.SecretKeySelector `json:"usernameSecret,omitempty"`

	// PasswordSecret is the Secret key holding the HTTP(S) password or token.
	// +optional
	PasswordSecret *corev1.SecretKeySelector `json:"passwordSecret,omitempty"`

	// SSHPrivateKeySecret is the Secret key holding an SSH private key.
	// +optional
	SSHPrivateKeySecret *corev1.SecretKeySelector `json:"sshPrivateKeySecret,omitempty"`

	// InsecureIgnoreHostKey skips SSH host-key verification.
	// +optional
	InsecureIgnoreHostKey bool `json:"insecureIgnoreHostKey,omitempty"`

	// DisableSubmodules skips submodule checkout.
	// +optional
	DisableSubmodules bool `json:"disableSubmodules,omitempty"`

	// SingleBranch fetches only the branch named by Branch.
	// +optional
	SingleBranch bool `json:"singleBranch,omitempty"`

	// Branch is the branch to fetch when SingleBranch is set.
	// +optional
	Branch string `json:"branch,omitempty"`

	// InsecureSkipTLS skips TLS verification of an HTTPS remote.
	// +optional
	InsecureSkipTLS bool `json:"insecureSkipTLS,omitempty"`
}

// HTTPArtifact downloads an input artifact from (or uploads an output to) a URL.
type HTTPArtifact struct {
	// URL is the artifact's address.
	URL string `json:"url"`

	// Headers are sent with every request.
	// +optional
	Headers []Header `json:"headers,omitempty"`

	// Auth configures client authentication.
	// +optional
	Auth *HTTPAuth `json:"auth,omitempty"`

	// SaveStreamViaFile buffers an upload in a temporary file so the body can be sent again
	// after a 307/308 redirect.
	// +optional
	SaveStreamViaFile bool `json:"saveStreamViaFile,omitempty"`
}

// Header is one HTTP header sent when fetching an HTTP artifact.
type Header struct {
	// Name is the header name.
	Name string `json:"name"`
	// Value is the header value.
	Value string `json:"value"`
}

// HTTPAuth selects how an HTTP artifact request authenticates; set one method.
type HTTPAuth struct {
	// ClientCert authenticates with a TLS client certificate.
	// +optional
	ClientCert *ClientCertAuth `json:"clientCert,omitempty"`

	// OAuth2 obtains a bearer token with the client-credentials flow.
	// +optional
	OAuth2 *OAuth2Auth `json:"oauth2,omitempty"`

	// BasicAuth sends a user name and password.
	// +optional
	BasicAuth *BasicAuth `json:"basicAuth,omitempty"`
}

// BasicAuth is HTTP basic authentication taken from Secrets.
type BasicAuth struct {
	// UsernameSecret is the Secret key holding the user name.
	// +optional
	UsernameSecret *corev1.SecretKeySelector `json:"usernameSecret,omitempty"`
	// PasswordSecret is the Secret key holding the password.
	// +optional
	PasswordSecret *corev1.SecretKeySelector `json:"passwordSecret,omitempty"`
}

// ClientCertAuth is TLS client-certificate authentication taken from Secrets.
type ClientCertAuth struct {
	// ClientCertSecret is the Secret key holding the PEM certificate.
	// +optional
	ClientCertSecret *corev1.SecretKeySelector `json:"clientCertSecret,omitempty"`
	// ClientKeySecret is the Secret key holding the PEM private key.
	// +optional
	ClientKeySecret *corev1.SecretKeySelector `json:"clientKeySecret,omitempty"`
}

// OAuth2Auth obtains an OAuth2 token (client-credentials grant) for HTTP artifact requests.
type OAuth2Auth struct {
	// ClientIDSecret is the Secret key holding the client ID.
	// +optional
	ClientIDSecret *corev1.SecretKeySelector `json:"clientIDSecret,omitempty"`
	// ClientSecretSecret is the Secret key holding the client secret.
	// +optional
	ClientSecretSecret *corev1.SecretKeySelector `json:"clientSecretSecret,omitempty"`
	// TokenURLSecret is the Secret key holding the token endpoint URL.
	// +optional
	TokenURLSecret *corev1.SecretKeySelector `json:"tokenURLSecret,omitempty"`
	// Scopes are requested with the token.
	// +optional
	Scopes []string `json:"scopes,omitempty"`
	// EndpointParams are extra form parameters sent to the token endpoint.
	// +optional
	EndpointParams []OAuth2EndpointParam `json:"endpointParams,omitempty"`
}

// OAuth2EndpointParam is one extra parameter of the OAuth2 token request.
type OAuth2EndpointParam struct {
	// Key is the parameter name.
	Key string `json:"key"`
	// Value is the parameter value.
	// +optional
	Value string `json:"value,omitempty"`
}

// ArtifactoryAuth holds Artifactory credentials.
type ArtifactoryAuth struct {
	// UsernameSecret is the Secret key holding the user name.
	// +optional
	UsernameSecret *corev1.SecretKeySelector `json:"usernameSecret,omitempty"`
	// PasswordSecret is the Secret key holding the password or API key.
	// +optional
	PasswordSecret *corev1.SecretKeySelector `json:"passwordSecret,omitempty"`
}

// ArtifactoryArtifact is a file in a JFrog Artifactory repository.
type ArtifactoryArtifact struct {
	// URL is the full URL of the artifact.
	URL string `json:"url"`

	ArtifactoryAuth `json:",inline"`
}

// HDFSKrbConfig holds the Kerberos settings used to reach HDFS.
type HDFSKrbConfig struct {
	// KrbCCacheSecret is the Secret key holding a Kerberos credential cache.
	// +optional
	KrbCCacheSecret *corev1.SecretKeySelector `json:"krbCCacheSecret,omitempty"`
	// KrbKeytabSecret is the Secret key holding a Kerberos keytab.
	// +optional
	KrbKeytabSecret *corev1.SecretKeySelector `json:"krbKeytabSecret,omitempty"`
	// KrbUsername is the Kerberos principal user name (with a keytab).
	// +optional
	KrbUsername string `json:"krbUsername,omitempty"`
	// KrbRealm is the Kerberos realm (with a keytab).
	// +optional
	KrbRealm string `json:"krbRealm,omitempty"`
	// KrbConfigConfigMap is the ConfigMap key holding krb5.conf.
	// +optional
	KrbConfigConfigMap *corev1.ConfigMapKeySelector `json:"krbConfigConfigMap,omitempty"`
	// KrbServicePrincipalName is the HDFS service principal.
	// +optional
	KrbServicePrincipalName string `json:"krbServicePrincipalName,omitempty"`
}

// HDFSConfig holds the connection settings of an HDFS cluster.
type HDFSConfig struct {
	HDFSKrbConfig `json:",inline"`

	// Addresses are the namenode host:port addresses.
	// +optional
	Addresses []string `json:"addresses,omitempty"`

	// HDFSUser is the user to act as without Kerberos.
	// +optional
	HDFSUser string `json:"hdfsUser,omitempty"`

	// DataTransferProtection is HDFS's dfs.data.transfer.protection level
	// (authentication, integrity or privacy).
	// +optional
	DataTransferProtection string `json:"dataTransferProtection,omitempty"`
}

// HDFSArtifact is a file or directory in HDFS.
type HDFSArtifact struct {
	HDFSConfig `json:",inline"`

	// Path is the HDFS path.
	Path string `json:"path"`

	// Force overwrites an existing file on upload.
	// +optional
	Force bool `json:"force,omitempty"`
}

// RawArtifact gives an input artifact's content inline.
type RawArtifact struct {
	// Data is the file content.
	Data string `json:"data"`
}

// OSSBucket holds the connection settings of an Alibaba Cloud OSS bucket.
type OSSBucket struct {
	// Endpoint is the OSS service endpoint.
	// +optional
	Endpoint string `json:"endpoint,omitempty"`
	// Bucket is the bucket name.
	// +optional
	Bucket string `json:"bucket,omitempty"`
	// AccessKeySecret is the Secret key holding the access key ID.
	// +optional
	AccessKeySecret *corev1.SecretKeySelector `json:"accessKeySecret,omitempty"`
	// SecretKeySecret is the Secret key holding the access key secret.
	// +optional
	SecretKeySecret *corev1.SecretKeySelector `json:"secretKeySecret,omitempty"`
	// CreateBucketIfNotPresent creates the bucket on first upload when missing.
	// +optional
	CreateBucketIfNotPresent bool `json:"createBucketIfNotPresent,omitempty"`
	// SecurityToken is an STS token for temporary credentials.
	// +optional
	SecurityToken string `json:"securityToken,omitempty"`
	// LifecycleRule is applied to the bucket.
	// +optional
	LifecycleRule *OSSLifecycleRule `json:"lifecycleRule,omitempty"`
	// UseSDKCreds takes credentials from the environment (e.g. RRSA) instead of secrets.
	// +optional
	UseSDKCreds bool `json:"useSDKCreds,omitempty"`
}

// OSSLifecycleRule moves or expires objects of an OSS bucket after some days.
type OSSLifecycleRule struct {
	// MarkInfrequentAccessAfterDays moves objects to infrequent-access storage after that
	// many days.
	// +kubebuilder:validation:Minimum=0
	// +optional
	MarkInfrequentAccessAfterDays int32 `json:"markInfrequentAccessAfterDays,omitempty"`
	// MarkDeletionAfterDays deletes objects after that many days.
	// +kubebuilder:validation:Minimum=0
	// +optional
	MarkDeletionAfterDays int32 `json:"markDeletionAfterDays,omitempty"`
}

// OSSArtifact is an object in Alibaba Cloud OSS.
type OSSArtifact struct {
	OSSBucket `json:",inline"`

	// Key is the object key.
	Key string `json:"key"`
}

// GCSBucket holds the settings of a Google Cloud Storage bucket.
type GCSBucket struct {
	// Bucket is the bucket name.
	// +optional
	Bucket string `json:"bucket,omitempty"`
	// ServiceAccountKeySecret is the Secret key holding a service-account JSON key; empty uses
	// workload identity / default credentials.
	// +optional
	ServiceAccountKeySecret *corev1.SecretKeySelector `json:"serviceAccountKeySecret,omitempty"`
}

// GCSArtifact is an object in Google Cloud Storage.
type GCSArtifact struct {
	GCSBucket `json:",inline"`

	// Key is the object name.
	Key string `json:"key"`
}

// AzureBlobContainer holds the settings of an Azure Blob Storage container.
type AzureBlobContainer struct {
	// Endpoint is the storage account's blob endpoint URL.
	Endpoint string `json:"endpoint"`
	// Container is the container name.
	Container string `json:"container"`
	// AccountKeySecret is the Secret key holding the storage account key.
	// +optional
	AccountKeySecret *corev1.SecretKeySelector `json:"accountKeySecret,omitempty"`
	// UseSDKCreds takes credentials from the Azure SDK default chain instead of the key.
	// +optional
	UseSDKCreds bool `json:"useSDKCreds,omitempty"`
}

// AzureArtifact is a blob in Azure Blob Storage.
type AzureArtifact struct {
	AzureBlobContainer `json:",inline"`

	// Blob is the blob name.
	Blob string `json:"blob"`
}

// PluginArtifact hands the artifact to a named artifact-driver plugin.
type PluginArtifact struct {
	// Name is the artifact-driver plugin to use.
	// +optional
	Name string `json:"name,omitempty"`

	// Configuration is passed to the plugin as is (its own format, usually YAML/JSON).
	// +optional
	Configuration string `json:"configuration,omitempty"`

	// ConnectionTimeoutSeconds overrides how long to wait for the plugin to answer.
	// +kubebuilder:validation:Minimum=0
	// +optional
	ConnectionTimeoutSeconds int32 `json:"connectionTimeoutSeconds,omitempty"`

	// Key identifies the artifact within the plugin's storage.
	Key string `json:"key"`
}
