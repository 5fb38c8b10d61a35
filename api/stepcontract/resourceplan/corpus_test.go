package resourceplan

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/test/corpus"
)

// corpusRefused are the upstream resource templates Skiff refuses, with the words it
// refuses them with; every other one in the corpus must pass Check.
var corpusRefused = map[string]string{
	// Upstream expects this one to fail at run time: its manifest has no kind.
	"workflows/e2e/testdata/resource-templates/failed.yaml#0:main": "Object 'Kind' is missing",
	// Its action is an input parameter; "x1", the stand-in value, is no action.
	"workflows/unit/validate_test/accept/allowPlaceholderInVariableTakenFromInputs.yaml#0:manifest": `resource.action "x1"`,
}

var tagRE = regexp.MustCompile(`\{\{[^}]*\}\}`)

// TestCorpusResourceTemplates checks every resource template of the upstream corpus, its
// {{tags}} replaced by a plain value as the controller would substitute them.
func TestCorpusResourceTemplates(t *testing.T) {
	c, err := corpus.Open()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, d := range c.ValidDocs() {
		if !d.InScope() {
			continue
		}
		var doc struct {
			Spec v1alpha1.WorkflowSpec `json:"spec"`
		}
		var cron struct {
			Spec struct {
				WorkflowSpec v1alpha1.WorkflowSpec `json:"workflowSpec"`
			} `json:"spec"`
		}
		if json.Unmarshal(d.JSON, &doc) != nil || json.Unmarshal(d.JSON, &cron) != nil {
			continue
		}
		specs := []*v1alpha1.WorkflowSpec{&doc.Spec, &cron.Spec.WorkflowSpec}
		for _, spec := range specs {
			for _, tm := range templatesOf(spec) {
				if tm.Resource == nil {
					continue
				}
				seen++
				b, _ := json.Marshal(tm)
				b = tagRE.ReplaceAll(b, []byte("x1"))
				var sub v1alpha1.Template
				if err := json.Unmarshal(b, &sub); err != nil {
					t.Fatal(err)
				}
				id := d.ID() + ":" + tm.Name
				err := Check(&sub)
				want, refused := corpusRefused[id]
				switch {
				case refused && (err == nil || !strings.Contains(err.Error(), want)):
					t.Errorf("%s: err = %v, want %q", id, err, want)
				case !refused && err != nil:
					t.Errorf("%s: %v", id, err)
				}
			}
		}
	}
	if seen < 20 {
		t.Fatalf("only %d resource templates in the corpus: is it loaded?", seen)
	}
	t.Logf("%d resource templates checked", seen)
}

func templatesOf(spec *v1alpha1.WorkflowSpec) []*v1alpha1.Template {
	var out []*v1alpha1.Template
	for i := range spec.Templates {
		tm := &spec.Templates[i]
		out = append(out, tm)
		for _, g := range tm.Steps {
			for _, s := range g {
				if s.Inline != nil {
					out = append(out, s.Inline)
				}
			}
		}
		if tm.DAG != nil {
			for _, task := range tm.DAG.Tasks {
				if task.Inline != nil {
					out = append(out, task.Inline)
				}
			}
		}
	}
	return out
}
