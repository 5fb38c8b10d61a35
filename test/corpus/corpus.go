// Package corpus loads the upstream Argo example corpus (../shared/corpus beside the
// repository) for Skiff's conformance and integration tests: which folders must be accepted,
// which rejected, and which documents are known to be broken upstream.
package corpus

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// InScopeKinds are the kinds Skiff implements; every other argoproj.io kind is reported as
// skipped (out of scope), never silently dropped.
var InScopeKinds = []string{
	"Application", "AppProject",
	"Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow",
	"Rollout", "AnalysisTemplate", "ClusterAnalysisTemplate", "AnalysisRun", "Experiment",
	"EventSource", "Sensor", "EventBus",
}

// ValidFolders hold upstream documents Skiff must accept: all of their in-scope documents
// must decode strictly, round-trip and pass the CRD schemas.
var ValidFolders = []string{
	"workflows/valid",
	"workflows/e2e",
	"workflows/expected-runtime-failures",
	"workflows/unit/validate",
	"workflows/unit/validate_test/accept",
	"workflows/unit/validate_test/deps",
	"workflows/unit/validate_test/lint-mode",
	"rollouts/examples",
	"rollouts/e2e",
	"rollouts/lint/valid",
	"rollouts/create",
	"events/examples",
	"events/e2e",
	"events/stress",
	"gitops/applications",
}

// RejectFolders hold documents upstream rejects; EXPECTATIONS.tsv says at which stage. Only
// the ones rejected at the YAML or schema stage must fail here; the rest are semantic and
// belong to api/validate, so here they only have to parse.
var RejectFolders = []string{
	"workflows/invalid",
	"workflows/legacy-convert",
}

// MalformedUpstream lists documents that are broken upstream (corpus README, "Notable
// content and quirks"). The test asserts they really are broken, so the list cannot go stale.
var MalformedUpstream = map[string]string{
	"workflows/valid/k8s-patch-json-workflow.yaml#0":              "duplicate metadata.annotations key (strict YAML rejects it; lenient YAML keeps the last)",
	"rollouts/examples/traffic-management/rollout-linkerd.yaml#4": "unquoted {{...}} map key does not parse",
	"rollouts/e2e/expectedfailures/analysis-run-failfast.yaml#0":  "mis-indented metric does not parse",
	"workflows/e2e/synchronization/mutex-wf-level.yaml#0":         "a template upstream's e2e suite rewrites: its first key is dbapiVersion",
	"workflows/e2e/synchronization/db-mutex-wf-level.yaml#0":      "a template upstream's e2e suite rewrites: its first key is dbapiVersion",
}

// Usable reports whether a document is a real object to check (not malformed upstream).
func (d Doc) Usable() bool {
	_, malformed := MalformedUpstream[d.ID()]
	return d.JSON != nil && !malformed && d.InScope() && !Tolerated(d.File)
}

// RejectedByKubernetes lists documents of valid folders that kube-apiserver itself refuses,
// whatever the CRD says. The test asserts they are refused, so the list cannot go stale.
var RejectedByKubernetes = map[string]string{
	"workflows/valid/fun-with-gifs.yaml#0":                                           "generateName is indented under metadata.labels, and \"fun-with-gifs-\" is not a valid label value",
	"workflows/expected-runtime-failures/dag-failFast-hang.yaml#0":                   "generateName \"dag-hang-failFast-\" has upper-case letters",
	"rollouts/e2e/functional/bluegreen-duration-template.yaml#2":                     "name is the placeholder ROLLOUT_NAME that upstream's e2e suite replaces",
	"rollouts/e2e/functional/canary-duration-template.yaml#0":                        "name is the placeholder ROLLOUT_NAME that upstream's e2e suite replaces",
	"rollouts/e2e/functional/nginx-template.yaml#3":                                  "name is the placeholder REPLACEME that upstream's e2e suite replaces",
	"workflows/unit/validate_test/accept/dagArgParamValueFromConfigMapInTask.yaml#0": "no metadata at all: upstream's Go validator takes it, an API server needs a name",
	"rollouts/e2e/step-plugin/template-rollout.yaml#0":                               "name holds the placeholder $$name$$ that upstream's e2e suite replaces",
}

