package resourceplan

import (
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func resTmpl(r v1alpha1.ResourceTemplate, outs ...v1alpha1.Parameter) *v1alpha1.Template {
	return &v1alpha1.Template{Name: "r", Resource: &r, Outputs: v1alpha1.Outputs{Parameters: outs}}
}

const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\ndata:\n  k: v\n"

func TestCheckAccepts(t *testing.T) {
	good := []*v1alpha1.Template{
		resTmpl(v1alpha1.ResourceTemplate{Action: "create", Manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: c-\n", SetOwnerReference: true}),
		resTmpl(v1alpha1.ResourceTemplate{Action: "apply", Manifest: "---\n" + cm, SuccessCondition: "data.k == v"}),
		resTmpl(v1alpha1.ResourceTemplate{Action: "get", Flags: []string{"configmap", "c1"}}),
		resTmpl(v1alpha1.ResourceTemplate{Action: "delete", Manifest: cm}),
		resTmpl(v1alpha1.ResourceTemplate{Action: "patch", MergeStrategy: "json", Flags: []string{"cm/c1"}, Manifest: "- op: add\n  path: /data/x\n  value: y\n"}),
		resTmpl(v1alpha1.ResourceTemplate{Action: "patch", MergeStrategy: "merge", Flags: []string{"cm", "c1"}, Manifest: "data:\n  x: y\n"}),
		resTmpl(v1alpha1.ResourceTemplate{Action: "replace", Manifest: `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"}}`},
			v1alpha1.Parameter{Name: "a", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata.name}"}},
			v1alpha1.Parameter{Name: "b", ValueFrom: &v1alpha1.ValueFrom{JQFilter: ".data | keys"}}),
	}
	for i, tm := range good {
		if err := Check(tm); err != nil {
			t.Errorf("%d (%s): %v", i, tm.Resource.Action, err)
		}
	}
}

func TestCheckRejects(t *testing.T) {
	cases := map[string]*v1alpha1.Template{
		`resource.action "explode"`:                     resTmpl(v1alpha1.ResourceTemplate{Action: "explode", Manifest: cm}),
		"manifestFrom is not supported by Skiff":        resTmpl(v1alpha1.ResourceTemplate{Action: "create", ManifestFrom: &v1alpha1.ManifestFrom{}}),
		"mergeStrategy applies to action patch":         resTmpl(v1alpha1.ResourceTemplate{Action: "create", MergeStrategy: "merge", Manifest: cm}),
		`mergeStrategy "deep"`:                          resTmpl(v1alpha1.ResourceTemplate{Action: "patch", MergeStrategy: "deep", Manifest: cm}),
		"action create needs a manifest":                resTmpl(v1alpha1.ResourceTemplate{Action: "create"}),
		"holds 2 documents":                             resTmpl(v1alpha1.ResourceTemplate{Action: "create", Manifest: cm + "---\n" + cm}),
		"metadata.name is missing":                      resTmpl(v1alpha1.ResourceTemplate{Action: "apply", Manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: c-\n"}),
		"Kind' is missing":                              resTmpl(v1alpha1.ResourceTemplate{Action: "create", Manifest: "apiVersion: v1\nmetadata:\n  name: x\n"}),
		"apiVersion is missing":                         resTmpl(v1alpha1.ResourceTemplate{Action: "create", Manifest: "kind: ConfigMap\nmetadata:\n  name: x\n"}),
		"a json patch names its object in the flags":    resTmpl(v1alpha1.ResourceTemplate{Action: "patch", MergeStrategy: "json", Manifest: "- op: remove\n  path: /data\n"}),
		"a json patch is a list of operations":          resTmpl(v1alpha1.ResourceTemplate{Action: "patch", MergeStrategy: "json", Flags: []string{"cm/x"}, Manifest: cm}),
		"cannot be used with action delete":             resTmpl(v1alpha1.ResourceTemplate{Action: "delete", Manifest: cm, SuccessCondition: "a == b"}),
		"and outputs cannot be used with action delete": resTmpl(v1alpha1.ResourceTemplate{Action: "delete", Manifest: cm}, v1alpha1.Parameter{Name: "n", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata.name}"}}),
		"setOwnerReference applies to actions":          resTmpl(v1alpha1.ResourceTemplate{Action: "get", Manifest: cm, SetOwnerReference: true}),
		"resource.failureCondition":                     resTmpl(v1alpha1.ResourceTemplate{Action: "get", Manifest: cm, FailureCondition: "status.x in y"}),
		`"--force" is not supported by Skiff`:           resTmpl(v1alpha1.ResourceTemplate{Action: "replace", Manifest: cm, Flags: []string{"--force"}}),
		"not YAML or JSON":                              resTmpl(v1alpha1.ResourceTemplate{Action: "create", Manifest: "a: [b"}),
		"outputs.parameters.p: a resource template":     resTmpl(v1alpha1.ResourceTemplate{Action: "get", Manifest: cm}, v1alpha1.Parameter{Name: "p", ValueFrom: &v1alpha1.ValueFrom{Path: "/tmp/x"}}),
		"outputs.parameters.q.valueFrom.jqFilter":       resTmpl(v1alpha1.ResourceTemplate{Action: "get", Manifest: cm}, v1alpha1.Parameter{Name: "q", ValueFrom: &v1alpha1.ValueFrom{JQFilter: ".a | ("}}),
		"outputs.parameters.j.valueFrom.jsonPath":       resTmpl(v1alpha1.ResourceTemplate{Action: "get", Manifest: cm}, v1alpha1.Parameter{Name: "j", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.a"}}),
		"action get needs a manifest or the object":     resTmpl(v1alpha1.ResourceTemplate{Action: "get"}),
		"action patch needs the patch in the manifest":  resTmpl(v1alpha1.ResourceTemplate{Action: "patch", Flags: []string{"cm", "x"}}),
	}
	for want, tm := range cases {
		if err := Check(tm); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", want, err, want)
		}
	}
}
