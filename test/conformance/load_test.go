package conformance

import (
	"sync"
	"testing"

	"github.com/skiff-dev/skiff/test/corpus"
)

var (
	loadOnce sync.Once
	loaded   *corpus.Corpus
	loadErr  error
)

// loadCorpus loads the corpus once per test binary.
func loadCorpus(t testing.TB) *corpus.Corpus {
	t.Helper()
	loadOnce.Do(func() { loaded, loadErr = corpus.Open() })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loaded
}

func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := corpus.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}
