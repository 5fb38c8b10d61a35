package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// AppSyncStatusCode says whether live state matches the desired state.
// +kubebuilder:validation:Enum=Synced;OutOfSync;Unknown
type AppSyncStatusCode string

// Sync status values.
const (
	AppSyncStatusSynced    AppSyncStatusCode = "Synced"
	AppSyncStatusOutOfSync AppSyncStatusCode = "OutOfSync"
	AppSyncStatusUnknown   AppSyncStatusCode = "Unknown"
)

// AppHealthStatusCode is the assessed health of an Application or one of its resources.
// +kubebuilder:validation:Enum=Healthy;Progressing;Degraded;Suspended;Missing;Unknown
type AppHealthStatusCode string

// Health status values.
const (
	AppHealthHealthy     AppHealthStatusCode = "Healthy"
	AppHealthProgressing AppHealthStatusCode = "Progressing"
	AppHealthDegraded    AppHealthStatusCode = "Degraded"
	AppHealthSuspended   AppHealthStatusCode = "Suspended"
	AppHealthMissing     AppHealthStatusCode = "Missing"
	AppHealthUnknown     AppHealthStatusCode = "Unknown"
)

// AppOperationPhase is the stage of an operation (also used for hook phases).
type AppOperationPhase string

// Operation phases.
const (
	AppOperationRunning     AppOperationPhase = "Running"
	AppOperationTerminating AppOperationPhase = "Terminating"
	AppOperationFailed      AppOperationPhase = "Failed"
	AppOperationError       AppOperationPhase = "Error"
	AppOperationSucceeded   AppOperationPhase = "Succeeded"
)

// AppHydrateOperationPhase is the stage of a hydration.
// +kubebuilder:validation:Enum=Hydrating;Failed;Hydrated
type AppHydrateOperationPhase string

// Hydration phases.
const (
	AppHydrateOperationHydrating AppHydrateOperationPhase = "Hydrating"
	AppHydrateOperationFailed    AppHydrateOperationPhase = "Failed"
	AppHydrateOperationHydrated  AppHydrateOperationPhase = "Hydrated"
)

