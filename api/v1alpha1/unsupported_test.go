package v1alpha1

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	sigsyaml "sigs.k8s.io/yaml"
)

// Every pattern (unsupported or ignored) must name a field of the kind's Go type, so the list cannot drift from the
// types (a renamed or removed field fails here).
func TestUnsupportedPatternsNameFields(t *testing.T) {
	s := runtime.NewScheme()
	if err := AddToScheme(s); err != nil {
		t.Fatal(err)
	}
	all := map[string][]string{}
	for kind, patterns := range unsupportedByKind {
		all[kind] = append(all[kind], patterns...)
	}
	for kind, patterns := range ignoredByKind {
		all[kind] = append(all[kind], patterns...)
	}
	for kind, patterns := range all {
		obj, err := s.New(GroupVersion.WithKind(kind))
		if err != nil {
			t.Errorf("kind %s: %v", kind, err)
			continue
		}
		for _, p := range patterns {
			if err := resolve(reflect.TypeOf(obj), splitPattern(p)); err != "" {
				t.Errorf("%s %s: %s", kind, p, err)
			}
		}
	}
}

// resolve follows JSON names through Go types.
func resolve(t reflect.Type, steps []string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if len(steps) == 0 {
		return ""
	}
	switch steps[0] {
	case "[]":
		if t.Kind() == reflect.Struct && t.NumField() == 1 && t.Field(0).Type.Kind() == reflect.Slice &&
			reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]()) {
			t = t.Field(0).Type // a struct that is a list on the wire, such as a group of steps
		}
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return "not a list: " + t.String()
		}
		return resolve(t.Elem(), steps[1:])
	case "{}":
		if t.Kind() != reflect.Map {
			return "not a map: " + t.String()
		}
		return resolve(t.Elem(), steps[1:])
	}
	if t.Kind() != reflect.Struct {
		return "not an object at " + steps[0] + ": " + t.String()
	}
	if f, ok := jsonField(t, steps[0]); ok {
		return resolve(f, steps[1:])
	}
	return "no field " + steps[0] + " in " + t.String()
}

// jsonField finds the field serialised as name, looking through inlined structs.
func jsonField(t reflect.Type, name string) (reflect.Type, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("json"), ",")
		if tag[0] == name {
			return f.Type, true
		}
		inline := f.Anonymous && tag[0] == "" || len(tag) > 1 && tag[1] == "inline"
		if inline {
			inner := f.Type
			for inner.Kind() == reflect.Pointer {
				inner = inner.Elem()
			}
			if inner.Kind() == reflect.Struct {
				if ft, ok := jsonField(inner, name); ok {
					return ft, true
				}
			}
		}
	}
	return nil, false
}

func TestFindUnsupported(t *testing.T) {
	saved := unsupportedByKind
	t.Cleanup(func() { unsupportedByKind = saved })
	unsupportedByKind = map[string][]string{
		"Workflow": {"spec.templates[].containerSet", "spec.templates[].outputs.artifacts[].gcs", "spec.hooks{}.expression"},
	}
	var obj map[string]any
	err := sigsyaml.Unmarshal([]byte(`
spec:
  hooks:
    exit: {template: t}
    running: {expression: "true", template: t}
  templates:
  - name: a
    container: {image: busybox}
  - name: b
    containerSet: {}
    outputs:
      artifacts:
      - {name: x, s3: {key: k}}
      - {name: y, gcs: {key: k}}
  - name: c
    containerSet: null
`), &obj)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range FindUnsupported("Workflow", obj) {
		got = append(got, p.String())
	}
	want := []string{
		"spec.hooks[running].expression",
		"spec.templates[1].containerSet",
		"spec.templates[1].outputs.artifacts[1].gcs",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FindUnsupported = %q, want %q", got, want)
	}
	if got := FindUnsupported("AppProject", obj); len(got) != 0 {
		t.Errorf("a kind without unsupported fields reported %v", got)
	}
}

func TestFindIgnored(t *testing.T) {
	var obj map[string]any
	err := sigsyaml.Unmarshal([]byte(`
spec:
  triggers:
  - template:
      name: a
      atLeastOnce: true
      k8s: {operation: create, group: apps, source: {resource: {}}}
  - atLeastOnce: true
    template: {name: b, log: {}}
`), &obj)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range FindIgnored("Sensor", obj) {
		got = append(got, p.String())
	}
	want := []string{"spec.triggers[0].template.atLeastOnce", "spec.triggers[0].template.k8s.group"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FindIgnored = %q, want %q", got, want)
	}
}
