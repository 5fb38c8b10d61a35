package v1alpha1

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// ApplicationSource is one place manifests come from: a path in a Git repository, a Helm
// chart in a chart repository, or an OCI artifact, plus tool-specific rendering options.
type ApplicationSource struct {
	// RepoURL is the URL of the Git, Helm or OCI repository.
	RepoURL string `json:"repoURL"`
	// Path is the directory inside the repository (Git and OCI only).
	// +optional
	Path string `json:"path,omitempty"`
	// TargetRevision is the commit, tag or branch (Git), or the chart version (Helm).
	// +optional
	TargetRevision string `json:"targetRevision,omitempty"`
	// Helm holds options for rendering with Helm.
	// +optional
	Helm *AppSourceHelm `json:"helm,omitempty"`
	// Kustomize holds options for rendering with Kustomize.
	// +optional
	Kustomize *AppSourceKustomize `json:"kustomize,omitempty"`
	// Directory holds options for plain manifest and Jsonnet directories.
	// +optional
	Directory *AppSourceDirectory `json:"directory,omitempty"`
	// Plugin holds options for rendering with a config management plugin.
	// +optional
	Plugin *AppSourcePlugin `json:"plugin,omitempty"`
	// Chart is the chart name when RepoURL is a Helm repository.
	// +optional
	Chart string `json:"chart,omitempty"`
	// Ref names this source so other sources of the same Application can read files
	// from it (e.g. Helm value files as "$ref/path"). Only meaningful in sources.
	// +optional
	Ref string `json:"ref,omitempty"`
	// Name identifies this source among several, e.g. in the CLI.
	// +optional
	Name string `json:"name,omitempty"`
	// TagPrefix is stripped from Git tags before they are matched as semantic versions.
	// +optional
	TagPrefix string `json:"tagPrefix,omitempty"`
}

// AppSourceHelm holds Helm rendering options.
type AppSourceHelm struct {
	// ValueFiles are values files to use, relative to the source path (or "$ref/..." paths).
	// +optional
	ValueFiles []string `json:"valueFiles,omitempty"`
	// Parameters override single values, like `helm --set`.
	// +optional
	Parameters []AppHelmParameter `json:"parameters,omitempty"`
	// ReleaseName overrides the release name (default: the Application name).
	// +optional
	ReleaseName string `json:"releaseName,omitempty"`
	// Values is a values file given inline as a YAML string.
	// +optional
	Values string `json:"values,omitempty"`
	// FileParameters set values from file contents, like `helm --set-file`.
	// +optional
	FileParameters []AppHelmFileParameter `json:"fileParameters,omitempty"`
	// Version selects the Helm major version ("v2" or "v3").
	// +optional
	Version string `json:"version,omitempty"`
	// PassCredentials sends repository credentials to every domain the chart pulls from.
	// +optional
	PassCredentials *bool `json:"passCredentials,omitempty"`
	// IgnoreMissingValueFiles skips value files that do not exist instead of failing.
	// +optional
	IgnoreMissingValueFiles *bool `json:"ignoreMissingValueFiles,omitempty"`
	// SkipCrds leaves out the chart's CRDs.
	// +optional
	SkipCrds *bool `json:"skipCrds,omitempty"`
	// ValuesObject is an inline values document as structured YAML; it wins over Values.
	// +optional
	// +kubebuilder:pruning:PreserveUnknownFields
	ValuesObject *runtime.RawExtension `json:"valuesObject,omitempty"`
	// Namespace is the namespace Helm templates with (default: the destination namespace).
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// SkipSchemaValidation turns off the chart's values.schema.json check.
	// +optional
	SkipSchemaValidation *bool `json:"skipSchemaValidation,omitempty"`
	// APIVersions are the API versions Helm sees as available ([group/]version/kind);
	// default: those of the destination cluster.
	// +optional
	APIVersions []string `json:"apiVersions,omitempty"`
	// KubeVersion is the Kubernetes version Helm templates for (semver, no "v");
	// default: that of the destination cluster.
	// +optional
	KubeVersion string `json:"kubeVersion,omitempty"`
	// SkipTests leaves out the chart's test manifests.
	// +optional
	SkipTests *bool `json:"skipTests,omitempty"`
}

// AppHelmParameter sets one Helm value.
type AppHelmParameter struct {
	// Name is the value's dotted path.
	// +optional
	Name string `json:"name,omitempty"`
	// Value to set.
	// +optional
	Value string `json:"value,omitempty"`
	// ForceString keeps Value a string (like `helm --set-string`).
	// +optional
	ForceString *bool `json:"forceString,omitempty"`
}

