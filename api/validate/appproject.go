package validate

import (
	"context"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/schedule"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// AppProject validates an AppProject: destinations name a cluster (server or name) and carry
// patterns that compile, source repositories and namespaces are patterns that compile, and
// sync windows have a kind, a cron schedule, a duration and a time zone that load.
func AppProject(_ context.Context, p *v1alpha1.AppProject, _ Options) Result {
	var res Result
	sp := field.NewPath("spec")
	add := func(errs ...*field.Error) { res.Errors = append(res.Errors, errs...) }
	seen := map[v1alpha1.AppDestination]bool{}
	for i, d := range p.Spec.Destinations {
		dp := sp.Child("destinations").Index(i)
		if d.Server == "" && d.Name == "" {
			add(field.Required(dp, "a destination needs a server or a name (either may be a pattern such as '*')"))
		}
		add(cdPatternField(dp.Child("server"), d.Server)...)
		add(cdPatternField(dp.Child("name"), d.Name)...)
		add(cdPatternField(dp.Child("namespace"), d.Namespace)...)
		if seen[d] {
			add(field.Duplicate(dp, d))
		}
		seen[d] = true
	}
	for i, r := range p.Spec.SourceRepos {
		rp := sp.Child("sourceRepos").Index(i)
		if r == "" {
			add(field.Required(rp, "an empty pattern matches no repository"))
		}
		add(cdPatternField(rp, r)...)
	}
	for i, n := range p.Spec.SourceNamespaces {
		add(cdPatternField(sp.Child("sourceNamespaces").Index(i), n)...)
	}
	for i, item := range p.Spec.ClusterResourceWhitelist {
		add(cdResourceItem(sp.Child("clusterResourceWhitelist").Index(i), item)...)
	}
	for i, item := range p.Spec.ClusterResourceBlacklist {
		add(cdResourceItem(sp.Child("clusterResourceBlacklist").Index(i), item)...)
	}
	for i, w := range p.Spec.SyncWindows {
		add(cdSyncWindow(sp.Child("syncWindows").Index(i), w)...)
	}
	return res
}

func cdPatternField(p *field.Path, pattern string) field.ErrorList {
	if pattern == "" {
		return nil
	}
	if _, err := cdGlob(strings.TrimPrefix(pattern, "!")); err != nil {
		return field.ErrorList{field.Invalid(p, pattern, err.Error())}
	}
	return nil
}

func cdResourceItem(p *field.Path, item v1alpha1.AppClusterResourceRestrictionItem) field.ErrorList {
	var errs field.ErrorList
	if item.Kind == "" {
		errs = append(errs, field.Required(p.Child("kind"), ""))
	}
	errs = append(errs, cdPatternField(p.Child("group"), item.Group)...)
	errs = append(errs, cdPatternField(p.Child("kind"), item.Kind)...)
	if item.Name != nil {
		errs = append(errs, cdPatternField(p.Child("name"), *item.Name)...)
	}
	return errs
}

func cdSyncWindow(p *field.Path, w v1alpha1.AppSyncWindow) field.ErrorList {
	var errs field.ErrorList
	if w.Kind != "allow" && w.Kind != "deny" {
		errs = append(errs, field.NotSupported(p.Child("kind"), w.Kind, []string{"allow", "deny"}))
	}
	if w.Schedule == "" {
		errs = append(errs, field.Required(p.Child("schedule"), "a cron schedule such as '0 22 * * *'"))
	} else if _, err := schedule.One(w.Schedule); overLimit(err) {
		errs = append(errs, invalidText(p.Child("schedule"), w.Schedule, "schedule "+err.Error(), err))
	} else if err != nil {
		errs = append(errs, field.Invalid(p.Child("schedule"), w.Schedule, "cannot parse schedule: "+err.Error()))
	}
	if w.Duration == "" {
		errs = append(errs, field.Required(p.Child("duration"), "a duration such as '1h'"))
	} else if d, err := time.ParseDuration(w.Duration); err != nil || d <= 0 {
		errs = append(errs, field.Invalid(p.Child("duration"), w.Duration, "cannot parse duration: must be a positive duration such as '1h' or '30m'"))
	}
	if w.TimeZone != "" {
		if _, err := time.LoadLocation(w.TimeZone); err != nil {
			errs = append(errs, field.Invalid(p.Child("timeZone"), w.TimeZone, "unknown time zone"))
		}
	}
	if len(w.Applications)+len(w.Namespaces)+len(w.Clusters) == 0 {
		errs = append(errs, field.Required(p, "a sync window must name applications, namespaces or clusters"))
	}
	for _, l := range []struct {
		name string
		v    []string
	}{{"applications", w.Applications}, {"namespaces", w.Namespaces}, {"clusters", w.Clusters}} {
		for i, s := range l.v {
			errs = append(errs, cdPatternField(p.Child(l.name).Index(i), s)...)
		}
	}
	return errs
}
