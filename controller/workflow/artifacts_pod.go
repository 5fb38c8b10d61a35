package workflow

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/executor/artifacts/secretenv"
)

// terminationArtifact is an output artifact the executor uploaded, with its object key.
type terminationArtifact struct {
	Name string `json:"name"`
	Key  string `json:"key"`
}

// artifactEnv is the env the main container needs for its artifacts: each credential as a
// secretKeyRef, so the kubelet reads the Secret and the pod needs no RBAC. It refuses an
// output key that still holds a tag nobody could resolve.
func artifactEnv(tmpl *v1alpha1.Template) ([]corev1.EnvVar, error) {
	var env []corev1.EnvVar
	add := func(sel *corev1.SecretKeySelector) {
		if sel == nil {
			return
		}
		name := secretenv.Name(sel)
		if slices.ContainsFunc(env, func(e corev1.EnvVar) bool { return e.Name == name }) {
			return
		}
		env = append(env, corev1.EnvVar{Name: name, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: sel.LocalObjectReference, Key: sel.Key,
		}}})
	}
	for _, list := range [][]v1alpha1.Artifact{tmpl.Inputs.Artifacts, tmpl.Outputs.Artifacts} {
		for _, a := range list {
			if a.S3 != nil {
				add(a.S3.AccessKeySecret)
				add(a.S3.SecretKeySecret)
			}
		}
	}
	for _, a := range tmpl.Outputs.Artifacts {
		if a.S3 != nil && tagRE.MatchString(a.S3.Key) {
			return nil, fmt.Errorf("outputs.artifacts.%s: unable to resolve %s in the object key %q", a.Name, tagRE.FindString(a.S3.Key), a.S3.Key)
		}
	}
	return env, nil
}

// recordArtifacts adds the uploaded output artifacts to the node's outputs, with the
// location the controller bound and the key the executor reports, and exports those with a
// globalName to the workflow's outputs.
func (o *operation) recordArtifacts(tmpl *v1alpha1.Template, outs *v1alpha1.Outputs, saved []terminationArtifact) {
	outs.Artifacts = nil
	for _, s := range saved {
		def := findArtifact(tmpl.Outputs.Artifacts, s.Name)
		if def == nil || def.S3 == nil {
			continue // not one this template declared: ignore what it cannot be
		}
		a := v1alpha1.Artifact{Name: def.Name, Path: def.Path, GlobalName: def.GlobalName, Archive: def.Archive}
		a.S3 = def.S3.DeepCopy()
		a.S3.Key = s.Key
		outs.Artifacts = append(outs.Artifacts, a)
	}
	o.exportGlobalArtifacts(outs.Artifacts)
}

// exportGlobalArtifacts records artifacts with a globalName in status.outputs and the
// workflow scope ({{workflow.outputs.artifacts.<globalName>}}).
func (o *operation) exportGlobalArtifacts(arts []v1alpha1.Artifact) {
	for _, a := range arts {
		if a.GlobalName == "" {
			continue
		}
		g := *a.DeepCopy()
		g.Name, g.GlobalName = a.GlobalName, ""
		st := &o.wf.Status
		if st.Outputs == nil {
			st.Outputs = &v1alpha1.Outputs{}
		}
		if i := slices.IndexFunc(st.Outputs.Artifacts, func(x v1alpha1.Artifact) bool { return x.Name == g.Name }); i >= 0 {
			st.Outputs.Artifacts[i] = g
		} else {
			st.Outputs.Artifacts = append(st.Outputs.Artifacts, g)
		}
		if o.globals != nil {
			artifactScope(o.globals, "workflow", &v1alpha1.Outputs{Artifacts: []v1alpha1.Artifact{g}})
		}
	}
}

// globalArtifactScope is what {{workflow.outputs.artifacts.*}} resolves to at the start of
// a reconcile.
func globalArtifactScope(sc scope, st *v1alpha1.WorkflowStatus) {
	if st.Outputs != nil {
		artifactScope(sc, "workflow", st.Outputs)
	}
}
