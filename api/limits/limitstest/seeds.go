package limitstest

import (
	"encoding/json"
	"sort"
	"sync"
	"testing"

	"github.com/skiff-dev/skiff/test/corpus"
)

// CorpusDocuments returns every document of the upstream corpus (../shared/corpus) as JSON,
// valid and rejected folders alike, to seed a fuzz target. Without the corpus it returns nil
// and says so in the test log: the target then runs on its inline seeds only.
func CorpusDocuments(tb testing.TB) [][]byte {
	loaded.Do(func() {
		c, err := corpus.Open()
		if err != nil {
			loadErr = err
			return
		}
		for _, folder := range c.Folders() {
			for _, d := range c.Docs[folder] {
				if d.JSON != nil {
					docs = append(docs, d.JSON)
				}
			}
		}
	})
	if loadErr != nil {
		tb.Logf("no corpus seeds (%v): inline seeds only", loadErr)
	}
	return docs
}

// The corpus is read once per test binary, however many targets it seeds.
var (
	loaded  sync.Once
	docs    [][]byte
	loadErr error
)

// CorpusStrings returns the distinct strings of the corpus documents held under a key that
// keep accepts (for example every "depends", or every value holding "{{"), sorted.
func CorpusStrings(tb testing.TB, keep func(key, value string) bool) []string {
	seen := map[string]bool{}
	for _, doc := range CorpusDocuments(tb) {
		var v any
		if json.Unmarshal(doc, &v) == nil {
			collect(v, "", keep, seen)
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func collect(v any, key string, keep func(key, value string) bool, seen map[string]bool) {
	switch t := v.(type) {
	case string:
		if keep(key, t) {
			seen[t] = true
		}
	case []any:
		for _, e := range t {
			collect(e, key, keep, seen)
		}
	case map[string]any:
		for k, e := range t {
			collect(e, k, keep, seen)
		}
	}
}

// SeedStrings adds the inline seeds, then the corpus strings keep accepts, to a fuzz target
// taking one string.
func SeedStrings(f *testing.F, inline []string, keep func(key, value string) bool) {
	for _, s := range inline {
		f.Add(s)
	}
	for _, s := range CorpusStrings(f, keep) {
		f.Add(s)
	}
}
