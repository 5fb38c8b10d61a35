package v1alpha1

import (
	"fmt"
	"strings"
)

// Workflow fields whose meaning depends on their value (daemon: true, not false; an S3 option
// the executor cannot honour) cannot be listed as path patterns in unsupported_scope.go. These
// functions name them instead: api/validate denies them at admission and in lint, and the
// workflow controller refuses to run them, from this one list.

// UnimplementedFields returns the paths, relative to the spec, of workflow-level fields set
// in s that Skiff does not carry out (its templates are checked one by one, see
// Template.UnimplementedFields).
func (s *WorkflowSpec) UnimplementedFields() []string {
	var out []string
	add := func(set bool, path string) {
		if set {
			out = append(out, path)
		}
	}
	add(len(s.Hooks) > 0, "hooks")
	add(s.ArchiveLogs != nil && *s.ArchiveLogs, "archiveLogs")
	return out
}

// UnimplementedFields returns the paths, relative to the template, of fields set in t that
// Skiff does not carry out.
func (t *Template) UnimplementedFields() []string {
	var out []string
	add := func(set bool, path string) {
		if set {
			out = append(out, path)
		}
	}
	add(t.Daemon != nil && *t.Daemon, "daemon")
	// timeout becomes a pod's deadline; upstream does not apply it to steps or DAGs either.
	add(t.Timeout != "" && t.Container == nil && t.Script == nil && t.Resource == nil, "timeout")
	add(t.RetryStrategy != nil && t.RetryStrategy.Affinity != nil, "retryStrategy.affinity")
	add(t.DAG != nil && t.DAG.Target != "", "dag.target")
	if a := t.ArchiveLocation; a != nil {
		add(a.ArchiveLogs != nil && *a.ArchiveLogs, "archiveLocation.archiveLogs")
		add(a.S3 != nil || a.HTTP != nil || a.Raw != nil || a.Git != nil, "archiveLocation")
	}
	for i, group := range t.Steps {
		for j, s := range group {
			add(len(s.Hooks) > 0, fmt.Sprintf("steps[%d][%d].hooks", i, j))
		}
	}
	if t.DAG != nil {
		for i, task := range t.DAG.Tasks {
			add(len(task.Hooks) > 0, fmt.Sprintf("dag.tasks[%d].hooks", i))
		}
	}
	for i := range t.Inputs.Artifacts {
		out = append(out, t.Inputs.Artifacts[i].unimplemented(fmt.Sprintf("inputs.artifacts[%d]", i), false)...)
	}
	for i := range t.Outputs.Artifacts {
		out = append(out, t.Outputs.Artifacts[i].unimplemented(fmt.Sprintf("outputs.artifacts[%d]", i), true)...)
	}
	return out
}

// unimplemented names the artifact options the executor does not carry out. Drivers other
// than S3, HTTP and raw are denied by pattern (unsupported_scope.go) before this runs; git is
// modelled for inputs but not fetched yet.
func (a *Artifact) unimplemented(place string, output bool) []string {
	var out []string
	add := func(set bool, name string) {
		if set {
			out = append(out, place+"."+name)
		}
	}
	add(a.Git != nil, "git")
	add(output && a.HTTP != nil, "http")
	add(output && a.Raw != nil, "raw")
	add(a.HTTP != nil && a.HTTP.Auth != nil, "http.auth")
	add(a.Archive != nil && a.Archive.Zip != nil, "archive.zip")
	add(a.SubPath != "", "subPath")
	add(a.RecurseMode, "recurseMode")
	add(a.FromExpression != "", "fromExpression")
	add(a.ArchiveLogs != nil && *a.ArchiveLogs, "archiveLogs")
	add(!output && a.ArtifactGC != nil, "artifactGC") // outputs' is denied by pattern
	if a.S3 != nil {
		if f := a.S3.UnimplementedOptions(); f != "" {
			add(true, "s3."+f)
		}
	}
	return out
}

// UnimplementedOptions names the S3 options the executor does not carry out, comma-separated
// (the controller also checks an artifact repository's bucket with it).
func (b *S3Bucket) UnimplementedOptions() string {
	var f []string
	add := func(set bool, name string) {
		if set {
			f = append(f, name)
		}
	}
	add(b.RoleARN != "", "roleARN")
	add(b.UseSDKCreds, "useSDKCreds")
	add(b.SessionTokenSecret != nil, "sessionTokenSecret")
	add(b.CASecret != nil, "caSecret")
	add(b.EncryptionOptions != nil, "encryptionOptions")
	add(b.CreateBucketIfNotPresent != nil, "createBucketIfNotPresent")
	return strings.Join(f, ", ")
}