// AppHelmFileParameter sets one Helm value from a file's contents.
type AppHelmFileParameter struct {
	// Name is the value's dotted path.
	// +optional
	Name string `json:"name,omitempty"`
	// Path of the file, relative to the source path.
	// +optional
	Path string `json:"path,omitempty"`
}

// AppSourceKustomize holds Kustomize rendering options.
type AppSourceKustomize struct {
	// NamePrefix is prepended to resource names.
	// +optional
	NamePrefix string `json:"namePrefix,omitempty"`
	// NameSuffix is appended to resource names.
	// +optional
	NameSuffix string `json:"nameSuffix,omitempty"`
	// Images override container images ("[old=]new[:tag|@digest]").
	// +optional
	Images []string `json:"images,omitempty"`
	// CommonLabels are added to every resource.
	// +optional
	CommonLabels map[string]string `json:"commonLabels,omitempty"`
	// Version selects a Kustomize binary configured by the operator.
	// +optional
	Version string `json:"version,omitempty"`
	// CommonAnnotations are added to every resource.
	// +optional
	CommonAnnotations map[string]string `json:"commonAnnotations,omitempty"`
	// ForceCommonLabels lets CommonLabels overwrite existing labels.
	// +optional
	ForceCommonLabels *bool `json:"forceCommonLabels,omitempty"`
	// ForceCommonAnnotations lets CommonAnnotations overwrite existing annotations.
	// +optional
	ForceCommonAnnotations *bool `json:"forceCommonAnnotations,omitempty"`
	// Namespace is set on every namespaced resource.
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// CommonAnnotationsEnvsubst expands ${VAR} build variables in CommonAnnotations values.
	// +optional
	CommonAnnotationsEnvsubst *bool `json:"commonAnnotationsEnvsubst,omitempty"`
	// Replicas override replica counts of named workloads.
	// +optional
	Replicas []AppKustomizeReplica `json:"replicas,omitempty"`
	// Patches are applied on top of the kustomization.
	// +optional
	Patches []AppKustomizePatch `json:"patches,omitempty"`
	// Components are extra Kustomize components to include, relative to the source path.
	// +optional
	Components []string `json:"components,omitempty"`
	// LabelWithoutSelector keeps CommonLabels out of selectors (and out of templates
	// unless LabelIncludeTemplates is set).
	// +optional
	LabelWithoutSelector *bool `json:"labelWithoutSelector,omitempty"`
	// KubeVersion is the Kubernetes version passed to Helm charts inflated by Kustomize.
	// +optional
	KubeVersion string `json:"kubeVersion,omitempty"`
	// APIVersions are the API versions passed to Helm charts inflated by Kustomize.
	// +optional
	APIVersions []string `json:"apiVersions,omitempty"`
	// IgnoreMissingComponents skips components whose directory does not exist.
	// +optional
	IgnoreMissingComponents *bool `json:"ignoreMissingComponents,omitempty"`
	// LabelIncludeTemplates also puts CommonLabels on pod templates when
	// LabelWithoutSelector is set.
	// +optional
	LabelIncludeTemplates *bool `json:"labelIncludeTemplates,omitempty"`
}

// AppKustomizeReplica overrides the replica count of one workload.
type AppKustomizeReplica struct {
	// Name of the workload.
	Name string `json:"name"`
	// Count is the replica number (an integer or a numeric string).
	Count intstr.IntOrString `json:"count"`
}

// AppKustomizePatch is a strategic-merge or JSON 6902 patch, inline or from a file.
type AppKustomizePatch struct {
	// Path of a patch file, relative to the source path.
	// +optional
	Path string `json:"path,omitempty"`
	// Patch is the patch text itself.
	// +optional
	Patch string `json:"patch,omitempty"`
	// Target selects the resources to patch.
	// +optional
	Target *AppKustomizeSelector `json:"target,omitempty"`
	// Options are Kustomize patch options (e.g. allowNameChange, allowKindChange).
	// +optional
	Options map[string]bool `json:"options,omitempty"`
}

// AppKustomizeSelector selects resources for a Kustomize patch.
type AppKustomizeSelector struct {
	// +optional
	Group string `json:"group,omitempty"`
	// +optional
	Version string `json:"version,omitempty"`
	// +optional
	Kind string `json:"kind,omitempty"`
	// +optional
	Name string `json:"name,omitempty"`
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// AnnotationSelector is a selector over annotations.
	// +optional
	AnnotationSelector string `json:"annotationSelector,omitempty"`
	// LabelSelector is a selector over labels.
	// +optional
	LabelSelector string `json:"labelSelector,omitempty"`
}

