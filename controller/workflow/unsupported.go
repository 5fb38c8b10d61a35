package workflow

import (
	"fmt"
	"strings"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// This controller is part 1 of the Workflow controller. Fields the API accepts but this
// controller does not carry out yet are never ignored silently: a workflow-level one fails
// the workflow (phase Error) before anything runs, a template-level one errors its node,
// and the few that only concern cleanup become a SpecWarning condition.

// unsupportedSpec lists the spec fields that stop a workflow, and those it only warns about.
func unsupportedSpec(spec *v1alpha1.WorkflowSpec) (errs, warns []string) {
	check := func(set bool, path string) {
		if set {
			errs = append(errs, "spec."+path)
		}
	}
	check(spec.TemplateDefaults != nil, "templateDefaults")
	check(len(spec.Hooks) > 0, "hooks")
	warn := func(set bool, path string) {
		if set {
			warns = append(warns, "spec."+path)
		}
	}
	warn(spec.ArchiveLogs != nil, "archiveLogs")
	return errs, warns
}

// unsupportedTemplate names the first field of a template this controller cannot run yet.
func unsupportedTemplate(t *v1alpha1.Template) string {
	switch {
	case t.Daemon != nil && *t.Daemon:
		return "daemon"
	case unsupportedArtifacts(t) != "": // artifacts_pod.go
		return unsupportedArtifacts(t)
	case t.RetryStrategy != nil && t.RetryStrategy.Affinity != nil:
		return "retryStrategy.affinity"
	case t.DAG != nil && t.DAG.Target != "":
		return "dag.target"
	}
	for _, group := range t.Steps {
		for _, s := range group {
			if len(s.Hooks) > 0 {
				return "steps[].hooks"
			}
		}
	}
	if t.DAG != nil {
		for _, task := range t.DAG.Tasks {
			if len(task.Hooks) > 0 {
				return "dag.tasks[].hooks"
			}
		}
	}
	return ""
}

func notSupported(paths []string) string {
	return fmt.Sprintf("not supported by the Skiff workflow controller yet: %s", strings.Join(paths, ", "))
}
