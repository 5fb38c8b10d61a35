package resource

import (
	"context"
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/api/stepcontract/resourceplan"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\ndata:\n  k: v\n"

func resTmpl(r v1alpha1.ResourceTemplate, outs ...v1alpha1.Parameter) *v1alpha1.Template {
	return &v1alpha1.Template{Name: "r", Resource: &r, Outputs: v1alpha1.Outputs{Parameters: outs}}
}

func TestCollectOutputs(t *testing.T) {
	def := v1alpha1.AnyString("fallback")
	tm := resTmpl(v1alpha1.ResourceTemplate{Action: "get", Manifest: cm},
		v1alpha1.Parameter{Name: "name", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata.name}"}},
		v1alpha1.Parameter{Name: "count", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.status.count}"}},
		v1alpha1.Parameter{Name: "keys", ValueFrom: &v1alpha1.ValueFrom{JQFilter: ".data | keys"}},
		v1alpha1.Parameter{Name: "str", ValueFrom: &v1alpha1.ValueFrom{JQFilter: ".data.k"}},
		v1alpha1.Parameter{Name: "dflt", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.data.nope}", Default: &def}},
	)
	p, err := resourceplan.New(tm)
	if err != nil {
		t.Fatal(err)
	}
	obj := map[string]any{
		"metadata": map[string]any{"name": "c1"},
		"data":     map[string]any{"k": "v", "j": "w"},
		"status":   map[string]any{"count": int64(123456789)},
	}
	got, err := collect(context.Background(), p, obj)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"name": "c1", "count": "123456789", "keys": `["j","k"]`, "str": "v", "dflt": "fallback"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for _, g := range got {
		if want[g.Name] != g.Value {
			t.Errorf("%s = %q, want %q", g.Name, g.Value, want[g.Name])
		}
	}

	// A missing field without a default fails, naming the parameter.
	tm = resTmpl(v1alpha1.ResourceTemplate{Action: "get", Manifest: cm},
		v1alpha1.Parameter{Name: "missing", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.data.nope}"}})
	p, _ = resourceplan.New(tm)
	if _, err := collect(context.Background(), p, obj); err == nil || !strings.Contains(err.Error(), "outputs.parameters.missing") {
		t.Fatalf("err = %v", err)
	}
	// No object (get --ignore-not-found of a missing one): empty, or the default.
	if got, err := collect(context.Background(), p, nil); err != nil || len(got) != 1 || got[0].Value != "" {
		t.Fatalf("no object: %v, %v", got, err)
	}
	tm.Outputs.Parameters[0].ValueFrom.Default = &def
	p, _ = resourceplan.New(tm)
	if got, err := collect(context.Background(), p, nil); err != nil || len(got) != 1 || got[0].Value != "fallback" {
		t.Fatalf("no object, default: %v, %v", got, err)
	}
}
