package validate

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

const (
	cdInClusterName   = "in-cluster"
	cdInClusterServer = "https://kubernetes.default.svc"
	cdDefaultProject  = "default"
)

// cdSyncOptions are the sync options Argo CD accepts, with the values each takes (nil: any).
var cdSyncOptions = map[string][]string{
	"Validate":                    {"true", "false"},
	"CreateNamespace":             {"true", "false"},
	"PrunePropagationPolicy":      {"foreground", "background", "orphan"},
	"PruneLast":                   {"true", "false"},
	"ApplyOutOfSyncOnly":          {"true", "false"},
	"ServerSideApply":             {"true", "false"},
	"Replace":                     {"true", "false"},
	"Prune":                       {"true", "false", "confirm"},
	"Delete":                      {"true", "false", "confirm"},
	"RespectIgnoreDifferences":    {"true", "false"},
	"FailOnSharedResource":        {"true", "false"},
	"SkipDryRunOnMissingResource": {"true", "false"},
}

// cdHookTypes and cdHookDeletePolicies are the values of the hook annotations.
var (
	cdHookTypes          = []string{"PreSync", "Sync", "PostSync", "SyncFail", "PostDelete", "PreDelete", "Skip"}
	cdHookDeletePolicies = []string{"HookSucceeded", "HookFailed", "BeforeHookCreation"}
)

// Application validates an Application. With opts.Lookup its AppProject is fetched and the
// destination and sources must be permitted by it; a project that does not exist is an error
// then (Argo CD refuses such an Application), and skipped when offline.
func Application(ctx context.Context, a *v1alpha1.Application, opts Options) Result {
	var res Result
	sp := field.NewPath("spec")
	add := func(errs ...*field.Error) { res.Errors = append(res.Errors, errs...) }
	add(cdAnnotations(a.Annotations)...)

	dst := a.Spec.Destination
	dp := sp.Child("destination")
	switch {
	case dst.Server == "" && dst.Name == "":
		add(field.Required(dp, "a destination needs a server or a name"))
	case dst.Server != "" && dst.Name != "":
		add(field.Invalid(dp.Child("name"), dst.Name, "application destination can't have both name and server defined"))
	}

	sources := a.Spec.Sources
	srcPath := func(i int) *field.Path { return sp.Child("sources").Index(i) }
	if a.Spec.Source != nil && len(a.Spec.Sources) > 0 {
		res.Warnf(sp.Child("source"), "ignored: spec.sources is set and takes precedence")
	}
	if len(sources) == 0 && a.Spec.Source != nil {
		sources = []v1alpha1.ApplicationSource{*a.Spec.Source}
		srcPath = func(int) *field.Path { return sp.Child("source") }
	}
	if len(sources) == 0 && a.Spec.SourceHydrator == nil {
		add(field.Required(sp.Child("source"), "an Application needs a source, sources or sourceHydrator"))
	}
	refs := oNames{}
	for i := range sources {
		add(cdSource(&sources[i], srcPath(i), len(a.Spec.Sources) > 0)...)
		if r := sources[i].Ref; r != "" {
			if e := refs.oUnique(srcPath(i).Child("ref"), r); e != nil {
				add(e)
			}
		}
	}
	if a.Spec.RevisionHistoryLimit != nil && *a.Spec.RevisionHistoryLimit < 0 {
		add(field.Invalid(sp.Child("revisionHistoryLimit"), *a.Spec.RevisionHistoryLimit, "must be greater than or equal to 0"))
	}
	for i, d := range a.Spec.IgnoreDifferences {
		if d.Kind == "" {
			add(field.Required(sp.Child("ignoreDifferences").Index(i).Child("kind"), ""))
		}
	}
	if sy := a.Spec.SyncPolicy; sy != nil {
		pp := sp.Child("syncPolicy")
		add(cdSyncOptionList(pp.Child("syncOptions"), sy.SyncOptions)...)
		add(cdRetry(pp.Child("retry"), sy.Retry)...)
	}
	if op := a.Operation; op != nil {
		if op.Sync != nil {
			add(cdSyncOptionList(field.NewPath("operation", "sync", "syncOptions"), op.Sync.SyncOptions)...)
		}
		add(cdRetry(field.NewPath("operation", "retry"), op.Retry)...)
	}
	res.Merge(cdPermitted(ctx, a, sources, srcPath, opts))
	return res
}