// ApplicationStatus is what the controller observed about an Application and its
// resources. Tools (kubectl columns, Argo CD health checks of app-of-apps) read
// sync.status, health.status and operationState.phase.
type ApplicationStatus struct {
	// Resources are the objects the Application manages, with their sync and health state.
	// +optional
	Resources []AppResourceStatus `json:"resources,omitempty"`
	// Sync compares the desired state with the live state.
	// +optional
	Sync AppSyncStatus `json:"sync,omitzero"`
	// Health is the aggregated health of the managed resources.
	// +optional
	Health AppHealthStatus `json:"health,omitzero"`
	// History lists past successful syncs, newest last.
	// +optional
	History []AppRevisionHistory `json:"history,omitempty"`
	// Conditions are errors and warnings about the Application.
	// +optional
	Conditions []AppCondition `json:"conditions,omitempty"`
	// ReconciledAt is when the Application was last compared with the live state.
	// +optional
	ReconciledAt *metav1.Time `json:"reconciledAt,omitempty"`
	// OperationState is the progress or result of the current or last operation.
	// +optional
	OperationState *AppOperationState `json:"operationState,omitempty"`
	// ObservedAt is a deprecated timestamp kept for older clients.
	// +optional
	ObservedAt *metav1.Time `json:"observedAt,omitempty"`
	// SourceType is the detected kind of source (Helm, Kustomize, Directory, Plugin).
	// +optional
	SourceType string `json:"sourceType,omitempty"`
	// SourceTypes holds SourceType for each entry of spec.sources.
	// +optional
	SourceTypes []string `json:"sourceTypes,omitempty"`
	// Summary is a short digest of the managed resources.
	// +optional
	Summary AppSummary `json:"summary,omitzero"`
	// ResourceHealthSource says where resource health is kept: "appTree" when only the
	// aggregate is stored here, empty when per-resource health is in resources.
	// +optional
	ResourceHealthSource string `json:"resourceHealthSource,omitempty"`
	// ControllerNamespace is the namespace of the controller that manages this Application.
	// +optional
	ControllerNamespace string `json:"controllerNamespace,omitempty"`
	// SourceHydrator is the state of manifest hydration.
	// +optional
	SourceHydrator AppSourceHydratorStatus `json:"sourceHydrator,omitzero"`
	// ObservedGeneration is the metadata.generation the status was computed for (a Skiff
	// addition; upstream Argo CD does not set it).
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// AppResourceStatus is the state of one managed resource.
type AppResourceStatus struct {
	// +optional
	Group string `json:"group,omitempty"`
	// +optional
	Version string `json:"version,omitempty"`
	// +optional
	Kind string `json:"kind,omitempty"`
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// +optional
	Name string `json:"name,omitempty"`
	// Status says whether the live object matches the desired one.
	// +optional
	Status AppSyncStatusCode `json:"status,omitempty"`
	// Health of the resource (absent when health is kept elsewhere or unknown).
	// +optional
	Health *AppHealthStatus `json:"health,omitempty"`
	// Hook is true for hook resources.
	// +optional
	Hook bool `json:"hook,omitempty"`
	// RequiresPruning is true for live objects no longer in the source.
	// +optional
	RequiresPruning bool `json:"requiresPruning,omitempty"`
	// SyncWave is the wave the resource is applied in.
	// +optional
	SyncWave int64 `json:"syncWave,omitempty"`
	// RequiresDeletionConfirmation is true when deletion waits for a user's confirmation.
	// +optional
	RequiresDeletionConfirmation bool `json:"requiresDeletionConfirmation,omitempty"`
}

// AppSyncStatus is the result of comparing desired and live state.
type AppSyncStatus struct {
	// Status is Synced, OutOfSync or Unknown.
	Status AppSyncStatusCode `json:"status"`
	// ComparedTo is the spec the comparison used.
	// +optional
	ComparedTo *AppComparedTo `json:"comparedTo,omitempty"`
	// Revision is the resolved revision compared (single source).
	// +optional
	Revision string `json:"revision,omitempty"`
	// Revisions are the resolved revisions compared, one per source.
	// +optional
	Revisions []string `json:"revisions,omitempty"`
}

// AppComparedTo records the spec fields a comparison was made against.
type AppComparedTo struct {
	// +optional
	Source *ApplicationSource `json:"source,omitempty"`
	// Destination compared against.
	Destination AppDestination `json:"destination"`
	// +optional
	Sources []ApplicationSource `json:"sources,omitempty"`
	// +optional
	IgnoreDifferences []AppResourceIgnoreDifferences `json:"ignoreDifferences,omitempty"`
}

// AppHealthStatus is an assessed health with a reason.
type AppHealthStatus struct {
	// Status is the health code.
	// +optional
	Status AppHealthStatusCode `json:"status,omitempty"`
	// Message explains the status.
	// +optional
	Message string `json:"message,omitempty"`
	// LastTransitionTime is when Status last changed.
	// +optional
	LastTransitionTime *metav1.Time `json:"lastTransitionTime,omitempty"`
}

// AppRevisionHistory records one sync that was carried out.
type AppRevisionHistory struct {
	// Revision synced (single source).
	// +optional
	Revision string `json:"revision,omitempty"`
	// DeployedAt is when the sync finished.
	DeployedAt metav1.Time `json:"deployedAt"`
	// ID identifies the entry, e.g. for rollback.
	ID int64 `json:"id"`
	// Source synced (single source).
	// +optional
	Source *ApplicationSource `json:"source,omitempty"`
	// Revisions synced, one per source.
	// +optional
	Revisions []string `json:"revisions,omitempty"`
	// Sources synced.
	// +optional
	Sources []ApplicationSource `json:"sources,omitempty"`
	// DeployStartedAt is when the sync started.
	// +optional
	DeployStartedAt *metav1.Time `json:"deployStartedAt,omitempty"`
	// InitiatedBy records who or what started the sync.
	// +optional
	InitiatedBy *AppOperationInitiator `json:"initiatedBy,omitempty"`
}

// AppCondition is an error or warning about an Application, e.g. ComparisonError,
// InvalidSpecError, SyncError, OrphanedResourceWarning.
type AppCondition struct {
	// Type of the condition.
	Type string `json:"type"`
	// Message describes the condition.
	Message string `json:"message"`
	// LastTransitionTime is when the condition was first seen.
	// +optional
	LastTransitionTime *metav1.Time `json:"lastTransitionTime,omitempty"`
}

// AppOperationState is the progress or outcome of an operation.
type AppOperationState struct {
	// Operation is a copy of the operation being carried out.
	Operation AppOperation `json:"operation"`
	// Phase is Running, Terminating, Failed, Error or Succeeded.
	Phase AppOperationPhase `json:"phase"`
	// Message is a human-readable progress or error text.
	// +optional
	Message string `json:"message,omitempty"`
	// SyncResult is the outcome of a sync operation.
	// +optional
	SyncResult *AppSyncOperationResult `json:"syncResult,omitempty"`
	// StartedAt is when the operation started.
	StartedAt metav1.Time `json:"startedAt"`
	// FinishedAt is when the operation ended.
	// +optional
	FinishedAt *metav1.Time `json:"finishedAt,omitempty"`
	// RetryCount is the number of retries so far.
	// +optional
	RetryCount int64 `json:"retryCount,omitempty"`
}

// AppSyncOperationResult is the outcome of a sync.
type AppSyncOperationResult struct {
	// Resources are the per-resource results.
	// +optional
	Resources []AppResourceResult `json:"resources,omitempty"`
	// Revision synced (single source).
	Revision string `json:"revision"`
	// Source synced (single source).
	// +optional
	Source *ApplicationSource `json:"source,omitempty"`
	// Sources synced.
	// +optional
	Sources []ApplicationSource `json:"sources,omitempty"`
	// Revisions synced, one per source.
	// +optional
	Revisions []string `json:"revisions,omitempty"`
	// ManagedNamespaceMetadata is what was applied to the managed namespace.
	// +optional
	ManagedNamespaceMetadata *AppManagedNamespaceMetadata `json:"managedNamespaceMetadata,omitempty"`
}

// AppResourceResult is what a sync did to one resource.
type AppResourceResult struct {
	Group     string `json:"group"`
	Version   string `json:"version"`
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	// Status is Synced, SyncFailed, Pruned or PruneSkipped.
	// +optional
	Status string `json:"status,omitempty"`
	// Message is the outcome as text.
	// +optional
	Message string `json:"message,omitempty"`
	// HookType is the hook kind (PreSync, Sync, PostSync, SyncFail, PostDelete, Skip)
	// when the resource is a hook.
	// +optional
	HookType string `json:"hookType,omitempty"`
	// HookPhase is the hook's progress (Running, Succeeded, Failed, ...).
	// +optional
	HookPhase AppOperationPhase `json:"hookPhase,omitempty"`
	// SyncPhase is the sync phase the resource ran in (PreSync, Sync, PostSync, SyncFail).
	// +optional
	SyncPhase string `json:"syncPhase,omitempty"`
	// Images are the container images the resource uses.
	// +optional
	Images []string `json:"images,omitempty"`
}

// AppSummary is a digest of the managed resources.
type AppSummary struct {
	// ExternalURLs found on Ingresses and Services.
	// +optional
	ExternalURLs []string `json:"externalURLs,omitempty"`
	// Images used by the managed workloads.
	// +optional
	Images []string `json:"images,omitempty"`
	// IsAppOfApps is true when the Application manages other Applications.
	// +optional
	IsAppOfApps *bool `json:"isAppOfApps,omitempty"`
}

// AppSourceHydratorStatus is the state of manifest hydration.
type AppSourceHydratorStatus struct {
	// LastSuccessfulOperation is the last hydration that worked.
	// +optional
	LastSuccessfulOperation *AppSuccessfulHydrateOperation `json:"lastSuccessfulOperation,omitempty"`
	// CurrentOperation is the hydration in progress, or the last one.
	// +optional
	CurrentOperation *AppHydrateOperation `json:"currentOperation,omitempty"`
	// LastComparedDryRevision is the dry-source revision last compared.
	// +optional
	LastComparedDryRevision string `json:"lastComparedDryRevision,omitempty"`
}

// AppHydrateOperation is one hydration run.
type AppHydrateOperation struct {
	// +optional
	StartedAt *metav1.Time `json:"startedAt,omitempty"`
	// +optional
	FinishedAt *metav1.Time `json:"finishedAt,omitempty"`
	// Phase is Hydrating, Failed or Hydrated.
	Phase AppHydrateOperationPhase `json:"phase"`
	// Message explains the phase.
	Message string `json:"message"`
	// DrySHA is the dry-source commit hydrated.
	// +optional
	DrySHA string `json:"drySHA,omitempty"`
	// HydratedSHA is the commit holding the hydrated manifests.
	// +optional
	HydratedSHA string `json:"hydratedSHA,omitempty"`
	// SourceHydrator is the configuration used.
	// +optional
	SourceHydrator *AppSourceHydrator `json:"sourceHydrator,omitempty"`
}

// AppSuccessfulHydrateOperation is a hydration that completed.
type AppSuccessfulHydrateOperation struct {
	// +optional
	DrySHA string `json:"drySHA,omitempty"`
	// +optional
	HydratedSHA string `json:"hydratedSHA,omitempty"`
	// +optional
	SourceHydrator *AppSourceHydrator `json:"sourceHydrator,omitempty"`
}
