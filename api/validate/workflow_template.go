package validate

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// One template: its kind, inputs and outputs, pod fields, and then its steps, DAG or (for a
// leaf) the variables its text uses.

var resourceActions = []string{"get", "create", "apply", "delete", "replace", "patch"}

var mergeStrategies = []string{"strategic", "merge", "json"}

// templateKinds lists the kind fields a template sets.
func templateKinds(t *v1alpha1.Template) []string {
	var k []string
	add := func(set bool, name string) {
		if set {
			k = append(k, name)
		}
	}
	add(t.Container != nil, "container")
	add(t.Script != nil, "script")
	add(t.Resource != nil, "resource")
	add(t.Suspend != nil, "suspend")
	add(t.Steps != nil, "steps")
	add(t.DAG != nil, "dag")
	add(t.HTTP != nil, "http")
	add(t.Data != nil, "data")
	add(t.ContainerSet != nil, "containerSet")
	add(t.Plugin != nil, "plugin")
	return k
}

// validateTemplate checks one template at p; exit says it runs as an exit handler.
func (v *wfValidator) validateTemplate(p *field.Path, t *v1alpha1.Template, exit bool) {
	switch kinds := templateKinds(t); {
	case len(kinds) == 0:
		v.errorf(field.Required(p, fmt.Sprintf("template %s type is unspecified: set one of container, script, resource, suspend, steps, dag, http, data, containerSet or plugin", t.Name)))
	case len(kinds) > 1:
		v.errorf(field.Invalid(p, strings.Join(kinds, ", "), "multiple template types specified"))
	}
	v.denyUnimplemented(p, t.UnimplementedFields())
	v.validateParamNames(p.Child("inputs", "parameters"), t.Inputs.Parameters)
	v.validateArtifactNames(p.Child("inputs", "artifacts"), t.Inputs.Artifacts)
	for i, prm := range t.Inputs.Parameters {
		validateEnum(v.res, p.Child("inputs", "parameters").Index(i), prm)
	}
	v.validateParamNames(p.Child("outputs", "parameters"), t.Outputs.Parameters)
	v.validateArtifactNames(p.Child("outputs", "artifacts"), t.Outputs.Artifacts)
	v.validateOutputs(p, t)
	v.validateTemplatePolicies(p, t)
	if t.Parallelism != nil && t.Steps == nil && t.DAG == nil {
		v.errorf(field.Invalid(p.Child("parallelism"), *t.Parallelism, "parallelism is only valid for steps and dag templates"))
	}
	v.validateContainers(p, t)
	if r := t.Resource; r != nil {
		v.validateResource(p.Child("resource"), r)
	}
	sc := &tmplScope{v: v, t: t, exit: exit}
	switch {
	case t.Steps != nil:
		v.validateSteps(p, t, sc)
	case t.DAG != nil:
		v.validateDAG(p, t, sc)
	default:
		v.tags.checkJSON(p, t, sc)
	}
}

// validateOutputs checks that each output parameter says where its value comes from, in a
// way that fits the template's kind.
func (v *wfValidator) validateOutputs(p *field.Path, t *v1alpha1.Template) {
	pod := t.Container != nil || t.Script != nil || t.ContainerSet != nil
	for i, o := range t.Outputs.Parameters {
		op := p.Child("outputs", "parameters").Index(i)
		vf := o.ValueFrom
		if o.Value == nil && vf == nil {
			v.errorf(field.Required(op.Child("valueFrom"), fmt.Sprintf("output parameter %s does not have valueFrom or value specified", o.Name)))
			continue
		}
		if vf == nil {
			continue
		}
		n := 0
		for _, set := range []bool{vf.Path != "", vf.JSONPath != "", vf.JQFilter != "", vf.Event != "", vf.Parameter != "",
			vf.Supplied != nil, vf.ConfigMapKeyRef != nil, vf.Expression != ""} {
			if set {
				n++
			}
		}
		switch {
		case n > 1:
			v.errorf(field.Invalid(op.Child("valueFrom"), o.Name, "multiple valueFrom sources specified"))
		case pod && vf.Parameter != "":
			v.errorf(field.Invalid(op.Child("valueFrom", "parameter"), vf.Parameter, "valueFrom.path must be specified for Container templates"))
		case (t.Steps != nil || t.DAG != nil) && (vf.Path != "" || vf.JSONPath != "" || vf.JQFilter != ""):
			v.errorf(field.Invalid(op.Child("valueFrom"), o.Name, "valueFrom.parameter or expression must be specified for Steps and DAG templates"))
		case t.Resource != nil && vf.JSONPath == "" && vf.JQFilter == "":
			v.errorf(field.Invalid(op.Child("valueFrom"), o.Name, "valueFrom.jsonPath or jqFilter must be specified for Resource templates"))
		}
	}
}

// noCommandMessage denies a container or script without a command. Skiff's executor runs the
// step's command itself and never pulls image metadata, so it cannot fall back to the image's
// entrypoint; the words carry UnsupportedMessage so lint counts it as a missing feature.
var noCommandMessage = v1alpha1.UnsupportedMessage + ": a container without command (the image's entrypoint): Skiff runs the step under its executor and needs the command"

