package validate

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func baseApplication() *v1alpha1.Application {
	return &v1alpha1.Application{
		ObjectMeta: metav1.ObjectMeta{Name: "guestbook", Namespace: "argocd"},
		Spec: v1alpha1.ApplicationSpec{
			Project:     "p",
			Source:      &v1alpha1.ApplicationSource{RepoURL: "https://github.com/org/apps.git", Path: "guestbook"},
			Destination: v1alpha1.AppDestination{Server: "https://kubernetes.default.svc", Namespace: "guestbook"},
			SyncPolicy:  &v1alpha1.AppSyncPolicy{SyncOptions: []string{"CreateNamespace=true", "PrunePropagationPolicy=foreground"}},
		},
	}
}

func baseProject() *v1alpha1.AppProject {
	return &v1alpha1.AppProject{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "argocd"},
		Spec: v1alpha1.AppProjectSpec{
			SourceRepos:  []string{"https://github.com/org/*"},
			Destinations: []v1alpha1.AppDestination{{Server: "https://kubernetes.default.svc", Namespace: "guest*"}, {Name: "prod", Namespace: "!kube-system"}},
			SyncWindows:  []v1alpha1.AppSyncWindow{{Kind: "deny", Schedule: "0 22 * * *", Duration: "1h", Applications: []string{"*"}, TimeZone: "Europe/Paris"}},
		},
	}
}

func TestApplicationRules(t *testing.T) {
	withProject := oLookup{}.add("p", baseProject())
	oRun(t, baseApplication, Application, []oCase[*v1alpha1.Application]{
		{name: "valid offline"},
		{name: "valid with project", lookup: withProject},
		{name: "project missing", lookup: oLookup{}, want: `spec.project: Not found: "p"`},
		{name: "destination not permitted", lookup: withProject, mutate: func(a *v1alpha1.Application) { a.Spec.Destination.Namespace = "prod" },
			want: `application destination {server "https://kubernetes.default.svc", namespace "prod"} is not permitted in project 'p'`},
		{name: "destination by name permitted", lookup: withProject, mutate: func(a *v1alpha1.Application) {
			a.Spec.Destination = v1alpha1.AppDestination{Name: "prod", Namespace: "web"}
		}},
		{name: "destination denied by negation", lookup: withProject, mutate: func(a *v1alpha1.Application) {
			a.Spec.Destination = v1alpha1.AppDestination{Name: "prod", Namespace: "kube-system"}
		}, want: "is not permitted in project 'p'"},
		{name: "repo not permitted", lookup: withProject, mutate: func(a *v1alpha1.Application) { a.Spec.Source.RepoURL = "https://gitlab.com/x/y.git" },
			want: "application repo https://gitlab.com/x/y.git is not permitted in project 'p'"},
		{name: "server and name", mutate: func(a *v1alpha1.Application) { a.Spec.Destination.Name = "in-cluster" }, want: "can't have both name and server"},
		{name: "no destination", mutate: func(a *v1alpha1.Application) { a.Spec.Destination = v1alpha1.AppDestination{} }, want: "spec.destination: Required value"},
		{name: "no repoURL", mutate: func(a *v1alpha1.Application) { a.Spec.Source.RepoURL = "" }, want: "spec.source.repoURL: Required value"},
		{name: "helm and kustomize", mutate: func(a *v1alpha1.Application) {
			a.Spec.Source.Helm, a.Spec.Source.Kustomize = &v1alpha1.AppSourceHelm{}, &v1alpha1.AppSourceKustomize{}
		}, want: "multiple application sources defined"},
		{name: "unknown sync option", mutate: func(a *v1alpha1.Application) { a.Spec.SyncPolicy.SyncOptions = []string{"Foo=true"} }, want: `spec.syncPolicy.syncOptions[0]: Unsupported value: "Foo"`},
		{name: "bad sync option value", mutate: func(a *v1alpha1.Application) {
			a.Spec.SyncPolicy.SyncOptions = []string{"PrunePropagationPolicy=later"}
		}, want: "takes one of"},
		{name: "retry backoff bad", mutate: func(a *v1alpha1.Application) {
			a.Spec.SyncPolicy.Retry = &v1alpha1.AppRetryStrategy{Backoff: &v1alpha1.AppBackoff{Duration: "5 secs"}}
		}, want: "spec.syncPolicy.retry.backoff.duration"},
		{name: "retry backoff ok", mutate: func(a *v1alpha1.Application) {
			a.Spec.SyncPolicy.Retry = &v1alpha1.AppRetryStrategy{Backoff: &v1alpha1.AppBackoff{Duration: "5s", MaxDuration: "3m"}}
		}},
		{name: "sync wave not integer", mutate: func(a *v1alpha1.Application) {
			a.Annotations = map[string]string{"argocd.argoproj.io/sync-wave": "first"}
		}, want: "sync-wave"},
		{name: "sync wave integer", mutate: func(a *v1alpha1.Application) { a.Annotations = map[string]string{"argocd.argoproj.io/sync-wave": "-2"} }},
		{name: "hook unknown", mutate: func(a *v1alpha1.Application) {
			a.Annotations = map[string]string{"argocd.argoproj.io/hook": "PreSync,Later"}
		}, want: `Unsupported value: "Later"`},
	})
}

func TestValidateAppProjectRules(t *testing.T) {
	oRun(t, baseProject, AppProject, []oCase[*v1alpha1.AppProject]{
		{name: "valid"},
		{name: "destination without cluster", mutate: func(p *v1alpha1.AppProject) { p.Spec.Destinations[0].Server = "" }, want: "spec.destinations[0]: Required value"},
		{name: "namespace glob broken", mutate: func(p *v1alpha1.AppProject) { p.Spec.Destinations[0].Namespace = "team-[a" }, want: "unclosed '['"},
		{name: "source repo glob broken", mutate: func(p *v1alpha1.AppProject) { p.Spec.SourceRepos = []string{"https://{a,b"} }, want: "spec.sourceRepos[0]"},
		{name: "window kind", mutate: func(p *v1alpha1.AppProject) { p.Spec.SyncWindows[0].Kind = "maybe" }, want: "spec.syncWindows[0].kind: Unsupported value"},
		{name: "window schedule", mutate: func(p *v1alpha1.AppProject) { p.Spec.SyncWindows[0].Schedule = "every night" }, want: "spec.syncWindows[0].schedule"},
		{name: "window duration", mutate: func(p *v1alpha1.AppProject) { p.Spec.SyncWindows[0].Duration = "1 hour" }, want: "spec.syncWindows[0].duration"},
		{name: "window time zone", mutate: func(p *v1alpha1.AppProject) { p.Spec.SyncWindows[0].TimeZone = "Mars/Olympus" }, want: "spec.syncWindows[0].timeZone"},
		{name: "window descriptor", mutate: func(p *v1alpha1.AppProject) { p.Spec.SyncWindows[0].Schedule = "@daily" }},
	})
}

func TestValidateCdGlob(t *testing.T) {
	for _, c := range []struct {
		pattern, value string
		match          bool
	}{
		{"*", "anything/at/all", true}, {"guest*", "guestbook", true}, {"guest*", "prod", false},
		{"team-{a,b}", "team-b", true}, {"team-{a,b}", "team-c", false}, {"ns-[0-9]", "ns-4", true}, {"a.b", "axb", false},
	} {
		if got := cdGlobMatch(c.pattern, c.value); got != c.match {
			t.Errorf("cdGlobMatch(%q, %q) = %t, want %t", c.pattern, c.value, got, c.match)
		}
	}
}
