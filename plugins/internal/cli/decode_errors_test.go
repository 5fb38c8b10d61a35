package cli

import (
	"strings"
	"testing"
)

// TestDecodeAllNamesWronglyTypedValuesByPath: lint reports a wrongly typed value as the
// webhook does, by its JSON path with indexes, never in Go's words.
func TestDecodeAllNamesWronglyTypedValuesByPath(t *testing.T) {
	s := NewScheme()
	cases := []struct{ doc, want string }{
		{`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: hello-}
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
      command: [true]
`, `spec.templates[0].container.command[0]: Invalid value: true: must be a string`},
		{`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: x}
spec:
  entrypoint: main
  templates: x
`, `spec.templates: Invalid value: "x": must be an array`},
	}
	for _, c := range cases {
		_, _, problems, err := DecodeAll(s, []byte(c.doc))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("problems: %q", problems)
		if len(problems) != 1 || problems[0] != c.want {
			t.Errorf("problems %q, want [%q]", problems, c.want)
		}
		if strings.Contains(strings.Join(problems, ""), "Go struct") {
			t.Errorf("Go words in %q", problems)
		}
	}
}
