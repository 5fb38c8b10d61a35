package cli

import (
	"encoding/json"
	"errors"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	sigsjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/decodeerr"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// ErrNotSkiff marks a document of a kind Skiff does not serve.
var ErrNotSkiff = errors.New("not a Skiff kind")

// DecodeStrict converts a document to a typed Skiff object. YAML duplicate keys, unknown
// fields (named by their path) and wrongly typed values are errors; a document of another
// group or kind returns ErrNotSkiff with the kind it names.
func DecodeStrict(scheme *runtime.Scheme, raw []byte) (runtime.Object, schema.GroupVersionKind, error) {
	obj, gvk, problems, err := DecodeAll(scheme, raw)
	if err != nil {
		return nil, gvk, err
	}
	if len(problems) > 0 {
		return nil, gvk, errors.New(strings.Join(problems, "; "))
	}
	return obj, gvk, nil
}

// DecodeAll reads a document as far as it can, so that lint reports every problem at once:
// problems lists each duplicate YAML key, each unknown or duplicate field and a wrongly
// typed value, while obj is still decoded (the last of duplicate keys wins, unknown fields
// are dropped, a wrongly typed value is left zero) for validation to look at. err is for a
// document that cannot be read at all, or ErrNotSkiff.
func DecodeAll(scheme *runtime.Scheme, raw []byte) (obj runtime.Object, gvk schema.GroupVersionKind, problems []string, err error) {
	data, strictErr := sigsyaml.YAMLToJSONStrict(raw)
	if strictErr != nil {
		var lenientErr error
		if data, lenientErr = sigsyaml.YAMLToJSON(raw); lenientErr != nil {
			return nil, gvk, nil, lenientErr
		}
		problems = append(problems, yamlProblems(strictErr)...)
	}
	var tm runtime.TypeMeta
	if err := json.Unmarshal(data, &tm); err != nil {
		return nil, gvk, problems, err
	}
	gvk = schema.FromAPIVersionAndKind(tm.APIVersion, tm.Kind)
	if gvk.Group != v1alpha1.GroupVersion.Group || gvk.Version != v1alpha1.GroupVersion.Version {
		return nil, gvk, nil, ErrNotSkiff
	}
	obj, err = scheme.New(gvk)
	if err != nil {
		return nil, gvk, nil, ErrNotSkiff
	}
	strict, err := sigsjson.UnmarshalStrict(data, obj, sigsjson.DisallowUnknownFields, sigsjson.DisallowDuplicateFields)
	if err != nil {
		// A wrongly typed value: the decoder went on past it, but its strict findings are
		// not reported alongside, so this is the one problem named, by its JSON path.
		for _, fe := range decodeerr.FieldErrors(data, err) {
			problems = append(problems, fe.Error())
		}
	}
	for _, e := range strict {
		problems = append(problems, e.Error())
	}
	obj.GetObjectKind().SetGroupVersionKind(gvk)
	return obj, gvk, problems, nil
}

// yamlProblems splits the YAML decoder's "unmarshal errors:" list (one line per duplicate
// key) into one problem per line.
func yamlProblems(err error) []string {
	msg := err.Error()
	head, list, found := strings.Cut(msg, "unmarshal errors:\n")
	if !found {
		return []string{msg}
	}
	var out []string
	for _, l := range strings.Split(list, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, strings.TrimSpace(strings.TrimSpace(head)+" "+l))
		}
	}
	return out
}