// toleratedPrefixes are folders of malformed objects the controllers must survive; their documents
// are reported but need not decode.
var toleratedPrefixes = []string{"rollouts/e2e/expectedfailures/"}

// Doc is one YAML document of a corpus file.
type Doc struct {
	File  string // path relative to the corpus root
	Index int    // document index within the file
	JSON  []byte // strict conversion, or lenient for documents listed in MalformedUpstream
	Err   error  // YAML error, if the document does not parse
	GVK   schema.GroupVersionKind
	// AssumedVersion: the document names a Skiff kind without apiVersion.
	AssumedVersion bool
}

func (d Doc) ID() string { return d.File + "#" + strconv.Itoa(d.Index) }

// InScope reports whether the document is one of Skiff's kinds.
func (d Doc) InScope() bool {
	return d.GVK.Group == v1alpha1.GroupVersion.Group && IsInScopeKind(d.GVK.Kind)
}

func IsInScopeKind(kind string) bool {
	for _, k := range InScopeKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// Root finds the corpus: SKIFF_CORPUS, else ../shared/corpus beside the repository that
// holds the working directory.
func Root() (string, error) {
	if dir := os.Getenv("SKIFF_CORPUS"); dir != "" {
		return dir, nil
	}
	repo, err := RepoRoot()
	if err != nil {
		return "", err
	}
	root := filepath.Join(repo, "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(root, "MANIFEST.tsv")); err != nil {
		return "", fmt.Errorf("the Argo corpus is not at %s (set SKIFF_CORPUS): %w", root, err)
	}
	return root, nil
}

// RepoRoot is the directory holding go.mod, above the working directory.
func RepoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
	}
	return "", fmt.Errorf("no go.mod above %s", wd)
}

// Selected applies SKIFF_ONLY, a comma-separated list of folder prefixes.
func Selected(folder string) bool {
	only := os.Getenv("SKIFF_ONLY")
	if only == "" {
		return true
	}
	for _, p := range strings.Split(only, ",") {
		p = strings.TrimSuffix(strings.TrimSpace(p), "/")
		if p != "" && (strings.HasPrefix(folder, p) || strings.HasPrefix(p, folder)) {
			return true
		}
	}
	return false
}

// Expectation is a row of EXPECTATIONS.tsv: what upstream does with a file.
type Expectation struct{ Expect, Stage, Message string }

// Corpus is the loaded corpus.
type Corpus struct {
	Root string
	// Docs holds each loaded folder's documents.
	Docs map[string][]Doc
	// Skipped counts, per folder, the files that are not YAML documents, by reason
	// (MANIFEST.tsv's "helm-template" and "not-manifest", or not YAML/JSON at all).
	Skipped      map[string]map[string]int
	Expectations map[string]Expectation
}

// Open finds the corpus (Root) and loads it (Load).
func Open() (*Corpus, error) {
	root, err := Root()
	if err != nil {
		return nil, err
	}
	return Load(root)
}

