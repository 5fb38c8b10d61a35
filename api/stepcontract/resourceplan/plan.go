// Package resourceplan checks and decodes a resource template: the action, its kubectl
// flags, the manifest, the success and failure conditions and how output parameters are
// read. The controller checks a template with it before making the pod (so a bad template
// errors its node at once) and skiff-exec runs the plan; both import it from here.
package resourceplan

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
	"k8s.io/client-go/util/jsonpath"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Actions are the resource actions, as upstream names them.
var Actions = []string{"get", "create", "apply", "delete", "replace", "patch"}

// Plan is a resource template checked and decoded, ready to run against a cluster.
type Plan struct {
	Action string
	// Strategy is the patch type for action patch: strategic, merge or json.
	Strategy string
	Flags    *Flags
	// Object is the manifest as an object (nil for a json patch, or for get, delete and
	// patch of an object named by the flags when the manifest has no kind).
	Object *unstructured.Unstructured
	// Body is the manifest as JSON (the patch for action patch).
	Body             []byte
	Owner            bool
	Success, Failure *Condition
	Outputs          []Output
}

// Output is one output parameter and how to read it from the object: JSONPath or JQ.
type Output struct {
	Param    v1alpha1.Parameter
	JSONPath string
	JQ       *gojq.Code
}

// Check reports, without a cluster, what in a resource template (inputs substituted) Skiff
// cannot carry out. The controller runs it before creating the pod so that a bad template
// errors its node at once; the executor runs it again.
func Check(t *v1alpha1.Template) error {
	_, err := New(t)
	return err
}

// New checks and decodes a resource template (inputs substituted).
func New(t *v1alpha1.Template) (*Plan, error) {
	r := t.Resource
	if r == nil {
		return nil, errors.New("the template has no resource")
	}
	p := &Plan{Action: r.Action, Owner: r.SetOwnerReference}
	if !slices.Contains(Actions, r.Action) {
		return nil, fmt.Errorf("resource.action %q: want one of %s", r.Action, strings.Join(Actions, ", "))
	}
	if r.ManifestFrom != nil {
		return nil, errors.New("resource.manifestFrom is not supported by Skiff: write the manifest in resource.manifest")
	}
	p.Strategy = r.MergeStrategy
	switch {
	case r.MergeStrategy != "" && r.Action != "patch":
		return nil, fmt.Errorf("resource.mergeStrategy applies to action patch, not %s", r.Action)
	case p.Strategy == "":
		p.Strategy = "strategic"
	case !slices.Contains([]string{"strategic", "merge", "json"}, p.Strategy):
		return nil, fmt.Errorf("resource.mergeStrategy %q: want strategic, merge or json", p.Strategy)
	}
	flags, err := ParseFlags(r.Action, r.Flags)
	if err != nil {
		return nil, err
	}
	p.Flags = flags
	if flags.Selector != "" && strings.TrimSpace(r.Manifest) != "" {
		return nil, errors.New("resource.flags: --selector deletes by type and labels; leave resource.manifest out")
	}
	if err := p.decodeManifest(r.Manifest); err != nil {
		return nil, err
	}
	if r.SuccessCondition != "" {
		if p.Success, err = ParseCondition("resource.successCondition", r.SuccessCondition); err != nil {
			return nil, err
		}
	}
	if r.FailureCondition != "" {
		if p.Failure, err = ParseCondition("resource.failureCondition", r.FailureCondition); err != nil {
			return nil, err
		}
	}
	if r.Action == "delete" && (p.Success != nil || p.Failure != nil || len(t.Outputs.Parameters) > 0) {
		return nil, errors.New("resource.successCondition, failureCondition and outputs cannot be used with action delete: the object is gone")
	}
	if p.Owner && r.Action != "create" && r.Action != "apply" && r.Action != "replace" && !(r.Action == "patch" && p.Object != nil) {
		return nil, fmt.Errorf("resource.setOwnerReference applies to actions create, apply, replace and patch with an object manifest, not %s", describe(r.Action, p.Strategy))
	}
	for _, prm := range t.Outputs.Parameters {
		o, err := newOutput(prm)
		if err != nil {
			return nil, err
		}
		p.Outputs = append(p.Outputs, o)
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
func (p *Plan) decodeManifest(manifest string) error {
	named := p.Flags.Type != ""
	if strings.TrimSpace(manifest) == "" {
		switch {
		case p.Action == "patch":
			return errors.New("resource.manifest: action patch needs the patch in the manifest")
		case (p.Action == "get" || p.Action == "delete") && named:
			return nil
		case p.Action == "get" || p.Action == "delete":
			return fmt.Errorf("resource.manifest: action %s needs a manifest or the object in resource.flags (TYPE NAME)", p.Action)
		default:
			return fmt.Errorf("resource.manifest: action %s needs a manifest", p.Action)
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
	p.Body = docs[0]
	if p.Action == "patch" && p.Strategy == "json" {
		if !bytes.HasPrefix(bytes.TrimSpace(p.Body), []byte("[")) {
			return errors.New("resource.manifest: a json patch is a list of operations")
		}
		if !named {
			return errors.New("resource.flags: a json patch names its object in the flags (TYPE NAME)")
		}
		return nil
	}
	var m map[string]any
	if err := sigsyaml.Unmarshal(p.Body, &m); err != nil || m == nil {
		return errors.New("resource.manifest is not an object")
	}
	if _, ok := m["kind"]; !ok && named && (p.Action == "patch" || p.Action == "get" || p.Action == "delete") {
		return nil // a patch body, or a manifest the flags override
	}
	obj := &unstructured.Unstructured{}
	if err := obj.UnmarshalJSON(p.Body); err != nil {
		return fmt.Errorf("resource.manifest: %v", err)
	}
	switch {
	case obj.GetAPIVersion() == "":
		return errors.New("resource.manifest: apiVersion is missing")
	case obj.GetName() == "" && (p.Action != "create" || obj.GetGenerateName() == ""):
		if p.Action == "create" {
			return errors.New("resource.manifest: metadata.name or metadata.generateName is missing")
		}
		return fmt.Errorf("resource.manifest: metadata.name is missing (action %s needs a name)", p.Action)
	}
	p.Object = obj
	return nil
}

func newOutput(prm v1alpha1.Parameter) (Output, error) {
	o := Output{Param: prm}
	vf := prm.ValueFrom
	switch {
	case vf != nil && vf.JSONPath != "":
		o.JSONPath = vf.JSONPath
		if _, err := ParseJSONPath(prm.Name, vf.JSONPath); err != nil {
			return o, err
		}
	case vf != nil && vf.JQFilter != "":
		q, err := gojq.Parse(vf.JQFilter)
		if err == nil {
			o.JQ, err = gojq.Compile(q)
		}
		if err != nil {
			return o, fmt.Errorf("outputs.parameters.%s.valueFrom.jqFilter %q: %v", prm.Name, vf.JQFilter, err)
		}
	default:
		return o, fmt.Errorf("outputs.parameters.%s: a resource template reads its output parameters from the object with valueFrom.jsonPath or valueFrom.jqFilter", prm.Name)
	}
	return o, nil
}

// ParseJSONPath parses a kubectl-style JSONPath template ("{.metadata.name}").
func ParseJSONPath(name, expr string) (*jsonpath.JSONPath, error) {
	j := jsonpath.New(name)
	if err := j.Parse(expr); err != nil {
		return nil, fmt.Errorf("outputs.parameters.%s.valueFrom.jsonPath %q: %v", name, expr, err)
	}
	return j, nil
}
