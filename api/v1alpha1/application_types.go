package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Application is the Argo CD kind that ties a set of manifests in a repository (the
// source) to a place in a cluster (the destination) and keeps the two in sync.
//
// Like upstream Argo CD, the kind has no status subresource: the controller writes status
// together with the object, and clients request a sync by writing the top-level
// `operation` field (for example `kubectl patch app x --type merge -p '{"operation":...}'`).
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Namespaced,shortName=app;apps,categories=argo;argo-cd
// +kubebuilder:printcolumn:name="Sync Status",type=string,JSONPath=`.status.sync.status`
// +kubebuilder:printcolumn:name="Health Status",type=string,JSONPath=`.status.health.status`
// +kubebuilder:printcolumn:name="Revision",type=string,JSONPath=`.status.sync.revision`,priority=10
// +kubebuilder:printcolumn:name="Project",type=string,JSONPath=`.spec.project`,priority=10
type Application struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`

	// Spec is the desired state: what to deploy, where, and how to keep it in sync.
	Spec ApplicationSpec `json:"spec"`
	// Status is what the controller last observed and did.
	// +optional
	Status ApplicationStatus `json:"status,omitzero"`
	// Operation is a requested (or running) action, usually a sync. Clients set it to ask
	// the controller to act; the controller clears it once the action has finished.
	// +optional
	Operation *AppOperation `json:"operation,omitempty"`
}

// ApplicationList is a list of Applications.
//
// +kubebuilder:object:root=true
type ApplicationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []Application `json:"items"`
}

func init() {
	SchemeBuilder.Register(&Application{}, &ApplicationList{})
}

// ApplicationSpec is the desired state of an Application.
type ApplicationSpec struct {
	// Source is the single place the manifests come from. Ignored when Sources is set.
	// +optional
	Source *ApplicationSource `json:"source,omitempty"`
	// Destination is the cluster and namespace the manifests are applied to.
	// +kubebuilder:validation:XValidation:rule="!(has(self.server) && self.server != '' && has(self.name) && self.name != '')",message="spec.destination: set either server or name, not both"
	Destination AppDestination `json:"destination"`
	// Project is the AppProject whose rules (allowed repositories, destinations,
	// resource kinds, sync windows) govern this Application.
	Project string `json:"project"`
	// SyncPolicy says when and how the controller syncs on its own.
	// +optional
	SyncPolicy *AppSyncPolicy `json:"syncPolicy,omitempty"`
	// IgnoreDifferences lists parts of live objects that are not counted as drift.
	// +optional
	IgnoreDifferences []AppResourceIgnoreDifferences `json:"ignoreDifferences,omitempty"`
	// Info holds free name/value pairs shown to users alongside the Application.
	// +optional
	Info []AppInfo `json:"info,omitempty"`
	// RevisionHistoryLimit caps how many entries status.history keeps (0 keeps none;
	// unset means the controller default of 10).
	// +optional
	RevisionHistoryLimit *int64 `json:"revisionHistoryLimit,omitempty"`
	// Sources lists several places the manifests come from, rendered together. When set,
	// Source is ignored.
	// +optional
	Sources []ApplicationSource `json:"sources,omitempty"`
	// SourceHydrator renders manifests from a "dry" source and commits them to a branch
	// that the Application then syncs from.
	// +optional
	SourceHydrator *AppSourceHydrator `json:"sourceHydrator,omitempty"`
}

// AppDestination names a cluster (by API server URL or by registered name) and a
// namespace. It is also used by AppProject to list permitted destinations, where
// globs are allowed and both server and name may be given.
type AppDestination struct {
	// Server is the API server URL of the target cluster.
	// +optional
	Server string `json:"server,omitempty"`
	// Namespace is used for namespaced resources that do not set their own namespace.
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// Name is the name under which the target cluster is registered.
	// +optional
	Name string `json:"name,omitempty"`
}

// AppSyncPolicy controls automatic syncing.
type AppSyncPolicy struct {
	// Automated turns on syncing without a user request when the desired state changes.
	// +optional
	Automated *AppSyncPolicyAutomated `json:"automated,omitempty"`
	// SyncOptions are "Key=value" switches that change how syncs run
	// (e.g. CreateNamespace=true, ServerSideApply=true, PruneLast=true).
	// +optional
	SyncOptions []string `json:"syncOptions,omitempty"`
	// Retry says how failed syncs are retried.
	// +optional
	Retry *AppRetryStrategy `json:"retry,omitempty"`
	// ManagedNamespaceMetadata is applied to the destination namespace when the
	// CreateNamespace=true sync option creates it.
	// +optional
	ManagedNamespaceMetadata *AppManagedNamespaceMetadata `json:"managedNamespaceMetadata,omitempty"`
}

// AppSyncPolicyAutomated tunes automatic syncing.
type AppSyncPolicyAutomated struct {
	// Prune lets automatic syncs delete resources that are no longer in the source.
	// +optional
	Prune *bool `json:"prune,omitempty"`
	// SelfHeal makes the controller sync again when live objects drift while the source
	// has not changed.
	// +optional
	SelfHeal *bool `json:"selfHeal,omitempty"`
	// AllowEmpty lets an automatic sync prune every resource when the source renders
	// nothing.
	// +optional
	AllowEmpty *bool `json:"allowEmpty,omitempty"`
	// Enabled switches automatic syncing off (false) while keeping the settings above;
	// unset means on.
	// +optional
	Enabled *bool `json:"enabled,omitempty"`
}

// AppRetryStrategy says how often and how fast failed syncs are retried.
type AppRetryStrategy struct {
	// Limit is the number of retries; negative means retry forever.
	// +optional
	Limit *int64 `json:"limit,omitempty"`
	// Backoff spaces the retries out.
	// +optional
	Backoff *AppBackoff `json:"backoff,omitempty"`
	// Refresh re-reads the source before each retry, so a fixed commit is picked up.
	// +optional
	Refresh *bool `json:"refresh,omitempty"`
}

// AppBackoff is an exponential backoff between retries.
type AppBackoff struct {
	// Duration is the first wait, as a Go duration string ("5s", "2m") or plain seconds.
	// +optional
	Duration string `json:"duration,omitempty"`
	// Factor multiplies the wait after each failed attempt.
	// +optional
	Factor *int64 `json:"factor,omitempty"`
	// MaxDuration caps the wait.
	// +optional
	MaxDuration string `json:"maxDuration,omitempty"`
}

// AppManagedNamespaceMetadata is metadata put on a namespace the sync creates.
type AppManagedNamespaceMetadata struct {
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
}

// AppResourceIgnoreDifferences selects resources and the parts of them to leave out of
// the diff between desired and live state.
type AppResourceIgnoreDifferences struct {
	// Group is the API group of matching resources ("*" for any).
	// +optional
	Group string `json:"group,omitempty"`
	// Kind of matching resources ("*" for any).
	Kind string `json:"kind"`
	// Name, when set, limits the match to one resource name (exact match).
	// +optional
	Name string `json:"name,omitempty"`
	// Namespace, when set, limits the match to one namespace (exact match).
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// JSONPointers are RFC 6901 paths of fields to ignore.
	// +optional
	JSONPointers []string `json:"jsonPointers,omitempty"`
	// JQPathExpressions are jq paths of fields to ignore.
	// +optional
	JQPathExpressions []string `json:"jqPathExpressions,omitempty"`
	// ManagedFieldsManagers ignores fields owned by these field managers.
	// +optional
	ManagedFieldsManagers []string `json:"managedFieldsManagers,omitempty"`
}

// AppInfo is a name/value pair of extra information.
type AppInfo struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// AppOperation is an action requested on an Application. Today the only action is a sync.
type AppOperation struct {
	// Sync asks for a sync with the given options.
	// +optional
	Sync *AppSyncOperation `json:"sync,omitempty"`
	// InitiatedBy records who or what asked for the operation.
	// +optional
	InitiatedBy *AppOperationInitiator `json:"initiatedBy,omitempty"`
	// Info carries free name/value pairs about the operation (e.g. a reason).
	// +optional
	Info []AppInfo `json:"info,omitempty"`
	// Retry overrides the retry behaviour for this operation.
	// +optional
	Retry *AppRetryStrategy `json:"retry,omitempty"`
}

// AppOperationInitiator identifies the origin of an operation.
type AppOperationInitiator struct {
	// Username is the user who asked for the operation.
	// +optional
	Username string `json:"username,omitempty"`
	// Automated is true when the controller itself started the operation.
	// +optional
	Automated bool `json:"automated,omitempty"`
}

// AppSyncOperation holds the options of one sync.
type AppSyncOperation struct {
	// Revision to sync to, overriding the source's targetRevision (single source).
	// +optional
	Revision string `json:"revision,omitempty"`
	// Prune deletes resources that are no longer in the source.
	// +optional
	Prune bool `json:"prune,omitempty"`
	// DryRun goes through the sync without changing anything.
	// +optional
	DryRun bool `json:"dryRun,omitempty"`
	// SyncStrategy chooses how resources are applied.
	// +optional
	SyncStrategy *AppSyncStrategy `json:"syncStrategy,omitempty"`
	// Resources limits the sync to these resources; empty means all.
	// +optional
	Resources []AppSyncOperationResource `json:"resources,omitempty"`
	// Source overrides spec.source for this sync.
	// +optional
	Source *ApplicationSource `json:"source,omitempty"`
	// Manifests, when set, are applied instead of rendering the source.
	// +optional
	Manifests []string `json:"manifests,omitempty"`
	// SyncOptions override spec.syncPolicy.syncOptions for this sync.
	// +optional
	SyncOptions []string `json:"syncOptions,omitempty"`
	// Sources overrides spec.sources for this sync.
	// +optional
	Sources []ApplicationSource `json:"sources,omitempty"`
	// Revisions to sync to, one per entry of sources.
	// +optional
	Revisions []string `json:"revisions,omitempty"`
	// AutoHealAttemptsCount counts self-heal syncs in a row, used to back them off.
	// +optional
	AutoHealAttemptsCount int64 `json:"autoHealAttemptsCount,omitempty"`
}

// AppSyncStrategy selects how a sync applies resources. With neither set, "apply" is used.
type AppSyncStrategy struct {
	// Apply uses `kubectl apply` semantics and ignores hooks.
	// +optional
	Apply *AppSyncStrategyApply `json:"apply,omitempty"`
	// Hook runs resource hooks (PreSync, Sync, PostSync, ...) around the apply.
	// +optional
	Hook *AppSyncStrategyHook `json:"hook,omitempty"`
}

// AppSyncStrategyApply tunes the apply strategy.
type AppSyncStrategyApply struct {
	// Force deletes and recreates resources that cannot be patched.
	// +optional
	Force bool `json:"force,omitempty"`
}

// AppSyncStrategyHook tunes the hook strategy.
type AppSyncStrategyHook struct {
	// Force deletes and recreates resources that cannot be patched.
	// +optional
	Force bool `json:"force,omitempty"`
}

// AppSyncOperationResource picks one resource to include in a partial sync.
type AppSyncOperationResource struct {
	// +optional
	Group string `json:"group,omitempty"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	// +optional
	Namespace string `json:"namespace,omitempty"`
}
