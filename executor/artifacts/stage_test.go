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

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// TestStageThenPlace: init stages a raw file and an archived directory readable by all,
// without their modes; main copies them to their paths and applies the modes; a missing
// optional one is a note, a missing required one an error naming it.
func TestStageThenPlace(t *testing.T) {
	src := t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "tree", "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "tree", "sub", "f.txt"), []byte("deep"), 0o600); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(t.TempDir(), "tree.tgz")
	if err := packTarGz(filepath.Join(src, "tree"), archive, -1); err != nil {
		t.Fatal(err)
	}
	srv := serveFile(t, archive)
	stage, dst := t.TempDir(), t.TempDir()
	arts := []v1alpha1.Artifact{
		{Name: "note", Path: filepath.Join(dst, "in", "note.txt"), Mode: ptr.To[int32](0o640),
			ArtifactLocation: v1alpha1.ArtifactLocation{Raw: &v1alpha1.RawArtifact{Data: "hi"}}},
		{Name: "tree", Path: filepath.Join(dst, "tree"), ArtifactLocation: v1alpha1.ArtifactLocation{HTTP: &v1alpha1.HTTPArtifact{URL: srv}}},
		{Name: "opt", Path: filepath.Join(dst, "opt"), Optional: ptr.To(true)},
	}
	if _, err := Stage(context.Background(), arts, stage, noEnv); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"note", "tree/sub/f.txt"} {
		st, err := os.Stat(filepath.Join(stage, p))
		if err != nil || st.Mode().Perm()&0o444 != 0o444 {
			t.Errorf("staged %s: %v, mode %v; want readable by all", p, err, st.Mode())
		}
	}
	notes, err := Place(arts, stage)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], `"opt"`) {
		t.Errorf("notes = %q", notes)
	}
	if got := readFile(t, arts[0].Path); got != "hi" {
		t.Errorf("note = %q", got)
	}
	if st, _ := os.Stat(arts[0].Path); st.Mode().Perm() != 0o640 {
		t.Errorf("note mode = %v, want 0640", st.Mode().Perm())
	}
	if got := readFile(t, filepath.Join(dst, "tree", "sub", "f.txt")); got != "deep" {
		t.Errorf("tree = %q", got)
	}
	if _, err := Place([]v1alpha1.Artifact{{Name: "lost", Path: filepath.Join(dst, "lost")}}, stage); err == nil ||
		!strings.Contains(err.Error(), `"lost"`) {
		t.Errorf("missing required: %v", err)
	}
	if _, err := Stage(context.Background(), []v1alpha1.Artifact{{Name: "../x", Path: "/x"}}, stage, noEnv); err == nil {
		t.Error("a name with a slash was staged")
	}
}

// TestPackNeedsPathUnlessOptional: a missing optional output is a note, a required one an
// error naming it; a file packs as <name>.tgz, or as itself with archive none.
func TestPackNeedsPathUnlessOptional(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	arts := []v1alpha1.Artifact{
		{Name: "opt", Path: filepath.Join(dir, "missing"), Optional: ptr.To(true)},
		{Name: "req", Path: filepath.Join(dir, "missing")},
		{Name: "tgz", Path: file},
		{Name: "raw", Path: file, Archive: &v1alpha1.ArchiveStrategy{None: &v1alpha1.NoneStrategy{}}},
	}
	packed, notes, errs := Pack(arts, out)
	if len(notes) != 1 || len(errs) != 1 || !strings.Contains(errs[0], `"req"`) {
		t.Errorf("notes=%q errs=%q", notes, errs)
	}
	want := []stepcontract.PackedArtifact{{Name: "tgz", File: "tgz.tgz", ContentType: "application/gzip"},
		{Name: "raw", File: "raw", ContentType: "application/octet-stream"}}
	if len(packed) != 2 || packed[0] != want[0] || packed[1] != want[1] {
		t.Fatalf("packed = %+v", packed)
	}
	if !isTarGz(filepath.Join(out, "tgz.tgz")) || readFile(t, filepath.Join(out, "raw")) != "x" {
		t.Error("packed files are not what was asked")
	}
}

// TestUploadRefusesLinksAndUndeclared: wait never follows a symlink main's user left in the
// outputs directory (it could point at wait's own /proc/self/environ), and uploads only
// artifacts the template declares.
func TestUploadRefusesLinksAndUndeclared(t *testing.T) {
	out := t.TempDir()
	secret := filepath.Join(t.TempDir(), "environ")
	if err := os.WriteFile(secret, []byte("SKIFF_SECRET_x=key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(out, "a.tgz")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(out)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	decl := []v1alpha1.Artifact{{Name: "a", ArtifactLocation: v1alpha1.ArtifactLocation{S3: &v1alpha1.S3Artifact{
		S3Bucket: v1alpha1.S3Bucket{Bucket: "b", Endpoint: "127.0.0.1:1"}, Key: "k"}}}}
	saved, errs := Upload(context.Background(), decl, []stepcontract.PackedArtifact{
		{Name: "a", File: "a.tgz"}, {Name: "b", File: "a.tgz"}, {Name: "a", File: "../environ"}}, root, noEnv)
	if len(saved) != 0 || len(errs) != 3 {
		t.Fatalf("saved=%v errs=%q", saved, errs)
	}
	for i, want := range []string{"not a regular file", "declares no such", "environ"} {
		if !strings.Contains(errs[i], want) {
			t.Errorf("errs[%d] = %q, want %q", i, errs[i], want)
		}
	}
}

// serveFile serves the file at an httptest URL and returns the URL.
func serveFile(t *testing.T, path string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, path) }))
	t.Cleanup(srv.Close)
	return srv.URL + "/f"
}