// validateContainers checks images, names and mounts of the template's containers.
func (v *wfValidator) validateContainers(p *field.Path, t *v1alpha1.Template) {
	d := v.spec.TemplateDefaults
	if c := t.Container; c != nil {
		cp := p.Child("container")
		if c.Image == "" && (d == nil || d.Container == nil || d.Container.Image == "") {
			v.errorf(field.Required(cp.Child("image"), "may not be empty"))
		}
		if len(c.Command) == 0 && (d == nil || d.Container == nil || len(d.Container.Command) == 0) {
			v.errorf(field.Required(cp.Child("command"), noCommandMessage))
		}
		v.checkMountCollision(cp, t, c.VolumeMounts)
	}
	if s := t.Script; s != nil {
		sp := p.Child("script")
		if s.Image == "" && (d == nil || d.Script == nil || d.Script.Image == "") {
			v.errorf(field.Required(sp.Child("image"), "may not be empty"))
		}
		if len(s.Command) == 0 && (d == nil || d.Script == nil || len(d.Script.Command) == 0) {
			v.errorf(field.Required(sp.Child("command"), noCommandMessage))
		}
		v.checkMountCollision(sp, t, s.VolumeMounts)
	}
	v.checkMountsResolve(p.Child("container"), t, containerMounts(t.Container))
	v.checkMountsResolve(p.Child("script"), t, scriptMounts(t.Script))
	for i, c := range t.InitContainers {
		v.checkMountsResolve(p.Child("initContainers").Index(i), t, c.VolumeMounts)
		if c.Name == "" {
			v.errorf(field.Required(p.Child("initContainers").Index(i).Child("name"), "initContainers must all have container name"))
		}
	}
	for i, c := range t.Sidecars {
		if c.MirrorVolumeMounts == nil || !*c.MirrorVolumeMounts {
			v.checkMountsResolve(p.Child("sidecars").Index(i), t, c.VolumeMounts)
		}
		if c.Name == "" {
			v.errorf(field.Required(p.Child("sidecars").Index(i).Child("name"), "sidecars must all have container name"))
		}
	}
}

// checkMountCollision reports an input artifact placed where a volume is already mounted.
func (v *wfValidator) checkMountCollision(p *field.Path, t *v1alpha1.Template, mounts []corev1.VolumeMount) {
	for i, a := range t.Inputs.Artifacts {
		if a.Path == "" {
			continue
		}
		for _, m := range mounts {
			if m.MountPath == a.Path {
				v.errorf(field.Invalid(p.Child("volumeMounts"), m.MountPath,
					fmt.Sprintf("path %s is already mounted by inputs.artifacts[%d] (%s)", a.Path, i, a.Name)))
			}
		}
	}
}

func containerMounts(c *v1alpha1.ContainerTemplate) []corev1.VolumeMount {
	if c == nil {
		return nil
	}
	return c.VolumeMounts
}

func scriptMounts(c *v1alpha1.ScriptTemplate) []corev1.VolumeMount {
	if c == nil {
		return nil
	}
	return c.VolumeMounts
}

// checkMountsResolve reports a volume mount naming no volume of the template or workflow
// (spec.volumes, spec.volumeClaimTemplates, the template's volumes).
func (v *wfValidator) checkMountsResolve(p *field.Path, t *v1alpha1.Template, mounts []corev1.VolumeMount) {
	for i, m := range mounts {
		if v.specVolumes[m.Name] || strings.Contains(m.Name, "{{") {
			continue
		}
		found := false
		for _, vol := range t.Volumes {
			if vol.Name == m.Name {
				found = true
				break
			}
		}
		if !found {
			v.errorf(field.NotFound(p.Child("volumeMounts").Index(i).Child("name"), m.Name))
		}
	}
}

// validateResource checks a resource template's action, merge strategy and manifest.
func (v *wfValidator) validateResource(p *field.Path, r *v1alpha1.ResourceTemplate) {
	if !strings.Contains(r.Action, "{{") && !contains(resourceActions, r.Action) {
		v.errorf(field.NotSupported(p.Child("action"), r.Action, resourceActions))
	}
	if r.MergeStrategy != "" && !contains(mergeStrategies, r.MergeStrategy) {
		v.errorf(field.NotSupported(p.Child("mergeStrategy"), r.MergeStrategy, mergeStrategies))
	}
	if r.Manifest != "" && r.ManifestFrom != nil {
		v.errorf(field.Invalid(p.Child("manifestFrom"), "", "set manifest or manifestFrom, not both"))
	}
	if r.Manifest == "" && r.ManifestFrom == nil && (r.Action == "create" || r.Action == "apply" || r.Action == "replace" || r.Action == "patch") {
		v.errorf(field.Required(p.Child("manifest"), fmt.Sprintf("action %s needs a manifest or manifestFrom", r.Action)))
	}
	if r.Manifest != "" && !strings.Contains(r.Manifest, "{{") {
		var obj any
		if err := sigsyaml.Unmarshal([]byte(r.Manifest), &obj); err != nil {
			v.errorf(field.Invalid(p.Child("manifest"), "", "manifest must be a valid yaml: "+firstLine(err.Error())))
		}
	}
}
