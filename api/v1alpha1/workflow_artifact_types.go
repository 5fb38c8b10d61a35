package v1alpha1

// Artifacts: files or directories a template consumes or produces, where they are stored, how
// they are packed and when they are garbage-collected. The storage drivers live in
// workflow_artifact_drivers_types.go; the artifact-repositories ConfigMap shape in
// workflow_artifact_repository_types.go.

// Artifact names one input or output file/directory of a template (or an argument of a
// workflow/step/task) and, through the inline ArtifactLocation, where its bytes are kept.
// Its "at most one storage driver" rule comes with the inline ArtifactLocation: stating it here
// too would put the same rule twice in the schema, which server-side apply refuses.
type Artifact struct {
	// Name identifies the artifact within its inputs/outputs/arguments list; templates refer to
	// it as {{inputs.artifacts.<name>}} and steps/tasks by this name.
	Name string `json:"name"`

	// Path is the location inside the container where the artifact is placed (inputs) or
	// collected from (outputs).
	// +optional
	Path string `json:"path,omitempty"`

	// Mode is the permission bits given to an input artifact file once it is loaded (0-0777).
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=511
	// +optional
	Mode *int32 `json:"mode,omitempty"`

	// From takes the artifact from another step's outputs, e.g.
	// "{{steps.generate.outputs.artifacts.out}}".
	// +optional
	From string `json:"from,omitempty"`

	// ArtifactLocation says where the artifact is stored (one storage driver).
	ArtifactLocation `json:",inline"`

	// GlobalName also exports an output artifact at workflow level, as
	// {{workflow.outputs.artifacts.<globalName>}}.
	// +optional
	GlobalName string `json:"globalName,omitempty"`

	// Archive chooses how an output is packed before upload (tar+gzip by default).
	// +optional
	Archive *ArchiveStrategy `json:"archive,omitempty"`

	// Optional lets the step go on when the artifact is missing instead of failing.
	// A pointer so an explicit false round-trips.
	// +optional
	Optional *bool `json:"optional,omitempty"`

	// SubPath selects a file or directory inside the referenced artifact (input artifacts).
	// +optional
	SubPath string `json:"subPath,omitempty"`

	// RecurseMode loads every file under a directory-like key (for drivers that support it).
	// +optional
	RecurseMode bool `json:"recurseMode,omitempty"`

	// FromExpression chooses the artifact with an expression evaluated at run time, e.g.
	// "tasks.a.status == 'Succeeded' ? tasks.a.outputs.artifacts.x : tasks.b.outputs.artifacts.x".
	// +optional
	FromExpression string `json:"fromExpression,omitempty"`

	// ArtifactGC overrides the workflow-level garbage-collection strategy for this output.
	// +optional
	ArtifactGC *ArtifactGC `json:"artifactGC,omitempty"`

	// Deleted is set by the controller once the artifact has been garbage-collected.
	// +optional
	Deleted bool `json:"deleted,omitempty"`
}

// ArtifactPaths is an artifact used as the source of a data template: its location is listed
// and the resulting file paths become the data the template transforms.
type ArtifactPaths struct {
	Artifact `json:",inline"`
}

// ArtifactLocation is a storage location for an artifact, expressed by at most one driver.
// With no driver the artifact repository (artifactRepositoryRef or the controller default)
// decides. It is also used on its own as a template's archiveLocation.
// +kubebuilder:validation:XValidation:rule="has(self.s3) ? !(has(self.git) || has(self.http) || has(self.artifactory) || has(self.hdfs) || has(self.raw) || has(self.oss) || has(self.gcs) || has(self.azure) || has(self.plugin)) : (has(self.git) ? !(has(self.http) || has(self.artifactory) || has(self.hdfs) || has(self.raw) || has(self.oss) || has(self.gcs) || has(self.azure) || has(self.plugin)) : (has(self.http) ? !(has(self.artifactory) || has(self.hdfs) || has(self.raw) || has(self.oss) || has(self.gcs) || has(self.azure) || has(self.plugin)) : (has(self.artifactory) ? !(has(self.hdfs) || has(self.raw) || has(self.oss) || has(self.gcs) || has(self.azure) || has(self.plugin)) : (has(self.hdfs) ? !(has(self.raw) || has(self.oss) || has(self.gcs) || has(self.azure) || has(self.plugin)) : (has(self.raw) ? !(has(self.oss) || has(self.gcs) || has(self.azure) || has(self.plugin)) : (has(self.oss) ? !(has(self.gcs) || has(self.azure) || has(self.plugin)) : (has(self.gcs) ? !(has(self.azure) || has(self.plugin)) : (has(self.azure) ? !(has(self.plugin)) : true))))))))",message="an artifact location sets at most one storage driver (s3, git, http, artifactory, hdfs, raw, oss, gcs, azure, plugin)"
type ArtifactLocation struct {
	// ArchiveLogs keeps the container logs as an artifact. A pointer so an explicit false
	// (overriding a repository default of true) survives.
	// +optional
	ArchiveLogs *bool `json:"archiveLogs,omitempty"`

	// S3 stores the artifact in an S3-compatible object store.
	// +optional
	S3 *S3Artifact `json:"s3,omitempty"`

	// Git checks out a git repository as an input artifact.
	// +optional
	Git *GitArtifact `json:"git,omitempty"`

	// HTTP downloads (or uploads) the artifact over HTTP(S).
	// +optional
	HTTP *HTTPArtifact `json:"http,omitempty"`

	// Artifactory stores the artifact in a JFrog Artifactory repository.
	// +optional
	Artifactory *ArtifactoryArtifact `json:"artifactory,omitempty"`

	// HDFS stores the artifact in Hadoop HDFS.
	// +optional
	HDFS *HDFSArtifact `json:"hdfs,omitempty"`

	// Raw gives the artifact's content inline.
	// +optional
	Raw *RawArtifact `json:"raw,omitempty"`

	// OSS stores the artifact in Alibaba Cloud Object Storage Service.
	// +optional
	OSS *OSSArtifact `json:"oss,omitempty"`

	// GCS stores the artifact in Google Cloud Storage.
	// +optional
	GCS *GCSArtifact `json:"gcs,omitempty"`

	// Azure stores the artifact in Azure Blob Storage.
	// +optional
	Azure *AzureArtifact `json:"azure,omitempty"`

	// Plugin hands the artifact to an artifact-driver plugin.
	// +optional
	Plugin *PluginArtifact `json:"plugin,omitempty"`
}

