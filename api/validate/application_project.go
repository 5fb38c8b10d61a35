package validate

import (
	"context"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// cdPermitted checks an Application against its AppProject, fetched through opts.Lookup from
// the Application's namespace (where Argo CD keeps projects).
func cdPermitted(ctx context.Context, a *v1alpha1.Application, sources []v1alpha1.ApplicationSource, srcPath func(int) *field.Path, opts Options) Result {
	var res Result
	if opts.Lookup == nil {
		return res
	}
	name := a.Spec.Project
	if name == "" {
		name = cdDefaultProject
	}
	pp := field.NewPath("spec", "project")
	var proj v1alpha1.AppProject
	_, missing, err := oGet(ctx, opts, a.Namespace, name, &proj)
	switch {
	case err != nil:
		res.Warnf(pp, "could not look AppProject %q up: %v", name, err)
		return res
	case missing:
		res.Errors = append(res.Errors, field.NotFound(pp, name))
		return res
	}
	for i, s := range sources {
		if s.RepoURL == "" {
			continue
		}
		if !cdPatternList(proj.Spec.SourceRepos, s.RepoURL) && !cdPatternList(proj.Spec.SourceRepos, cdNormalizeRepo(s.RepoURL)) {
			res.Errors = append(res.Errors, field.Invalid(srcPath(i).Child("repoURL"), s.RepoURL,
				fmt.Sprintf("application repo %s is not permitted in project '%s'", s.RepoURL, name)))
		}
	}
	dst := a.Spec.Destination
	if dst.Server == "" && dst.Name == "" {
		return res
	}
	switch cdDestinationPermitted(proj.Spec.Destinations, dst) {
	case cdDenied:
		res.Errors = append(res.Errors, field.Invalid(field.NewPath("spec", "destination"), cdDestString(dst),
			fmt.Sprintf("application destination %s is not permitted in project '%s'", cdDestString(dst), name)))
	case cdUnknown:
		res.Warnf(field.NewPath("spec", "destination"), "destination %s names a cluster the project lists by server (or the reverse): checked when the cluster is resolved", cdDestString(dst))
	}
	if len(proj.Spec.SourceNamespaces) > 0 && a.Namespace != "" && !cdPatternList(proj.Spec.SourceNamespaces, a.Namespace) {
		// Argo CD only enforces sourceNamespaces for Applications outside its own namespace,
		// which Skiff cannot tell offline: say so, do not deny.
		res.Warnf(field.NewPath("metadata", "namespace"), "namespace %q is not among project %q's sourceNamespaces", a.Namespace, name)
	}
	return res
}

func cdDestString(d v1alpha1.AppDestination) string {
	if d.Name != "" {
		return fmt.Sprintf("{name %q, namespace %q}", d.Name, d.Namespace)
	}
	return fmt.Sprintf("{server %q, namespace %q}", d.Server, d.Namespace)
}

type cdVerdict int

const (
	cdAllowed cdVerdict = iota
	cdDenied
	cdUnknown
)

// cdDestinationPermitted matches the destination against the project's: a negated pattern
// that matches denies, else any matching entry allows. An Application naming its cluster
// by name only matches entries by name (or the in-cluster alias); entries listed by server
// only cannot be decided without the cluster list.
func cdDestinationPermitted(entries []v1alpha1.AppDestination, dst v1alpha1.AppDestination) cdVerdict {
	server, name := dst.Server, dst.Name
	if name == cdInClusterName && server == "" {
		server = cdInClusterServer
	}
	if server == cdInClusterServer && name == "" {
		name = cdInClusterName
	}
	allowed, unknown := false, false
	for _, e := range entries {
		nsOK, nsNeg := cdMatchOne(e.Namespace, dst.Namespace)
		var clOK, clNeg, decided bool
		switch {
		case e.Server != "" && server != "":
			clOK, clNeg = cdMatchOne(e.Server, server)
			decided = true
		case e.Name != "" && name != "":
			clOK, clNeg = cdMatchOne(e.Name, name)
			decided = true
		}
		if !decided {
			if nsOK {
				unknown = true
			}
			continue
		}
		if (clNeg && !clOK && nsOK) || (nsNeg && !nsOK && clOK) {
			return cdDenied
		}
		if clOK && nsOK {
			allowed = true
		}
	}
	switch {
	case allowed:
		return cdAllowed
	case unknown:
		return cdUnknown
	}
	return cdDenied
}

// cdMatchOne matches one pattern. For a negated pattern ("!x") ok reports that the value is
// NOT excluded, and neg is true.
func cdMatchOne(pattern, value string) (ok, neg bool) {
	if p, isNeg := strings.CutPrefix(pattern, "!"); isNeg {
		return !cdGlobMatch(p, value), true
	}
	return cdGlobMatch(pattern, value), false
}

// cdNormalizeRepo drops a trailing ".git" and slash, as Argo CD compares repositories.
func cdNormalizeRepo(u string) string {
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(u, "/"), ".git"), "/")
}