// AppSourceDirectory holds options for directories of plain YAML/JSON or Jsonnet files.
type AppSourceDirectory struct {
	// Recurse also reads subdirectories.
	// +optional
	Recurse *bool `json:"recurse,omitempty"`
	// Jsonnet holds options for .jsonnet files.
	// +optional
	Jsonnet *AppSourceJsonnet `json:"jsonnet,omitempty"`
	// Exclude is a glob (or {a,b} list of globs) of files to skip; it wins over Include.
	// +optional
	Exclude string `json:"exclude,omitempty"`
	// Include is a glob (or {a,b} list of globs); when set, only matching files are used.
	// +optional
	Include string `json:"include,omitempty"`
	// DisableExtensionFilter reads files regardless of their extension.
	// +optional
	DisableExtensionFilter *bool `json:"disableExtensionFilter,omitempty"`
}

// AppSourceJsonnet holds Jsonnet evaluation options.
type AppSourceJsonnet struct {
	// ExtVars are external variables (std.extVar).
	// +optional
	ExtVars []AppJsonnetVar `json:"extVars,omitempty"`
	// TLAs are top-level arguments.
	// +optional
	TLAs []AppJsonnetVar `json:"tlas,omitempty"`
	// Libs are extra library search paths.
	// +optional
	Libs []string `json:"libs,omitempty"`
}

// AppJsonnetVar is a Jsonnet variable or argument.
type AppJsonnetVar struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	// Code evaluates Value as Jsonnet code instead of taking it as a string.
	// +optional
	Code *bool `json:"code,omitempty"`
}

// AppSourcePlugin holds options for a config management plugin.
type AppSourcePlugin struct {
	// Name selects the plugin; when empty, the plugin is found by its discovery rules.
	// +optional
	Name string `json:"name,omitempty"`
	// Env are environment variables for the plugin.
	// +optional
	Env []AppEnvEntry `json:"env,omitempty"`
	// Parameters are typed inputs for the plugin.
	// +optional
	Parameters []AppPluginParameter `json:"parameters,omitempty"`
}

// AppEnvEntry is one environment variable.
type AppEnvEntry struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// AppPluginParameter is a plugin input holding a string, a list or a map. The list and
// map live in embedded pointers so that an explicitly empty list or map survives a
// round trip (it differs from an absent one for plugins).
type AppPluginParameter struct {
	// Name of the parameter.
	// +optional
	Name string `json:"name,omitempty"`
	// String is the value of a string parameter.
	// +optional
	String *string `json:"string,omitempty"`

	*AppPluginParameterMap   `json:",omitempty"`
	*AppPluginParameterArray `json:",omitempty"`
}

// AppPluginParameterMap is the value of a map parameter.
type AppPluginParameterMap struct {
	// Map is the value of a map parameter.
	// +optional
	Map map[string]string `json:"map"`
}

// AppPluginParameterArray is the value of a list parameter.
type AppPluginParameterArray struct {
	// Array is the value of a list parameter.
	// +optional
	Array []string `json:"array"`
}

// AppSourceHydrator renders manifests from DrySource and commits the result, so the
// Application syncs from plain manifests in SyncSource.
type AppSourceHydrator struct {
	// DrySource is where the unrendered configuration lives.
	DrySource AppDrySource `json:"drySource"`
	// SyncSource is where rendered manifests are committed and synced from.
	SyncSource AppSyncSource `json:"syncSource"`
	// HydrateTo, when set, is a staging branch to commit to instead of
	// syncSource.targetBranch (promotion to the sync branch happens elsewhere).
	// +optional
	HydrateTo *AppHydrateTo `json:"hydrateTo,omitempty"`
}

// AppDrySource is the input of hydration.
type AppDrySource struct {
	RepoURL        string `json:"repoURL"`
	TargetRevision string `json:"targetRevision"`
	Path           string `json:"path"`
	// +optional
	Helm *AppSourceHelm `json:"helm,omitempty"`
	// +optional
	Kustomize *AppSourceKustomize `json:"kustomize,omitempty"`
	// +optional
	Directory *AppSourceDirectory `json:"directory,omitempty"`
	// +optional
	Plugin *AppSourcePlugin `json:"plugin,omitempty"`
}

// AppSyncSource is where hydrated manifests are written and read.
type AppSyncSource struct {
	// TargetBranch receives the hydrated manifests.
	TargetBranch string `json:"targetBranch"`
	// Path inside the branch; must not be the repository root.
	// +kubebuilder:validation:Pattern=`^.{2,}|[^./]$`
	Path string `json:"path"`
	// RepoURL is the repository to write to; default: drySource.repoURL.
	// +optional
	RepoURL string `json:"repoURL,omitempty"`
}

// AppHydrateTo is a staging branch for hydrated manifests.
type AppHydrateTo struct {
	TargetBranch string `json:"targetBranch"`
}