func cdSource(s *v1alpha1.ApplicationSource, p *field.Path, multi bool) field.ErrorList {
	var errs field.ErrorList
	if s.RepoURL == "" {
		errs = append(errs, field.Required(p.Child("repoURL"), ""))
	}
	var kinds []string
	if s.Helm != nil {
		kinds = append(kinds, "helm")
	}
	if s.Kustomize != nil {
		kinds = append(kinds, "kustomize")
	}
	if s.Directory != nil {
		kinds = append(kinds, "directory")
	}
	if s.Plugin != nil {
		kinds = append(kinds, "plugin")
	}
	if len(kinds) > 1 {
		errs = append(errs, field.Invalid(p, strings.Join(kinds, ", "), "multiple application sources defined: set only one of helm, kustomize, directory and plugin"))
	}
	if s.Chart != "" && s.Path != "" {
		errs = append(errs, field.Invalid(p.Child("chart"), s.Chart, "a source sets either chart (a Helm repository) or path (a Git repository), not both"))
	}
	if s.Ref != "" && !multi {
		errs = append(errs, field.Invalid(p.Child("ref"), s.Ref, "ref is only meaningful in spec.sources"))
	}
	if s.Chart != "" && s.Kustomize != nil {
		errs = append(errs, field.Invalid(p.Child("kustomize"), "kustomize", "a Helm chart source cannot use kustomize"))
	}
	if k := s.Kustomize; k != nil {
		for i, r := range k.Replicas {
			if r.Name == "" {
				errs = append(errs, field.Required(p.Child("kustomize", "replicas").Index(i).Child("name"), ""))
			}
			errs = append(errs, oIntOrArg(p.Child("kustomize", "replicas").Index(i).Child("count"), &r.Count)...)
		}
	}
	if h := s.Helm; h != nil && h.Values != "" && h.ValuesObject != nil {
		errs = append(errs, field.Invalid(p.Child("helm", "values"), "<values>", "values and valuesObject are mutually exclusive"))
	}
	return errs
}

// cdSyncOptionList: each option is Name=value, a name Argo CD knows and a value it takes.
func cdSyncOptionList(p *field.Path, opts []string) field.ErrorList {
	var errs field.ErrorList
	for i, o := range opts {
		o = strings.TrimSpace(o)
		name, value, ok := strings.Cut(o, "=")
		allowed, known := cdSyncOptions[name]
		switch {
		case !ok:
			errs = append(errs, field.Invalid(p.Index(i), o, fmt.Sprintf("sync option %q must be written Name=value", o)))
		case !known:
			errs = append(errs, field.NotSupported(p.Index(i), name, oSortedKeys(cdSyncOptions)))
		default:
			if !oContains(allowed, value) {
				errs = append(errs, field.Invalid(p.Index(i), o, fmt.Sprintf("sync option %s takes one of: %s", name, strings.Join(allowed, ", "))))
			}
		}
	}
	return errs
}

func cdRetry(p *field.Path, r *v1alpha1.AppRetryStrategy) field.ErrorList {
	if r == nil || r.Backoff == nil {
		return nil
	}
	var errs field.ErrorList
	b := r.Backoff
	bp := p.Child("backoff")
	for _, f := range []struct{ name, v string }{{"duration", b.Duration}, {"maxDuration", b.MaxDuration}} {
		if f.v == "" {
			continue
		}
		if _, err := strconv.Atoi(f.v); err == nil {
			continue // Argo CD reads a bare number as seconds
		}
		if _, err := time.ParseDuration(f.v); err != nil {
			errs = append(errs, field.Invalid(bp.Child(f.name), f.v, "must be a duration such as \"5s\" or \"3m\""))
		}
	}
	if b.Factor != nil && *b.Factor < 1 {
		errs = append(errs, field.Invalid(bp.Child("factor"), *b.Factor, "must be at least 1"))
	}
	return errs
}

// cdAnnotations checks the sync annotations on the Application itself (an Application managed
// by another Application, app-of-apps style, is ordered and hooked by them).
func cdAnnotations(ann map[string]string) field.ErrorList {
	var errs field.ErrorList
	ap := field.NewPath("metadata", "annotations")
	if v, ok := ann["argocd.argoproj.io/sync-wave"]; ok {
		if _, err := strconv.Atoi(strings.TrimSpace(v)); err != nil {
			errs = append(errs, field.Invalid(ap.Key("argocd.argoproj.io/sync-wave"), v, "must be an integer"))
		}
	}
	for key, allowed := range map[string][]string{"argocd.argoproj.io/hook": cdHookTypes, "argocd.argoproj.io/hook-delete-policy": cdHookDeletePolicies} {
		v, ok := ann[key]
		if !ok {
			continue
		}
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); !oContains(allowed, h) {
				errs = append(errs, field.NotSupported(ap.Key(key), h, allowed))
			}
		}
	}
	return errs
}

func oContains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
