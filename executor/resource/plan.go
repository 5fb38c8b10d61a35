package resource

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/itchyny/gojq"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Actions are the resource actions, as upstream names them.
var Actions = []string{"get", "create", "apply", "delete", "replace", "patch"}

// plan is a resource template checked and decoded, ready to run against a cluster.
type plan struct {
	action string
	// strategy is the patch type for action patch: strategic, merge or json.
	strategy string
	flags    *Flags
	// object is the manifest as an object (nil for a json patch, or for get, delete and
	// patch of an object named by the flags when the manifest has no kind).
	object *unstructured.Unstructured
	// body is the manifest as JSON (the patch for action patch).
	body             []byte
	owner            bool
	success, failure *Condition
	outputs          []output
}

// output is one output parameter and how to read it from the object.
type output struct {
	param    v1alpha1.Parameter
	jsonPath string
	jq       *gojq.Code
}

// Check reports, without a cluster, what in a resource template (inputs substituted) Skiff
// cannot carry out. The controller runs it before creating the pod so that a bad template
// errors its node at once; the executor runs it again.
func Check(t *v1alpha1.Template) error {
	_, err := newPlan(t)
	return err
}

func newPlan(t *v1alpha1.Template) (*plan, error) {
	r := t.Resource
	if r == nil {
		return nil, errors.New("the template has no resource")
	}
	p := &plan{action: r.Action, owner: r.SetOwnerReference}
	if !slices.Contains(Actions, r.Action) {
		return nil, fmt.Errorf("resource.action %q: want one of %s", r.Action, strings.Join(Actions, ", "))
	}
	if r.ManifestFrom != nil {
		return nil, errors.New("resource.manifestFrom is not supported by Skiff: write the manifest in resource.manifest")
	}
	p.strategy = r.MergeStrategy
	switch {
	case r.MergeStrategy != "" && r.Action != "patch":
		return nil, fmt.Errorf("resource.mergeStrategy applies to action patch, not %s", r.Action)
	case p.strategy == "":
		p.strategy = "strategic"
	case !slices.Contains([]string{"strategic", "merge", "json"}, p.strategy):
		return nil, fmt.Errorf("resource.mergeStrategy %q: want strategic, merge or json", p.strategy)
	}
	flags, err := ParseFlags(r.Action, r.Flags)
	if err != nil {
		return nil, err
	}
	p.flags = flags
	if flags.Selector != "" && strings.TrimSpace(r.Manifest) != "" {
		return nil, errors.New("resource.flags: --selector deletes by type and labels; leave resource.manifest out")
	}
	if err := p.decodeManifest(r.Manifest); err != nil {
		return nil, err
	}
	if r.SuccessCondition != "" {
		if p.success, err = ParseCondition("resource.successCondition", r.SuccessCondition); err != nil {
			return nil, err
		}
	}
	if r.FailureCondition != "" {
		if p.failure, err = ParseCondition("resource.failureCondition", r.FailureCondition); err != nil {
			return nil, err
		}
	}
	if r.Action == "delete" && (p.success != nil || p.failure != nil || len(t.Outputs.Parameters) > 0) {
		return nil, errors.New("resource.successCondition, failureCondition and outputs cannot be used with action delete: the object is gone")
	}
	if p.owner && r.Action != "create" && r.Action != "apply" && r.Action != "replace" && !(r.Action == "patch" && p.object != nil) {
		return nil, fmt.Errorf("resource.setOwnerReference applies to actions create, apply, replace and patch with an object manifest, not %s", describe(r.Action, p.strategy))
	}
	for _, prm := range t.Outputs.Parameters {
		o, err := newOutput(prm)
		if err != nil {
			return nil, err
		}
		p.outputs = append(p.outputs, o)
	}
	return p, nil
}

func describe(action, strategy string) string {
	if action == "patch" {
		return "a " + strategy + " patch without kind"
	}
	return action
}

// decodeManifest reads the manifest: one YAML or JSON document.
func (p *plan) decodeManifest(manifest string) error {
	named := p.flags.Type != ""
	if strings.TrimSpace(manifest) == "" {
		switch {
		case p.action == "patch":
			return errors.New("resource.manifest: action patch needs the patch in the manifest")
		case (p.action == "get" || p.action == "delete") && named:
			return nil
		case p.action == "get" || p.action == "delete":
			return fmt.Errorf("resource.manifest: action %s needs a manifest or the object in resource.flags (TYPE NAME)", p.action)
		default:
			return fmt.Errorf("resource.manifest: action %s needs a manifest", p.action)
		}
	}
	var docs [][]byte
	rd := utilyaml.NewYAMLReader(bufio.NewReader(strings.NewReader(manifest)))
	for {
		doc, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("resource.manifest: %v", err)
		}
		b, err := sigsyaml.YAMLToJSON(doc)
		if err != nil {
			return fmt.Errorf("resource.manifest is not YAML or JSON: %v", err)
		}
		if t := bytes.TrimSpace(b); len(t) == 0 || string(t) == "null" {
			continue // an empty document, e.g. after a leading ---
		}
		docs = append(docs, b)
	}
	switch len(docs) {
	case 0:
		return errors.New("resource.manifest holds no object")
	case 1:
	default:
		return fmt.Errorf("resource.manifest holds %d documents: Skiff's resource templates act on one object", len(docs))
	}
	p.body = docs[0]
	if p.action == "patch" && p.strategy == "json" {
		if !bytes.HasPrefix(bytes.TrimSpace(p.body), []byte("[")) {
			return errors.New("resource.manifest: a json patch is a list of operations")
		}
		if !named {
			return errors.New("resource.flags: a json patch names its object in the flags (TYPE NAME)")
		}
		return nil
	}
	var m map[string]any
	if err := sigsyaml.Unmarshal(p.body, &m); err != nil || m == nil {
		return errors.New("resource.manifest is not an object")
	}
	if _, ok := m["kind"]; !ok && named && (p.action == "patch" || p.action == "get" || p.action == "delete") {
		return nil // a patch body, or a manifest the flags override
	}
	obj := &unstructured.Unstructured{}
	if err := obj.UnmarshalJSON(p.body); err != nil {
		return fmt.Errorf("resource.manifest: %v", err)
	}
	switch {
	case obj.GetAPIVersion() == "":
		return errors.New("resource.manifest: apiVersion is missing")
	case obj.GetName() == "" && (p.action != "create" || obj.GetGenerateName() == ""):
		if p.action == "create" {
			return errors.New("resource.manifest: metadata.name or metadata.generateName is missing")
		}
		return fmt.Errorf("resource.manifest: metadata.name is missing (action %s needs a name)", p.action)
	}
	p.object = obj
	return nil
}

func newOutput(prm v1alpha1.Parameter) (output, error) {
	o := output{param: prm}
	vf := prm.ValueFrom
	switch {
	case vf != nil && vf.JSONPath != "":
		o.jsonPath = vf.JSONPath
		if _, err := parseJSONPath(prm.Name, vf.JSONPath); err != nil {
			return o, err
		}
	case vf != nil && vf.JQFilter != "":
		q, err := gojq.Parse(vf.JQFilter)
		if err == nil {
			o.jq, err = gojq.Compile(q)
		}
		if err != nil {
			return o, fmt.Errorf("outputs.parameters.%s.valueFrom.jqFilter %q: %v", prm.Name, vf.JQFilter, err)
		}
	default:
		return o, fmt.Errorf("outputs.parameters.%s: a resource template reads its output parameters from the object with valueFrom.jsonPath or valueFrom.jqFilter", prm.Name)
	}
	return o, nil
}