// ArchiveStrategy says how an output artifact is packed before it is uploaded. Set one of
// tar, none or zip; empty means tar with default compression.
type ArchiveStrategy struct {
	// Tar packs the files into a gzip-compressed tarball.
	// +optional
	Tar *TarStrategy `json:"tar,omitempty"`

	// None uploads the file as it is (single files only).
	// +optional
	None *NoneStrategy `json:"none,omitempty"`

	// Zip packs the files into a zip archive.
	// +optional
	Zip *ZipStrategy `json:"zip,omitempty"`
}

// TarStrategy packs an artifact as a gzipped tarball.
type TarStrategy struct {
	// CompressionLevel is the gzip level (0 = no compression, 1-9; unset = gzip default). A
	// pointer because 0 is a real choice.
	// +optional
	CompressionLevel *int32 `json:"compressionLevel,omitempty"`
}

// NoneStrategy uploads the artifact without packing it. It has no options.
type NoneStrategy struct{}

// ZipStrategy packs the artifact as a zip archive. It has no options.
type ZipStrategy struct{}

// ArtifactGCStrategy says when the controller deletes a workflow's output artifacts.
// +kubebuilder:validation:Enum=OnWorkflowCompletion;OnWorkflowDeletion;Never;""
type ArtifactGCStrategy string

// Artifact garbage-collection strategies.
const (
	// ArtifactGCOnWorkflowCompletion deletes the artifacts when the workflow finishes.
	ArtifactGCOnWorkflowCompletion ArtifactGCStrategy = "OnWorkflowCompletion"
	// ArtifactGCOnWorkflowDeletion deletes the artifacts when the Workflow object is deleted.
	ArtifactGCOnWorkflowDeletion ArtifactGCStrategy = "OnWorkflowDeletion"
	// ArtifactGCNever keeps the artifacts.
	ArtifactGCNever ArtifactGCStrategy = "Never"
	// ArtifactGCStrategyUndefined inherits the strategy from the enclosing level.
	ArtifactGCStrategyUndefined ArtifactGCStrategy = ""
)

// ArtifactGC configures garbage collection of one artifact (or, inline in
// WorkflowLevelArtifactGC, of all artifacts of a workflow).
type ArtifactGC struct {
	// Strategy says when the artifact is deleted; empty inherits the workflow-level choice.
	// +optional
	Strategy ArtifactGCStrategy `json:"strategy,omitempty"`

	// PodMetadata adds labels/annotations to the pods that delete the artifacts (e.g. for
	// workload-identity bindings).
	// +optional
	PodMetadata *Metadata `json:"podMetadata,omitempty"`

	// ServiceAccountName is the service account the deleting pods run as (it needs access to
	// the storage).
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
}

// WorkflowLevelArtifactGC is the workflow-wide artifact garbage-collection policy
// (spec.artifactGC). Individual artifacts may override the strategy.
type WorkflowLevelArtifactGC struct {
	ArtifactGC `json:",inline"`

	// ForceFinalizerRemoval drops the artifact-GC finalizer even when deleting the artifacts
	// failed, so the Workflow can go away.
	// +optional
	ForceFinalizerRemoval bool `json:"forceFinalizerRemoval,omitempty"`

	// PodSpecPatch is a JSON/YAML patch applied to the spec of the garbage-collection pods.
	// +optional
	PodSpecPatch string `json:"podSpecPatch,omitempty"`
}

// ArtifactRepositoryRef picks a repository out of a ConfigMap in the workflow's namespace
// (spec.artifactRepositoryRef).
type ArtifactRepositoryRef struct {
	// ConfigMap is the ConfigMap's name; empty means "artifact-repositories".
	// +optional
	ConfigMap string `json:"configMap,omitempty"`

	// Key is the ConfigMap data key holding the repository; empty means the key named by the
	// ConfigMap's "workflows.argoproj.io/default-artifact-repository" annotation.
	// +optional
	Key string `json:"key,omitempty"`
}

// ArtifactRepositoryRefStatus records which artifact repository the controller resolved for a
// workflow, and a copy of it, so later steps and garbage collection use the same one.
type ArtifactRepositoryRefStatus struct {
	ArtifactRepositoryRef `json:",inline"`

	// Namespace is where the ConfigMap was found.
	// +optional
	Namespace string `json:"namespace,omitempty"`

	// Default is true when the controller's default repository was used (no ConfigMap).
	// +optional
	Default bool `json:"default,omitempty"`

	// ArtifactRepository is the resolved repository configuration.
	// +optional
	ArtifactRepository *ArtifactRepository `json:"artifactRepository,omitempty"`
}
