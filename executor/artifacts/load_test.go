package artifacts

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/utils/ptr"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func noEnv(string) (string, bool) { return "", false }

func TestLoadRawHTTPAndOptional(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/data" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("from http, token " + r.Header.Get("X-Token")))
	}))
	defer srv.Close()
	dir := t.TempDir()
	arts := []v1alpha1.Artifact{
		{Name: "raw", Path: filepath.Join(dir, "a", "raw.txt"), Mode: ptr.To[int32](0o600),
			ArtifactLocation: v1alpha1.ArtifactLocation{Raw: &v1alpha1.RawArtifact{Data: "inline"}}},
		{Name: "web", Path: filepath.Join(dir, "web.txt"), ArtifactLocation: v1alpha1.ArtifactLocation{HTTP: &v1alpha1.HTTPArtifact{
			URL: srv.URL + "/data", Headers: []v1alpha1.Header{{Name: "X-Token", Value: "t1"}}}}},
		{Name: "unbound", Path: filepath.Join(dir, "none"), Optional: ptr.To(true)},
		{Name: "gone", Path: filepath.Join(dir, "gone"), Optional: ptr.To(true),
			ArtifactLocation: v1alpha1.ArtifactLocation{HTTP: &v1alpha1.HTTPArtifact{URL: srv.URL + "/missing"}}},
	}
	notes, err := Load(context.Background(), arts, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 {
		t.Errorf("notes = %q, want two (unbound, gone)", notes)
	}
	if got := readFile(t, arts[0].Path); got != "inline" {
		t.Errorf("raw = %q", got)
	}
	if st, _ := os.Stat(arts[0].Path); st.Mode().Perm() != 0o600 {
		t.Errorf("raw mode = %v, want 0600", st.Mode().Perm())
	}
	if got := readFile(t, arts[1].Path); got != "from http, token t1" {
		t.Errorf("http = %q", got)
	}
	if _, err := os.Stat(arts[3].Path); !os.IsNotExist(err) {
		t.Errorf("the missing optional artifact left a file: %v", err)
	}

	// Not optional: the step must fail, naming the artifact.
	_, err = Load(context.Background(), []v1alpha1.Artifact{{Name: "gone", Path: filepath.Join(dir, "x"),
		ArtifactLocation: v1alpha1.ArtifactLocation{HTTP: &v1alpha1.HTTPArtifact{URL: srv.URL + "/missing"}}}}, noEnv)
	if err == nil || !strings.Contains(err.Error(), `input artifact "gone"`) {
		t.Errorf("err = %v", err)
	}
}
