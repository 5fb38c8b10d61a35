package workflow

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/stepcontract"
)

// podSpecPatch is one strategic-merge patch of a pod spec and the field it came from, so an
// error names where to look.
type podSpecPatch struct {
	field string // "spec.podSpecPatch" or "template <name> podSpecPatch"
	patch string
}

// applyPodSpecPatches applies the workflow's and then the template's podSpecPatch (so the
// template's wins where both set a field, as upstream) to the pod's spec. The patches are
// JSON or YAML strategic-merge patches of a PodSpec: containers, volumes and tolerations
// merge by their keys (name, name, whole value), so `containers: [{name: main, resources:
// ...}]` changes the main container only. Patches may not undo what the executor needs.
func applyPodSpecPatches(pod *corev1.Pod, patches ...podSpecPatch) error {
	for i := range patches {
		patches[i].patch = strings.TrimSpace(patches[i].patch)
	}
	if !slices.ContainsFunc(patches, func(p podSpecPatch) bool { return p.patch != "" }) {
		return nil
	}
	before := pod.Spec.DeepCopy()
	doc, err := json.Marshal(pod.Spec)
	if err != nil {
		return err
	}
	for _, p := range patches {
		if p.patch == "" {
			continue
		}
		// YAML is a superset of JSON: one conversion reads both forms.
		patchJSON, err := yaml.YAMLToJSON([]byte(p.patch))
		if err != nil {
			return fmt.Errorf("%s is neither JSON nor YAML: %v", p.field, err)
		}
		var probe map[string]any
		if err := json.Unmarshal(patchJSON, &probe); err != nil || probe == nil {
			return fmt.Errorf("%s must be a JSON or YAML object holding pod spec fields", p.field)
		}
		doc, err = strategicpatch.StrategicMergePatch(doc, patchJSON, corev1.PodSpec{})
		if err != nil {
			return fmt.Errorf("%s cannot be applied to the pod spec: %v", p.field, err)
		}
	}
	var spec corev1.PodSpec
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		return fmt.Errorf("podSpecPatch yields an invalid pod spec: %v", err)
	}
	if err := keepsExecutor(before, &spec); err != nil {
		return fmt.Errorf("podSpecPatch %v", err)
	}
	pod.Spec = spec
	return nil
}

// keepsExecutor checks that a patched spec still runs the step under skiff-exec with the
// credentials kept from user code: the main container first with its command and the
// shared mount, the injected init containers (init, wait) first, in order and unchanged,
// the shared volume unchanged, and no shared process namespace (main's processes would see
// wait's, and its environment holds the credentials).
func keepsExecutor(before, after *corev1.PodSpec) error {
	main := stepcontract.MainContainer
	if len(after.Containers) == 0 || after.Containers[0].Name != main {
		return fmt.Errorf("must keep the container %q first in the pod", main)
	}
	oldMain, newMain := before.Containers[0], after.Containers[0]
	if !slices.Equal(oldMain.Command, newMain.Command) {
		return fmt.Errorf("must not change the command of container %q: Skiff runs it under its executor (set the template's command instead)", main)
	}
	if after.ShareProcessNamespace != nil && *after.ShareProcessNamespace {
		return errors.New("must not set shareProcessNamespace: the step's processes would see the wait container's, whose environment holds the artifact credentials")
	}
	for _, m := range oldMain.VolumeMounts {
		if m.Name == stepcontract.VolumeName && !slices.ContainsFunc(newMain.VolumeMounts, func(n corev1.VolumeMount) bool { return equality.Semantic.DeepEqual(m, n) }) {
			return fmt.Errorf("must not remove or move the mount %q of container %q", stepcontract.VolumeName, main)
		}
	}
	for i, c := range before.InitContainers {
		if c.Name != stepcontract.InitContainer && c.Name != stepcontract.WaitContainer {
			continue
		}
		j := slices.IndexFunc(after.InitContainers, func(n corev1.Container) bool { return n.Name == c.Name })
		if j != i || !equality.Semantic.DeepEqual(c, after.InitContainers[j]) {
			return fmt.Errorf("must not remove, reorder or change the init container %q that Skiff's executor runs in", c.Name)
		}
	}
	for _, v := range before.Volumes {
		if v.Name != stepcontract.VolumeName {
			continue
		}
		i := slices.IndexFunc(after.Volumes, func(n corev1.Volume) bool { return n.Name == stepcontract.VolumeName })
		if i < 0 || !equality.Semantic.DeepEqual(v, after.Volumes[i]) {
			return fmt.Errorf("must not remove or change the volume %q that holds Skiff's executor", stepcontract.VolumeName)
		}
	}
	return nil
}

// patchPodSpec applies the podSpecPatch of the workflow (its {{workflow.*}} tags resolved
// here; the template's were resolved with the template) and of the template to a leaf's pod.
func (o *operation) patchPodSpec(pod *corev1.Pod, tmplName, tmplPatch string) error {
	wfPatch := o.wf.Spec.PodSpecPatch
	if wfPatch != "" {
		s, err := o.globals.substitute(wfPatch)
		if err != nil {
			return fmt.Errorf("spec.podSpecPatch: %v", err)
		}
		wfPatch = s
	}
	return applyPodSpecPatches(pod,
		podSpecPatch{field: "spec.podSpecPatch", patch: wfPatch},
		podSpecPatch{field: fmt.Sprintf("the podSpecPatch of template %q", tmplName), patch: tmplPatch})
}
