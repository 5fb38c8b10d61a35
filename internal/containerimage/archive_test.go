package containerimage

import (
	"archive/tar"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

func testImage(t *testing.T, content string) v1.Image {
	t.Helper()
	img, err := Build([]File{{Path: "hello.txt", Mode: 0o644, Data: []byte(content)}}, Spec{Cmd: []string{"cat", "/hello.txt"}})
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func digest(t *testing.T, img v1.Image) string {
	t.Helper()
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}

func TestReadDockerArchive(t *testing.T) {
	img := testImage(t, "one")
	file := filepath.Join(t.TempDir(), "img.tar")
	if err := WriteTarball(file, "myapp:dev", img); err != nil {
		t.Fatal(err)
	}
	got, cleanup, err := ReadArchive(file, "")
	defer cleanup()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].CanonicalName() != "docker.io/library/myapp:dev" || digest(t, got[0].Image) != digest(t, img) {
		t.Fatalf("got %+v", got)
	}
	t.Logf("%s -> %s %s", file, got[0].CanonicalName(), digest(t, got[0].Image))

	renamed, cleanup2, err := ReadArchive(file, "ghcr.io/me/app")
	defer cleanup2()
	if err != nil {
		t.Fatal(err)
	}
	if renamed[0].CanonicalName() != "ghcr.io/me/app:latest" {
		t.Errorf("--name gave %s", renamed[0].CanonicalName())
	}
}

func TestReadDockerArchiveUntaggedNeedsName(t *testing.T) {
	file := filepath.Join(t.TempDir(), "untagged.tar")
	// A docker archive of one image without RepoTags, as `docker save IMAGE_ID` writes.
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := tarball.Write(nil, testImage(t, "untagged"), f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, cleanup, err := ReadArchive(file, "")
	cleanup()
	if err == nil || !strings.Contains(err.Error(), "--name") {
		t.Fatalf("want an error asking for --name, got %v", err)
	}
	got, cleanup, err := ReadArchive(file, "untagged:v1")
	defer cleanup()
	if err != nil || got[0].CanonicalName() != "docker.io/library/untagged:v1" {
		t.Fatalf("with --name: %v %v", got, err)
	}
}

// TestReadOCILayoutTarball reads an OCI layout tarball whose index names its image by the
// containerd annotation, and another naming it by a bare tag only.
func TestReadOCILayoutTarball(t *testing.T) {
	img := testImage(t, "oci")
	for _, tc := range []struct {
		annotations map[string]string
		override    string
		want        string
		wantErr     string
	}{
		{map[string]string{annotationContainerdName: "example.com/team/app:1.2", annotationOCIRefName: "1.2"}, "", "example.com/team/app:1.2", ""},
		{map[string]string{annotationOCIRefName: "quay.io/x/y:z"}, "", "quay.io/x/y:z", ""},
		{map[string]string{annotationOCIRefName: "1.2"}, "", "", "--name"},
		{map[string]string{annotationOCIRefName: "1.2"}, "app:1.2", "docker.io/library/app:1.2", ""},
	} {
		dir := t.TempDir()
		lp, err := layout.Write(filepath.Join(dir, "layout"), empty.Index)
		if err != nil {
			t.Fatal(err)
		}
		if err := lp.AppendImage(img, layout.WithAnnotations(tc.annotations)); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "oci.tar")
		tarDir(t, filepath.Join(dir, "layout"), file)
		got, cleanup, err := ReadArchive(file, tc.override)
		t.Cleanup(cleanup)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: want error with %q, got %v", tc.annotations, tc.wantErr, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%v: %v", tc.annotations, err)
		}
		if len(got) != 1 || got[0].CanonicalName() != tc.want {
			t.Fatalf("%v: got %v, want %s", tc.annotations, got, tc.want)
		}
		// The image is read lazily from the extracted layout, kept until cleanup.
		if d := digest(t, got[0].Image); d != digest(t, img) {
			t.Errorf("digest %s, want %s", d, digest(t, img))
		}
	}
}

// TestReadOCIIndexPicksPlatform reads a multi-platform index and picks this machine's image.
func TestReadOCIIndexPicksPlatform(t *testing.T) {
	mine := testImage(t, "mine")
	other := testImage(t, "other")
	idx := mutate.AppendManifests(empty.Index,
		mutate.IndexAddendum{Add: other, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "s390x"}}},
		mutate.IndexAddendum{Add: mine, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: runtime.GOARCH}}},
	)
	dir := filepath.Join(t.TempDir(), "layout")
	lp, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := lp.AppendIndex(idx, layout.WithAnnotations(map[string]string{annotationOCIRefName: "example.com/multi:v2"})); err != nil {
		t.Fatal(err)
	}
	got, cleanup, err := ReadArchive(dir, "")
	defer cleanup()
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Index == nil {
		t.Fatal("want the index itself")
	}
	img, err := got[0].PlatformImage()
	if err != nil {
		t.Fatal(err)
	}
	if digest(t, img) != digest(t, mine) {
		t.Errorf("picked %s, want this platform's %s", digest(t, img), digest(t, mine))
	}
}

func TestReadArchiveRejects(t *testing.T) {
	dir := t.TempDir()
	notTar := filepath.Join(dir, "not.tar")
	if err := os.WriteFile(notTar, []byte(strings.Repeat("not a tar archive ", 64)), 0o644); err != nil {
		t.Fatal(err)
	}
	emptyTar := filepath.Join(dir, "empty.tar")
	tarDir(t, t.TempDir(), emptyTar)
	for _, tc := range []struct{ file, name, want string }{
		{filepath.Join(dir, "missing.tar"), "", "file: Invalid value"},
		{notTar, "", "not a tar archive"},
		{emptyTar, "", "neither a `docker save` tarball"},
		{emptyTar, "UPPER/case", `name: Invalid value: "UPPER/case"`},
	} {
		_, cleanup, err := ReadArchive(tc.file, tc.name)
		cleanup()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s --name %q: want error with %q, got %v", filepath.Base(tc.file), tc.name, tc.want, err)
		}
	}
}

// tarDir writes the files under dir as a tar archive.
func tarDir(t *testing.T, dir, file string) {
	t.Helper()
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tw := tar.NewWriter(f)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		h, err := tar.FileInfoHeader(info, "")
		if err != nil {
			return err
		}
		h.Name = filepath.ToSlash(rel)
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		src, err := os.Open(p)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = io.Copy(tw, src)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
}
