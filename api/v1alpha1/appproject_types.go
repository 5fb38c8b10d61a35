package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// AppProject groups Applications and limits what they may do: which repositories they
// read, where they deploy, which resource kinds they create, when they may sync, and
// which roles (with JWT tokens and SSO groups) may act on them.
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Namespaced,shortName=appproj;appprojs,categories=argo;argo-cd
type AppProject struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`

	// Spec holds the project's rules.
	Spec AppProjectSpec `json:"spec"`
	// Status holds data the API server maintains (issued tokens).
	// +optional
	Status AppProjectStatus `json:"status,omitzero"`
}

// AppProjectList is a list of AppProjects.
//
// +kubebuilder:object:root=true
type AppProjectList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []AppProject `json:"items"`
}

func init() {
	SchemeBuilder.Register(&AppProject{}, &AppProjectList{})
}

// AppProjectSpec is the set of rules of a project. Glob patterns are accepted in
// repositories, destinations and resource names; a leading "!" negates an entry where
// the field says so.
type AppProjectSpec struct {
	// SourceRepos are the repository URLs (globs) Applications may use.
	// +optional
	SourceRepos []string `json:"sourceRepos,omitempty"`
	// Destinations are the clusters and namespaces (globs) Applications may deploy to.
	// Here server and name may both be given.
	// +optional
	Destinations []AppDestination `json:"destinations,omitempty"`
	// Description is free text.
	// +optional
	Description string `json:"description,omitempty"`
	// Roles grant project-scoped permissions to SSO groups and JWT tokens.
	// +optional
	Roles []AppProjectRole `json:"roles,omitempty"`
	// ClusterResourceWhitelist lists the cluster-scoped kinds Applications may create;
	// empty means none.
	// +optional
	ClusterResourceWhitelist []AppClusterResourceRestrictionItem `json:"clusterResourceWhitelist,omitempty"`
	// NamespaceResourceBlacklist lists namespaced kinds Applications may not create.
	// +optional
	NamespaceResourceBlacklist []metav1.GroupKind `json:"namespaceResourceBlacklist,omitempty"`
	// OrphanedResources turns on reporting of unmanaged objects in destination namespaces.
	// +optional
	OrphanedResources *AppOrphanedResourcesMonitorSettings `json:"orphanedResources,omitempty"`
	// SyncWindows allow or forbid syncs at scheduled times.
	// +optional
	SyncWindows []AppSyncWindow `json:"syncWindows,omitempty"`
	// NamespaceResourceWhitelist, when set, lists the only namespaced kinds Applications
	// may create.
	// +optional
	NamespaceResourceWhitelist []metav1.GroupKind `json:"namespaceResourceWhitelist,omitempty"`
	// SignatureKeys are GnuPG key IDs whose commit signatures are accepted (older
	// mechanism; see SourceIntegrity).
	// +optional
	SignatureKeys []AppSignatureKey `json:"signatureKeys,omitempty"`
	// ClusterResourceBlacklist lists cluster-scoped kinds Applications may not create.
	// +optional
	ClusterResourceBlacklist []AppClusterResourceRestrictionItem `json:"clusterResourceBlacklist,omitempty"`
	// SourceNamespaces are the namespaces (globs) outside the control-plane namespace
	// whose Applications may use this project.
	// +optional
	SourceNamespaces []string `json:"sourceNamespaces,omitempty"`
	// PermitOnlyProjectScopedClusters limits destinations to clusters registered for
	// this project.
	// +optional
	PermitOnlyProjectScopedClusters *bool `json:"permitOnlyProjectScopedClusters,omitempty"`
	// DestinationServiceAccounts choose the service account a sync impersonates, per
	// destination.
	// +optional
	DestinationServiceAccounts []AppDestinationServiceAccount `json:"destinationServiceAccounts,omitempty"`
	// SourceIntegrity sets verification requirements (e.g. GPG signatures) on sources.
	// +optional
	SourceIntegrity *AppSourceIntegrity `json:"sourceIntegrity,omitempty"`
}

// AppClusterResourceRestrictionItem matches cluster-scoped resources by group and kind,
// and optionally by name.
type AppClusterResourceRestrictionItem struct {
	// Group is the API group ("" for the core group).
	Group string `json:"group"`
	// Kind of the resource.
	Kind string `json:"kind"`
	// Name is an optional name glob.
	// +optional
	Name *string `json:"name,omitempty"`
}

// AppProjectRole is a named set of permissions within a project.
type AppProjectRole struct {
	// Name of the role, unique in the project.
	Name string `json:"name"`
	// Description is free text.
	// +optional
	Description string `json:"description,omitempty"`
	// Policies are Casbin policy lines ("p, proj:<project>:<role>, <resource>, <action>,
	// <object>, allow|deny").
	// +optional
	Policies []string `json:"policies,omitempty"`
	// JWTTokens are the tokens issued for the role; removing an entry revokes the token.
	// +optional
	JWTTokens []AppJWTToken `json:"jwtTokens,omitempty"`
	// Groups are SSO groups that hold this role.
	// +optional
	Groups []string `json:"groups,omitempty"`
}

// AppJWTToken records an issued token (the token itself is never stored).
type AppJWTToken struct {
	// IssuedAt is the token's "iat" claim (Unix seconds).
	IssuedAt int64 `json:"iat"`
	// ExpiresAt is the token's "exp" claim (Unix seconds); 0 means no expiry.
	// +optional
	ExpiresAt int64 `json:"exp,omitempty"`
	// ID is the token's "jti" claim.
	// +optional
	ID string `json:"id,omitempty"`
}

// AppOrphanedResourcesMonitorSettings configures orphaned-resource reporting.
type AppOrphanedResourcesMonitorSettings struct {
	// Warn adds an OrphanedResourceWarning condition to Applications with orphans.
	// +optional
	Warn *bool `json:"warn,omitempty"`
	// Ignore lists resources never reported as orphaned.
	// +optional
	Ignore []AppOrphanedResourceKey `json:"ignore,omitempty"`
}

// AppOrphanedResourceKey matches resources by group, kind and name (globs).
type AppOrphanedResourceKey struct {
	// +optional
	Group string `json:"group,omitempty"`
	// +optional
	Kind string `json:"kind,omitempty"`
	// +optional
	Name string `json:"name,omitempty"`
}

// AppSyncWindow opens ("allow") or closes ("deny") syncing for matching Applications
// during a recurring time span.
type AppSyncWindow struct {
	// Kind is allow or deny.
	// +optional
	// +kubebuilder:validation:Enum=allow;deny
	Kind string `json:"kind,omitempty"`
	// Schedule is a cron expression for the window's start.
	// +optional
	Schedule string `json:"schedule,omitempty"`
	// Duration is how long the window lasts (e.g. "1h").
	// +optional
	Duration string `json:"duration,omitempty"`
	// Applications are the Application names (globs) the window applies to.
	// +optional
	Applications []string `json:"applications,omitempty"`
	// Namespaces are the destination namespaces (globs) the window applies to.
	// +optional
	Namespaces []string `json:"namespaces,omitempty"`
	// Clusters are the destination cluster names (globs) the window applies to.
	// +optional
	Clusters []string `json:"clusters,omitempty"`
	// ManualSync lets users sync by hand even while the window forbids syncs.
	// +optional
	ManualSync *bool `json:"manualSync,omitempty"`
	// TimeZone is the IANA zone Schedule is read in (default UTC).
	// +optional
	TimeZone string `json:"timeZone,omitempty"`
	// AndOperator requires every selector (applications, namespaces, clusters) to match,
	// instead of any one.
	// +optional
	AndOperator *bool `json:"andOperator,omitempty"`
	// Description is free text.
	// +optional
	Description string `json:"description,omitempty"`
	// SyncOverrun lets a sync that started while syncing was allowed continue past the
	// moment it stops being allowed.
	// +optional
	SyncOverrun *bool `json:"syncOverrun,omitempty"`
}

// AppSignatureKey is a trusted GnuPG key.
type AppSignatureKey struct {
	// KeyID is the GnuPG key ID.
	KeyID string `json:"keyID"`
}

// AppDestinationServiceAccount maps a destination to the service account syncs to it
// impersonate.
type AppDestinationServiceAccount struct {
	// Server is the destination cluster URL (glob).
	Server string `json:"server"`
	// Namespace is the destination namespace (glob).
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// DefaultServiceAccount is the account to impersonate ("namespace:name" or "name").
	DefaultServiceAccount string `json:"defaultServiceAccount"`
}

// AppSourceIntegrity sets verification requirements on Application sources.
type AppSourceIntegrity struct {
	// Git holds the rules for Git sources.
	Git AppSourceIntegrityGit `json:"git"`
}

// AppSourceIntegrityGit holds verification policies for Git sources.
type AppSourceIntegrityGit struct {
	// Policies are matched against repository URLs.
	Policies []AppSourceIntegrityGitPolicy `json:"policies"`
}

// AppSourceIntegrityGitPolicy applies GPG verification to matching repositories.
type AppSourceIntegrityGitPolicy struct {
	// Repos select the repositories the policy covers.
	Repos []AppSourceIntegrityGitPolicyRepo `json:"repos"`
	// GPG is the signature check to run.
	GPG AppSourceIntegrityGitPolicyGPG `json:"gpg"`
}

// AppSourceIntegrityGitPolicyRepo selects repositories by URL.
type AppSourceIntegrityGitPolicyRepo struct {
	// URL is a glob; a leading "!" excludes matching repositories.
	URL string `json:"url"`
}

// AppSourceIntegrityGitPolicyGPG is a GPG signature requirement.
type AppSourceIntegrityGitPolicyGPG struct {
	// Mode is none (no check), head (the target commit or tag only) or strict (the
	// whole history).
	Mode string `json:"mode"`
	// Keys are the GnuPG key IDs accepted as signers.
	Keys []string `json:"keys"`
}

// AppProjectStatus holds data kept about a project.
type AppProjectStatus struct {
	// JWTTokensByRole lists issued tokens per role name.
	// +optional
	JWTTokensByRole map[string]AppJWTTokens `json:"jwtTokensByRole,omitempty"`
}

// AppJWTTokens is a list of issued tokens.
type AppJWTTokens struct {
	// +optional
	Items []AppJWTToken `json:"items,omitempty"`
}
