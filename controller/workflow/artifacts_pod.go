package workflow

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// credentialEnv is the env that carries the credentials of arts: each as a secretKeyRef,
// so the kubelet reads the Secret and the pod needs no RBAC. Only init (inputs) and wait
// (outputs) get it; main, which runs user code, never does.
func credentialEnv(arts []v1alpha1.Artifact) []corev1.EnvVar {
	var env []corev1.EnvVar
	add := func(sel *corev1.SecretKeySelector) {
		if sel == nil {
			return
		}
		name := stepcontract.SecretEnv(sel)
		if slices.ContainsFunc(env, func(e corev1.EnvVar) bool { return e.Name == name }) {
			return
		}
		env = append(env, corev1.EnvVar{Name: name, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: sel.LocalObjectReference, Key: sel.Key,
		}}})
	}
	for _, a := range arts {
		if a.S3 != nil {
			add(a.S3.AccessKeySecret)
			add(a.S3.SecretKeySecret)
		}
	}
	return env
}

// checkOutputKeys refuses an output key that still holds a tag nobody could resolve.
func checkOutputKeys(tmpl *v1alpha1.Template) error {
	for _, a := range tmpl.Outputs.Artifacts {
		if a.S3 != nil && tagRE.MatchString(a.S3.Key) {
			return fmt.Errorf("outputs.artifacts.%s: unable to resolve %s in the object key %q", a.Name, tagRE.FindString(a.S3.Key), a.S3.Key)
		}
	}
	return nil
}

// recordArtifacts adds the uploaded output artifacts to the node's outputs, with the
// location the controller bound and the key the executor reports, and exports those with a
// globalName to the workflow's outputs.
func (o *operation) recordArtifacts(tmpl *v1alpha1.Template, outs *v1alpha1.Outputs, saved []stepcontract.SavedArtifact) {
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
