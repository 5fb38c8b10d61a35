package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
	"github.com/skiff-dev/skiff/test/corpus"
)

func TestLint(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		stdin string
		code  int
	}{
		{name: "lint-valid", args: []string{"lint", "testdata/lint/hello.yaml"}},
		{name: "lint-dir", args: []string{"lint", "testdata/lint/dir"}},
		{name: "lint-errors", args: []string{"lint", "testdata/lint/broken.yaml", "testdata/lint/unsupported.yaml"}, code: 1},
		{name: "lint-stdin", args: []string{"lint", "-"}, stdin: "kind: Workflow\napiVersion: argoproj.io/v1alpha1\nmetadata: {name: x}\nspec: {entrypoint: a, templates: [{name: a, suspend: {}}]}\n"},
		{name: "lint-nothing", args: []string{"lint", "-"}, stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", code: 1},
		{name: "lint-many-pretty", args: []string{"lint", "testdata/lint/many-errors.yaml"}, code: 1},
		{name: "lint-many-simple", args: []string{"lint", "-o", "simple", "testdata/lint/many-errors.yaml"}, code: 1},
		{name: "lint-many-json", args: []string{"lint", "-o", "json", "testdata/lint/many-errors.yaml", "testdata/lint/broken.yaml"}, code: 1},
		{name: "lint-bad-output", args: []string{"lint", "-o", "yaml", "testdata/lint/hello.yaml"}, code: -1},
		{name: "lint-bad-yaml", args: []string{"lint", "-"}, stdin: "kind: Workflow\napiVersion: argoproj.io/v1alpha1\nmetadata: {name: x}\nmetadata: {name: second}\n", code: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := newEnv()
			env.In.WriteString(tc.stdin)
			if code := golden(t, tc.name, env, tc.args...); code != tc.code {
				t.Errorf("exit code %d, want %d", code, tc.code)
			}
		})
	}
}

func TestLintColour(t *testing.T) {
	env := newEnv()
	env.Options.NoColor = false
	if code := golden(t, "lint-colour", env, "lint", "testdata/lint/unsupported.yaml"); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	env = newEnv()
	env.Options.NoColor = false
	env.Options.Getenv = func(k string) string {
		if k == "TERM" {
			return "dumb"
		}
		return ""
	}
	run(env, "lint", "testdata/lint/unsupported.yaml")
	if strings.Contains(env.Out.String(), "\x1b[") {
		t.Errorf("TERM=dumb still coloured:\n%s", env.Out)
	}
	env = newEnv()
	env.Options.NoColor = false
	run(env, "lint", "--no-color", "testdata/lint/unsupported.yaml")
	if strings.Contains(env.Out.String(), "\x1b[") {
		t.Errorf("--no-color still coloured:\n%s", env.Out)
	}
}

// lintModeAccepts are invalid-folder files that upstream rejects only outside lint mode or
// with a cluster to resolve templateRef: `argo lint` (Lint: true, offline) accepts them too.
// The test asserts that lint passes them and that full validation, with the corpus deps as
// the cluster, rejects them, so this list cannot go stale.
var lintModeAccepts = map[string]string{
	"workflows/invalid/validate_test__paramWithoutValue.yaml":                "entrypoint inputs may be supplied at submit (-p)",
	"workflows/invalid/validate_test__unsuppliedArgValue.yaml":               "spec.arguments values may be supplied at submit (-p)",
	"workflows/invalid/validate_test__specArgumentNoValue.yaml":              "upstream: accept with Opts{Lint: true}",
	"workflows/invalid/validate_test__nestedTemplateRefWithError.yaml":       "the error is inside a referenced WorkflowTemplate (needs a cluster)",
	"workflows/invalid/validate_test__undefinedTemplateRef.yaml":             "the referenced WorkflowTemplate is missing: a warning even online (Skiff design)",
	"workflows/invalid/validate_test__templateRefWithPlaceholderInName.yaml": "the referenced WorkflowTemplate is missing: a warning even online (Skiff design)",
}

// TestLintCorpusInvalid lints every file of the upstream invalid workflows: each must fail,
// but for lintModeAccepts, which must fail full validation instead.
func TestLintCorpusInvalid(t *testing.T) {
	c := openCorpus(t)
	files := map[string]bool{}
	for _, d := range c.Docs["workflows/invalid"] {
		files[d.File] = true
	}
	if len(files) == 0 {
		t.Skip("workflows/invalid not loaded (SKIFF_ONLY?)")
	}
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	lookup := newCorpusLookup(t, c)
	var rejected, strictOnly int
	for _, f := range names {
		env := newEnv()
		code := run(env, "lint", "-o", "json", filepath.Join(c.Root, f))
		reason, accepted := lintModeAccepts[f]
		switch {
		case !accepted && code != 1:
			t.Errorf("%s: exit %d, want 1 (upstream rejects it)\n%s%s", f, code, env.Out, env.ErrOut)
		case accepted && code != 0 && !onlyUnsupported(t, env.Out.Bytes()):
			t.Errorf("%s: lint exit %d, want 0 or only not-supported errors (%s): remove it from lintModeAccepts\n%s%s", f, code, reason, env.Out, env.ErrOut)
		case accepted:
			strictOnly++
			assertStrictRejects(t, c, f, lookup)
		default:
			rejected++
		}
	}
	t.Logf("workflows/invalid: %d files, %d rejected by lint, %d accepted in lint mode (as upstream or offline) and checked by full validation", len(names), rejected, strictOnly)
}

