package workflow

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Artifacts travel through the scope as JSON: "steps.X.outputs.artifacts.Y" (and tasks.,
// workflow.outputs.artifacts.) holds the artifact as recorded in the node's outputs, so a
// later `from` gets its full location.

// artifactScope adds a node's output artifacts under prefix ("steps.gen", "tasks.A").
func artifactScope(m map[string]string, prefix string, out *v1alpha1.Outputs) {
	for _, a := range out.Artifacts {
		b, err := json.Marshal(a)
		if err == nil {
			m[prefix+".outputs.artifacts."+a.Name] = string(b)
		}
	}
}

// lookupArtifact resolves a `from` reference ("{{steps.X.outputs.artifacts.Y}}").
func lookupArtifact(sc scope, from string) (*v1alpha1.Artifact, error) {
	inner := strings.TrimSpace(from)
	if !strings.HasPrefix(inner, "{{") || !strings.HasSuffix(inner, "}}") {
		return nil, fmt.Errorf("from %q is not a {{...}} reference to an artifact", from)
	}
	inner = strings.TrimSpace(inner[2 : len(inner)-2])
	v, ok := sc[inner]
	if !ok || !strings.Contains(inner, ".outputs.artifacts.") {
		return nil, fmt.Errorf("unable to resolve artifact %s", from)
	}
	a := &v1alpha1.Artifact{}
	if err := json.Unmarshal([]byte(v), a); err != nil {
		return nil, fmt.Errorf("artifact %s: %w", from, err)
	}
	return a, nil
}

// resolveArtifactArgs binds the `from` of a step's or task's artifact arguments in the
// caller's scope, and substitutes tags in their locations. An optional argument whose
// source produced nothing is passed without a location.
func resolveArtifactArgs(args *v1alpha1.Arguments, sc scope) error {
	for i := range args.Artifacts {
		a := &args.Artifacts[i]
		if a.From == "" {
			continue
		}
		src, err := lookupArtifact(sc, a.From)
		if err != nil {
			if a.Optional != nil && *a.Optional {
				a.From = ""
				continue
			}
			return fmt.Errorf("arguments.artifacts.%s: %w", a.Name, err)
		}
		a.ArtifactLocation = *src.ArtifactLocation.DeepCopy()
		a.From = ""
	}
	for i := range args.Artifacts {
		loc := &args.Artifacts[i].ArtifactLocation
		var err error
		sub := func(p *string) {
			if err == nil && *p != "" {
				*p, err = sc.substitute(*p)
			}
		}
		if loc.S3 != nil {
			sub(&loc.S3.Key)
		}
		if loc.HTTP != nil {
			sub(&loc.HTTP.URL)
		}
		if loc.Raw != nil {
			sub(&loc.Raw.Data)
		}
		if err != nil {
			return fmt.Errorf("arguments.artifacts.%s: %w", args.Artifacts[i].Name, err)
		}
	}
	return nil
}

// bindArtifacts gives a template's input artifacts their locations (from the arguments,
// else their own, else nothing when optional) and, for a pod template, each output artifact
// the object it is uploaded to. vals gets inputs.artifacts.<name>.path.
func (o *operation) bindArtifacts(tmpl *v1alpha1.Template, args v1alpha1.Arguments, vals map[string]string) error {
	for i := range tmpl.Inputs.Artifacts {
		in := &tmpl.Inputs.Artifacts[i]
		if arg := findArtifact(args.Artifacts, in.Name); arg != nil {
			if arg.From != "" { // only a step's or task's arguments are resolved in a scope
				return fmt.Errorf("arguments.artifacts.%s: from %q cannot be resolved here", arg.Name, arg.From)
			}
			if artifactHasLocation(&arg.ArtifactLocation) {
				in.ArtifactLocation = *arg.ArtifactLocation.DeepCopy()
			}
		}
		switch {
		case in.From != "":
			return fmt.Errorf("inputs.artifacts.%s: from belongs in the step's or task's arguments", in.Name)
		case artifactHasLocation(&in.ArtifactLocation):
		case in.Optional != nil && *in.Optional:
		default:
			return fmt.Errorf("inputs.artifacts.%s was not supplied", in.Name)
		}
		if in.S3 != nil && (in.S3.Bucket == "" || in.S3.Endpoint == "") {
			if err := o.fillFromRepository(in); err != nil {
				return err
			}
		}
		vals["inputs.artifacts."+in.Name+".path"] = in.Path
	}
	if tmpl.Container == nil && tmpl.Script == nil {
		return nil
	}
	for i := range tmpl.Outputs.Artifacts {
		out := &tmpl.Outputs.Artifacts[i]
		if out.From != "" {
			return fmt.Errorf("outputs.artifacts.%s: from is for steps and DAG templates; a container's output artifact needs a path", out.Name)
		}
		if !artifactHasLocation(&out.ArtifactLocation) {
			out.S3 = &v1alpha1.S3Artifact{}
		}
		if out.S3 != nil && (out.S3.Bucket == "" || out.S3.Endpoint == "" || out.S3.Key == "") {
			if err := o.fillFromRepository(out); err != nil {
				return err
			}
		}
	}
	return nil
}

// fillFromRepository completes a partial s3 location from the artifact repository: the
// bucket settings, and a key made of the repository's key format and the artifact's file
// name ("<name>.tgz", or the file's own name with archive none), as upstream names them.
func (o *operation) fillFromRepository(a *v1alpha1.Artifact) error {
	repo, err := o.artifactRepository()
	if err != nil {
		return fmt.Errorf("artifact %q: %w", a.Name, err)
	}
	s3 := a.S3
	if s3.Bucket == "" && s3.Endpoint == "" {
		key := s3.Key
		s3.S3Bucket = *repo.S3Bucket.DeepCopy()
		s3.Key = key
	} else if s3.Bucket == "" || s3.Endpoint == "" {
		return fmt.Errorf("artifact %q: s3 sets only one of bucket and endpoint", a.Name)
	}
	if s3.Key == "" {
		s3.Key = path.Join(repositoryKeyFormat(repo), artifactFileName(a))
	}
	return nil
}

func repositoryKeyFormat(repo *v1alpha1.S3ArtifactRepository) string {
	switch {
	case repo.KeyFormat != "":
		return repo.KeyFormat
	case repo.KeyPrefix != "":
		return repo.KeyPrefix + "/" + defaultArtifactKeyFormat
	}
	return defaultArtifactKeyFormat
}

func artifactFileName(a *v1alpha1.Artifact) string {
	if a.Archive != nil && a.Archive.None != nil && a.Path != "" {
		return path.Base(a.Path)
	}
	return a.Name + ".tgz"
}

func findArtifact(list []v1alpha1.Artifact, name string) *v1alpha1.Artifact {
	for i := range list {
		if list[i].Name == name {
			return &list[i]
		}
	}
	return nil
}

func artifactHasLocation(l *v1alpha1.ArtifactLocation) bool {
	return l.S3 != nil || l.Git != nil || l.HTTP != nil || l.Artifactory != nil || l.HDFS != nil ||
		l.Raw != nil || l.OSS != nil || l.GCS != nil || l.Azure != nil || l.Plugin != nil
}

// artifactOutputsFrom resolves a steps or DAG template's output artifacts (from a child's
// artifact) in the scope its children built.
func artifactOutputsFrom(tmpl *v1alpha1.Template, sc scope) ([]v1alpha1.Artifact, error) {
	var out []v1alpha1.Artifact
	for _, a := range tmpl.Outputs.Artifacts {
		if a.From == "" {
			return nil, fmt.Errorf("outputs.artifacts.%s: a steps or DAG template's output artifact needs from", a.Name)
		}
		src, err := lookupArtifact(sc, a.From)
		if err != nil {
			if a.Optional != nil && *a.Optional {
				continue
			}
			return nil, fmt.Errorf("outputs.artifacts.%s: %w", a.Name, err)
		}
		src.Name, src.GlobalName = a.Name, a.GlobalName
		out = append(out, *src)
	}
	return out, nil
}