// Load reads the valid and reject folders that SKIFF_ONLY selects.
func Load(root string) (*Corpus, error) {
	parse := map[string]string{}
	rows, err := readTSV(filepath.Join(root, "MANIFEST.tsv"))
	if err != nil {
		return nil, err
	}
	for _, r := range rows[1:] {
		if len(r) > 4 {
			parse[r[0]] = r[4]
		}
	}
	c := &Corpus{Root: root, Docs: map[string][]Doc{}, Skipped: map[string]map[string]int{}, Expectations: map[string]Expectation{}}
	rows, err = readTSV(filepath.Join(root, "EXPECTATIONS.tsv"))
	if err != nil {
		return nil, err
	}
	for _, r := range rows[1:] {
		if len(r) > 4 {
			c.Expectations[r[0]] = Expectation{Expect: r[1], Stage: r[2], Message: r[4]}
		}
	}
	for _, folder := range append(append([]string{}, ValidFolders...), RejectFolders...) {
		if !Selected(folder) {
			continue
		}
		skipped := map[string]int{}
		c.Skipped[folder] = skipped
		err := filepath.WalkDir(filepath.Join(root, folder), func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			ext := filepath.Ext(rel)
			if ext != ".yaml" && ext != ".yml" && ext != ".json" {
				skipped["not YAML/JSON"]++
				return nil
			}
			if p := parse[rel]; strings.HasPrefix(p, "helm-template") || strings.HasPrefix(p, "not-manifest") {
				skipped[strings.Fields(p)[0]]++
				return nil
			}
			docs, err := splitFile(path, rel)
			if err != nil {
				return err
			}
			c.Docs[folder] = append(c.Docs[folder], docs...)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Folders returns the loaded folders in a stable order.
func (c *Corpus) Folders() []string {
	out := make([]string, 0, len(c.Docs))
	for f := range c.Docs {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// ValidDocs returns the usable documents of the valid folders (see Doc.Usable), folder by
// folder in a stable order.
func (c *Corpus) ValidDocs() []Doc {
	var out []Doc
	for _, folder := range c.Folders() {
		if !IsValidFolder(folder) {
			continue
		}
		for _, d := range c.Docs[folder] {
			if d.Usable() {
				out = append(out, d)
			}
		}
	}
	return out
}

// ExpectedReject reports a file that EXPECTATIONS.tsv says upstream rejects (e.g.
// `kubectl argo rollouts create` refusing a template without a name).
func (c *Corpus) ExpectedReject(file string) (Expectation, bool) {
	exp, ok := c.Expectations[file]
	return exp, ok && strings.HasPrefix(exp.Expect, "reject")
}

func readTSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s is empty", path)
	}
	return rows, nil
}

// splitFile reads a multi-document YAML file into documents, converting each to JSON with
// strict YAML rules (duplicate keys are errors).
func splitFile(path, rel string) ([]Doc, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Doc
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for i := 0; ; {
		raw, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(stripComments(raw))) == 0 {
			continue
		}
		d := Doc{File: rel, Index: i}
		i++
		d.JSON, d.Err = sigsyaml.YAMLToJSONStrict(raw)
		if d.Err != nil {
			if _, known := MalformedUpstream[d.ID()]; known {
				// Keep the lenient reading too, so the types are still checked against it.
				d.JSON, _ = sigsyaml.YAMLToJSON(raw)
			}
		}
		if d.JSON != nil {
			var tm runtime.TypeMeta
			if err := sigsyaml.Unmarshal(d.JSON, &tm); err == nil {
				d.GVK = schema.FromAPIVersionAndKind(tm.APIVersion, tm.Kind)
				if tm.APIVersion == "" && IsInScopeKind(tm.Kind) {
					// Upstream's e2e fixtures leave apiVersion to the test framework.
					d.GVK = v1alpha1.GroupVersion.WithKind(tm.Kind)
					d.AssumedVersion = true
				}
			}
		}
		if string(d.JSON) == "null" {
			continue
		}
		out = append(out, d)
	}
	return out, nil
}

// stripComments drops comment-only lines, to tell empty documents from real ones.
func stripComments(b []byte) []byte {
	var keep [][]byte
	for _, l := range bytes.Split(b, []byte("\n")) {
		if t := bytes.TrimSpace(l); len(t) > 0 && t[0] != '#' {
			keep = append(keep, l)
		}
	}
	return bytes.Join(keep, []byte("\n"))
}

// IsValidFolder reports whether a folder's documents must all be accepted.
func IsValidFolder(folder string) bool {
	for _, f := range ValidFolders {
		if f == folder {
			return true
		}
	}
	return false
}

// Tolerated reports a document the controllers must survive but need not accept.
func Tolerated(file string) bool {
	for _, p := range toleratedPrefixes {
		if strings.HasPrefix(file, p) {
			return true
		}
	}
	return false
}

// ReadFolder reads every YAML/JSON document of one corpus folder (for example a folder of
// upstream negative fixtures that belongs to neither ValidFolders nor RejectFolders).
func ReadFolder(root, folder string) ([]Doc, error) {
	var out []Doc
	err := filepath.WalkDir(filepath.Join(root, folder), func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if ext := filepath.Ext(rel); ext != ".yaml" && ext != ".yml" && ext != ".json" {
			return nil
		}
		docs, err := splitFile(path, rel)
		if err != nil {
			return err
		}
		out = append(out, docs...)
		return nil
	})
	return out, err
}