// onlyUnsupported says whether every error in lint's -o json output is a "not supported by
// Skiff" one (for example a container without command), so upstream's own rule did not fire.
func onlyUnsupported(t *testing.T, out []byte) bool {
	t.Helper()
	var report struct {
		Results []struct{ Errors []string }
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("lint -o json printed no JSON: %v\n%s", err, out)
	}
	for _, r := range report.Results {
		for _, e := range r.Errors {
			if !strings.Contains(e, v1alpha1.UnsupportedMessage) {
				return false
			}
		}
	}
	return true
}

func assertStrictRejects(t *testing.T, c *corpus.Corpus, file string, lookup validate.Lookup) {
	t.Helper()
	scheme := cli.NewScheme()
	for _, d := range c.Docs["workflows/invalid"] {
		if d.File != file {
			continue
		}
		obj, _, err := cli.DecodeStrict(scheme, d.JSON)
		if err != nil {
			t.Errorf("%s: %v", d.ID(), err)
			continue
		}
		res := validate.Object(context.Background(), obj, validate.Options{Lookup: lookup})
		if slices.ContainsFunc(res.Errors, func(e *field.Error) bool { return !strings.Contains(e.Detail, v1alpha1.UnsupportedMessage) }) {
			continue
		}
		// Skiff by design only warns about a templateRef target that does not exist yet
		// (api/validate/workflow_refs.go); upstream denies it.
		if !strings.Contains(strings.Join(res.Warnings, "\n"), "does not exist") {
			t.Errorf("%s: full validation accepts it without a missing-template warning, upstream rejects it: %v", d.ID(), res.Warnings)
		}
	}
}

// corpusLookup serves the WorkflowTemplates of the corpus deps folder as a cluster would.
type corpusLookup struct {
	scheme *runtime.Scheme
	docs   map[string][]byte // Kind/name -> JSON
}

func newCorpusLookup(t *testing.T, c *corpus.Corpus) *corpusLookup {
	t.Helper()
	l := &corpusLookup{scheme: cli.NewScheme(), docs: map[string][]byte{}}
	docs, err := corpus.ReadFolder(c.Root, "workflows/unit/validate_test/deps")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		var m struct {
			Metadata struct{ Name string } `json:"metadata"`
		}
		if d.JSON != nil && json.Unmarshal(d.JSON, &m) == nil {
			l.docs[d.GVK.Kind+"/"+m.Metadata.Name] = d.JSON
		}
	}
	return l
}

func (l *corpusLookup) Get(_ context.Context, _, name string, obj runtime.Object) error {
	gvks, _, err := l.scheme.ObjectKinds(obj)
	if err != nil {
		return err
	}
	data, ok := l.docs[gvks[0].Kind+"/"+name]
	if !ok {
		return apierrors.NewNotFound(v1alpha1.GroupVersion.WithResource(strings.ToLower(gvks[0].Kind)+"s").GroupResource(), name)
	}
	return json.Unmarshal(data, obj)
}

// TestLintCorpusValid lints the upstream valid workflow documents: each must pass or be
// denied only for fields Skiff does not implement.
func TestLintCorpusValid(t *testing.T) {
	c := openCorpus(t)
	scheme := cli.NewScheme()
	var total, passed, unsupported, upstreamLintRejects int
	byField := map[string]int{}
	for _, d := range c.ValidDocs() {
		if !strings.HasPrefix(d.File, "workflows/") {
			continue
		}
		raw := d.JSON
		if d.AssumedVersion {
			raw = withAPIVersion(t, raw)
		}
		total++
		r := LintDocument(context.Background(), scheme, cli.Document{Source: d.File, Index: d.Index, Raw: raw})
		_, lintRejects := c.ExpectedReject(d.File)
		switch {
		case lintRejects && len(r.Errors) == 0:
			t.Errorf("%s: passes lint, upstream argo lint rejects it (EXPECTATIONS.tsv)", d.ID())
		case lintRejects:
			upstreamLintRejects++
		case len(r.Errors) == 0:
			passed++
		case r.UnsupportedOnly():
			unsupported++
			for _, e := range r.Errors {
				_, p, _ := strings.Cut(e, v1alpha1.UnsupportedMessage+": ")
				byField[indexRE.ReplaceAllString(p, "[]")]++
			}
		default:
			t.Errorf("%s: %s: %s", d.ID(), r.Ref, strings.Join(r.Errors, "\n\t"))
		}
	}
	t.Logf("corpus valid workflow documents: %d linted, %d pass, %d denied only as not supported by Skiff, %d rejected as upstream argo lint rejects them", total, passed, unsupported, upstreamLintRejects)
	fields := make([]string, 0, len(byField))
	for f := range byField {
		fields = append(fields, f)
	}
	sort.Slice(fields, func(i, j int) bool {
		if byField[fields[i]] != byField[fields[j]] {
			return byField[fields[i]] > byField[fields[j]]
		}
		return fields[i] < fields[j]
	})
	for _, f := range fields {
		t.Logf("  not supported by Skiff: %-50s %d", f, byField[f])
	}
	if total == 0 {
		t.Skip("no valid workflow documents loaded (SKIFF_ONLY?)")
	}
}

var indexRE = regexp.MustCompile(`\[[^\]]*\]`)

func openCorpus(t *testing.T) *corpus.Corpus {
	t.Helper()
	c, err := corpus.Open()
	if err != nil {
		t.Skip(err)
	}
	return c
}

func withAPIVersion(t *testing.T, raw []byte) []byte {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m["apiVersion"] = "argoproj.io/v1alpha1"
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
