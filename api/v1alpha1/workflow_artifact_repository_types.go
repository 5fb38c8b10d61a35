package v1alpha1

// ArtifactRepository is the value stored under one key of an artifact-repositories ConfigMap
// (and of the controller's default artifactRepository setting): where a workflow's output
// artifacts and logs go when a template does not name a location itself. Set one repository
// kind. The workflow controller parses it from the ConfigMap; in the CRDs it appears only in
// WorkflowStatus.artifactRepositoryRef.
type ArtifactRepository struct {
	// ArchiveLogs keeps every container's logs as an artifact by default.
	// +optional
	ArchiveLogs *bool `json:"archiveLogs,omitempty"`

	// S3 stores artifacts in an S3-compatible store.
	// +optional
	S3 *S3ArtifactRepository `json:"s3,omitempty"`

	// Artifactory stores artifacts in a JFrog Artifactory repository.
	// +optional
	Artifactory *ArtifactoryArtifactRepository `json:"artifactory,omitempty"`

	// HDFS stores artifacts in Hadoop HDFS.
	// +optional
	HDFS *HDFSArtifactRepository `json:"hdfs,omitempty"`

	// OSS stores artifacts in Alibaba Cloud OSS.
	// +optional
	OSS *OSSArtifactRepository `json:"oss,omitempty"`

	// GCS stores artifacts in Google Cloud Storage.
	// +optional
	GCS *GCSArtifactRepository `json:"gcs,omitempty"`

	// Azure stores artifacts in Azure Blob Storage.
	// +optional
	Azure *AzureArtifactRepository `json:"azure,omitempty"`

	// Plugin stores artifacts through an artifact-driver plugin.
	// +optional
	Plugin *PluginArtifactRepository `json:"plugin,omitempty"`
}

// S3ArtifactRepository is an S3 bucket used as artifact repository.
type S3ArtifactRepository struct {
	S3Bucket `json:",inline"`

	// KeyFormat is a template for object keys, e.g.
	// "{{workflow.name}}/{{pod.name}}" (workflow/pod variables allowed).
	// +optional
	KeyFormat string `json:"keyFormat,omitempty"`

	// KeyPrefix is the older, prefix-only form of KeyFormat (deprecated upstream, still read).
	// +optional
	KeyPrefix string `json:"keyPrefix,omitempty"`
}

// OSSArtifactRepository is an OSS bucket used as artifact repository.
type OSSArtifactRepository struct {
	OSSBucket `json:",inline"`

	// KeyFormat is a template for object keys.
	// +optional
	KeyFormat string `json:"keyFormat,omitempty"`
}

// GCSArtifactRepository is a GCS bucket used as artifact repository.
type GCSArtifactRepository struct {
	GCSBucket `json:",inline"`

	// KeyFormat is a template for object names.
	// +optional
	KeyFormat string `json:"keyFormat,omitempty"`
}

// ArtifactoryArtifactRepository is an Artifactory repository used as artifact repository.
type ArtifactoryArtifactRepository struct {
	ArtifactoryAuth `json:",inline"`

	// RepoURL is the base URL of the Artifactory repository.
	// +optional
	RepoURL string `json:"repoURL,omitempty"`

	// KeyFormat is a template for artifact paths below RepoURL.
	// +optional
	KeyFormat string `json:"keyFormat,omitempty"`
}

// HDFSArtifactRepository is an HDFS cluster used as artifact repository.
type HDFSArtifactRepository struct {
	HDFSConfig `json:",inline"`

	// PathFormat is a template for artifact paths.
	// +optional
	PathFormat string `json:"pathFormat,omitempty"`

	// Force overwrites existing files on upload.
	// +optional
	Force bool `json:"force,omitempty"`
}

// AzureArtifactRepository is an Azure Blob container used as artifact repository.
type AzureArtifactRepository struct {
	AzureBlobContainer `json:",inline"`

	// BlobNameFormat is a template for blob names.
	// +optional
	BlobNameFormat string `json:"blobNameFormat,omitempty"`
}

// PluginArtifactRepository stores artifacts through an artifact-driver plugin.
type PluginArtifactRepository struct {
	// Name is the artifact-driver plugin.
	Name string `json:"name"`

	// Configuration is passed to the plugin as is.
	Configuration string `json:"configuration"`

	// KeyFormat is a template for artifact keys.
	// +optional
	KeyFormat string `json:"keyFormat,omitempty"`
}
