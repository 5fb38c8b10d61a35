package decodeerr

import (
	"strings"
	"testing"

	sigsjson "sigs.k8s.io/json"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// goWords are what a user must never read: Go's names for the types and the decoder.
var goWords = []string{"Go struct", "Go value", "ContainerTemplate", "v1alpha1", "json:", "TemplateInvocation", "ContainerSpec"}

func TestFieldErrorsOfTypeMismatches(t *testing.T) {
	wf := func(templates string) string {
		return `{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"x"},"spec":{"entrypoint":"main","templates":` + templates + `}}`
	}
	cases := []struct {
		name, doc, want string
	}{
		{"scalar of the wrong type in a list", wf(`[{"name":"main","container":{"image":"alpine","command":["sh", true]}}]`),
			`spec.templates[0].container.command[1]: Invalid value: true: must be a string`},
		{"string where an array is expected", wf(`"x"`),
			`spec.templates: Invalid value: "x": must be an array`},
		{"object where a string is expected", `{"kind":"Workflow","spec":{"entrypoint":{"a": 1, "b": [2]},"templates":[]}}`,
			`spec.entrypoint: Invalid value: {"a":1,"b":[2]}: must be a string`},
		{"string where an object is expected", wf(`[{"name":"main","steps":[]},{"name":"d","dag":"tasks"}]`),
			`spec.templates[1].dag: Invalid value: "tasks": must be an object`},
		{"nested indexes through an embedded struct", wf(`[{"name":"a","container":{"image":"alpine"}},{"name":"d","dag":{"tasks":[{"name":"a","template":"a"},{"name":"b","template":"a"},{"name":"c","template":"a","arguments":{"parameters":[{"name":"p","value":"1"},{"name":7}]}}]}}]`),
			`spec.templates[1].dag.tasks[2].arguments.parameters[1].name: Invalid value: 7: must be a string`},
		{"a fraction where an integer is expected", `{"kind":"Workflow","spec":{"parallelism":1.5}}`,
			`spec.parallelism: Invalid value: 1.5: must be an integer`},
		{"array where a boolean is expected", `{"kind":"Workflow","spec":{"templates":[{"name":"a","container":{"image":"a","command":[]}}],"suspend":[true]}}`,
			`spec.suspend: Invalid value: [true]: must be a boolean`},
		{"a custom decoder (IntOrString) reports its own offsets", wf(`[{"name":"s","steps":[[{"name":"a","template":"a","withSequence":{"count":"3"}},{"name":"b","template":"a","withSequence":{"count":true}}]]}]`),
			`spec.templates[0].steps[0][1].withSequence.count: Invalid value: true: must be`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var w v1alpha1.Workflow
			err := sigsjson.UnmarshalCaseSensitivePreserveInts([]byte(c.doc), &w)
			if err == nil {
				t.Fatal("the document decoded; the case is wrong")
			}
			errs := FieldErrors([]byte(c.doc), err)
			if len(errs) != 1 {
				t.Fatalf("%d errors, want 1: %v", len(errs), errs)
			}
			got := errs[0].Error()
			t.Logf("Go said:   %v\nwe say:    %s", err, got)
			if !strings.HasPrefix(got, c.want) {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
			for _, w := range goWords {
				if strings.Contains(got, w) {
					t.Errorf("%q names Go: %s", got, w)
				}
			}
		})
	}
}

func TestFieldErrorsOfStrictDecoding(t *testing.T) {
	doc := `{"kind":"Workflow","spec":{"entrypoint":"a","templates":[{"name":"a","containr":{}}],"entrypoint":"b"}}`
	var w v1alpha1.Workflow
	strict, err := sigsjson.UnmarshalStrict([]byte(doc), &w)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range strict {
		for _, fe := range FieldErrors([]byte(doc), e) {
			got = append(got, fe.Error())
		}
	}
	want := []string{`spec.templates[0].containr: Forbidden: unknown field`, `spec.entrypoint: Forbidden: duplicate field`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFieldErrorsOfMalformedJSON(t *testing.T) {
	doc := `{"kind":"Workflow","spec":{`
	var w v1alpha1.Workflow
	err := sigsjson.UnmarshalCaseSensitivePreserveInts([]byte(doc), &w)
	errs := FieldErrors([]byte(doc), err)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "not valid JSON") {
		t.Errorf("got %v for %v", errs, err)
	}
}

// A long object is printed cut short: the path says where it is.
func TestFieldErrorsCutLongValues(t *testing.T) {
	doc := `{"kind":"Workflow","spec":{"entrypoint":{"first":"` + strings.Repeat("a", 200) + `"}}}`
	var w v1alpha1.Workflow
	err := sigsjson.UnmarshalCaseSensitivePreserveInts([]byte(doc), &w)
	got := FieldErrors([]byte(doc), err)[0].Error()
	want := `spec.entrypoint: Invalid value: {"first":"` + strings.Repeat("a", maxExcerpt-10) + `...: must be a string`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
