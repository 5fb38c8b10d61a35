package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func TestReadDocuments(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.yaml", "kind: A\n---\n# only a comment\n---\nkind: B\n")
	write("a/c.json", `{"kind": "C"}`)
	write("notes.txt", "kind: ignored\n")
	docs, err := ReadDocuments([]string{dir, "-"}, strings.NewReader("kind: D\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, filepath.Base(d.Source)+"#"+string(rune('0'+d.Index))+":"+strings.TrimSpace(string(d.Raw)))
	}
	want := `c.json#0:{"kind": "C"} b.yaml#0:kind: A b.yaml#1:kind: B -#0:kind: D`
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestDecodeStrict(t *testing.T) {
	s := NewScheme()
	obj, gvk, err := DecodeStrict(s, []byte("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec: {entrypoint: a}\n"))
	if err != nil || gvk.Kind != "Workflow" {
		t.Fatalf("%v %v", gvk, err)
	}
	if wf, ok := obj.(*v1alpha1.Workflow); !ok || wf.Spec.Entrypoint != "a" || wf.Kind != "Workflow" {
		t.Errorf("decoded %#v", obj)
	}
	_, _, err = DecodeStrict(s, []byte("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec: {templates: [{name: a, bogus: 1}]}\n"))
	if err == nil || !strings.Contains(err.Error(), `unknown field "spec.templates[0].bogus"`) {
		t.Errorf("unknown field: %v", err)
	}
	_, _, err = DecodeStrict(s, []byte("apiVersion: v1\nkind: ConfigMap\n"))
	if !errors.Is(err, ErrNotSkiff) {
		t.Errorf("ConfigMap: %v", err)
	}
	_, _, err = DecodeStrict(s, []byte("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nkind: Workflow\n"))
	if err == nil || errors.Is(err, ErrNotSkiff) {
		t.Errorf("duplicate key: %v", err)
	}
}
