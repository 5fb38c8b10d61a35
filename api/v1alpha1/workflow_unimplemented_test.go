package v1alpha1

import (
	"slices"
	"testing"

	"k8s.io/utils/ptr"
)

func TestTemplateUnimplementedFields(t *testing.T) {
	leaf := func() Template {
		return Template{Name: "t", Container: &ContainerTemplate{ContainerSpec: ContainerSpec{Image: "a"}}}
	}
	for _, c := range []struct {
		name string
		edit func(*Template)
		want []string
	}{
		{"plain", func(*Template) {}, nil},
		{"daemon false is fine", func(t *Template) { t.Daemon = ptr.To(false) }, nil},
		{"daemon", func(t *Template) { t.Daemon = ptr.To(true) }, []string{"daemon"}},
		{"timeout on a pod", func(t *Template) { t.Timeout = "30s" }, nil},
		{"timeout on steps", func(t *Template) { t.Container, t.Steps, t.Timeout = nil, []ParallelSteps{{}}, "30s" }, []string{"timeout"}},
		{"git input", func(t *Template) {
			t.Inputs.Artifacts = []Artifact{{Name: "a"}, {Name: "src", ArtifactLocation: ArtifactLocation{Git: &GitArtifact{Repo: "r"}}}}
		}, []string{"inputs.artifacts[1].git"}},
		{"raw output", func(t *Template) {
			t.Outputs.Artifacts = []Artifact{{Name: "o", ArtifactLocation: ArtifactLocation{Raw: &RawArtifact{Data: "x"}}}}
		}, []string{"outputs.artifacts[0].raw"}},
		{"s3 options", func(t *Template) {
			t.Inputs.Artifacts = []Artifact{{Name: "i", ArtifactLocation: ArtifactLocation{S3: &S3Artifact{S3Bucket: S3Bucket{RoleARN: "r", UseSDKCreds: true}}}}}
		}, []string{"inputs.artifacts[0].s3.roleARN, useSDKCreds"}},
	} {
		tmpl := leaf()
		c.edit(&tmpl)
		if got := tmpl.UnimplementedFields(); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	spec := WorkflowSpec{ArchiveLogs: ptr.To(false)}
	if got := spec.UnimplementedFields(); len(got) != 0 {
		t.Errorf("archiveLogs false: got %q", got)
	}
	spec.ArchiveLogs = ptr.To(true)
	if got := spec.UnimplementedFields(); !slices.Equal(got, []string{"archiveLogs"}) {
		t.Errorf("archiveLogs true: got %q", got)
	}
}
