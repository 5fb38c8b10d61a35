// Package containerimage builds single-layer container image tarballs without a registry or
// Docker, and imports image tarballs into a containerd. hack/image builds Skiff's image with
// it, and test/cluster the local cluster's pause and busybox images.
package containerimage

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// File is one entry of an image layer.
type File struct {
	Path string      // inside the image, e.g. "bin/busybox"
	Mode os.FileMode // permission bits
	Data []byte      // contents of a regular file
	Link string      // symlink target; when set the entry is a symlink
	Dir  bool        // a directory
}

// Spec says how to run an image.
type Spec struct {
	Entrypoint []string
	Cmd        []string
	Env        []string
}

// epoch is every entry's modification time, so the same inputs give the same digests.
var epoch = time.Unix(0, 0).UTC()

// Build makes a single-layer Linux image for this machine's architecture.
func Build(files []File, spec Spec) (v1.Image, error) {
	layerTar, err := tarLayer(files)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar)), nil
	})
	if err != nil {
		return nil, fmt.Errorf("making the layer: %w", err)
	}
	img, err := mutate.AppendLayers(empty.Image, layer)
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	// containerd imports only images for its platform: say which one this is.
	cf.OS, cf.Architecture = "linux", runtime.GOARCH
	cf.Config.Entrypoint, cf.Config.Cmd, cf.Config.Env = spec.Entrypoint, spec.Cmd, spec.Env
	return mutate.ConfigFile(img, cf)
}

// tarLayer writes files as a tar stream, adding missing parent directories first.
func tarLayer(files []File) ([]byte, error) {
	seen := map[string]bool{}
	var entries []File
	var addDirs func(p string)
	addDirs = func(p string) {
		dir := path.Dir(p)
		if dir == "." || dir == "/" || seen[dir] {
			return
		}
		addDirs(dir)
		seen[dir] = true
		entries = append(entries, File{Path: dir, Dir: true, Mode: 0o755})
	}
	for _, f := range files {
		f.Path = strings.TrimPrefix(path.Clean(f.Path), "/")
		if seen[f.Path] {
			continue
		}
		addDirs(f.Path)
		seen[f.Path] = true
		entries = append(entries, f)
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range entries {
		h := &tar.Header{Name: f.Path, Mode: int64(f.Mode.Perm()), ModTime: epoch, Format: tar.FormatPAX}
		if f.Mode&os.ModeSticky != 0 {
			h.Mode |= 0o1000 // e.g. /tmp
		}
		switch {
		case f.Dir:
			h.Typeflag, h.Name = tar.TypeDir, f.Path+"/"
		case f.Link != "":
			h.Typeflag, h.Linkname, h.Mode = tar.TypeSymlink, f.Link, 0o777
		default:
			h.Typeflag, h.Size = tar.TypeReg, int64(len(f.Data))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write(f.Data); err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteTarball writes img, tagged ref, as a docker-archive tarball (what `docker save`
// writes, and `ctr images import` reads), atomically.
func WriteTarball(file, ref string, img v1.Image) error {
	tag, err := name.NewTag(ref)
	if err != nil {
		return fmt.Errorf("image reference %q: %w", ref, err)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp := file + ".tmp"
	if err := tarball.WriteToFile(tmp, tag, img); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", file, err)
	}
	return os.Rename(tmp, file)
}

// BinaryFile reads an executable into an image entry.
func BinaryFile(src, dst string) (File, error) {
	data, err := os.ReadFile(src)
	if err != nil {
		return File{}, err
	}
	return File{Path: dst, Mode: 0o755, Data: data}, nil
}
