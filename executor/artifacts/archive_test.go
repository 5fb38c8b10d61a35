package artifacts

import (
	"os"
	"path/filepath"
	"testing"
)

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A file and a directory survive pack → unpack → place under another name.
func TestTarGzRoundTrip(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "src", "one.txt"), "one")
	writeFile(t, filepath.Join(dir, "src", "sub", "two.txt"), "two")
	writeFile(t, filepath.Join(dir, "file.txt"), "hello")

	for _, c := range []struct{ src, check, want string }{
		{"src", "sub/two.txt", "two"},
		{"file.txt", "", "hello"},
	} {
		archive := filepath.Join(dir, c.src+".tgz")
		if err := packTarGz(filepath.Join(dir, c.src), archive, -1); err != nil {
			t.Fatal(err)
		}
		if !isTarGz(archive) {
			t.Fatalf("%s: not recognised as a tarball", archive)
		}
		tmp := t.TempDir()
		if err := unpackTarGz(archive, tmp); err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, "out-"+c.src)
		if err := placeUnpacked(tmp, dst); err != nil {
			t.Fatal(err)
		}
		if got := readFile(t, filepath.Join(dst, c.check)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.src, got, c.want)
		}
	}
	if isTarGz(filepath.Join(dir, "file.txt")) {
		t.Error("a plain file was taken for a tarball")
	}
}
