package containerimage

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Named is an image, or a multi-platform index, with the reference it is imported under.
type Named struct {
	Ref   name.Tag
	Image v1.Image      // set for a single image
	Index v1.ImageIndex // set for an index
}

// Annotations naming an image in an OCI layout's index.json: containerd and Docker write
// the full reference in the first, the OCI spec's the second (often only a tag).
const (
	annotationContainerdName = "io.containerd.image.name"
	annotationOCIRefName     = "org.opencontainers.image.ref.name"
)

// ReadArchive reads the images of a `docker save` tarball, an OCI image layout tarball
// (`docker save` of Docker 25+, `buildah push oci-archive:`, `crane pull --format oci`
// then tar) or an OCI layout directory. Each tagged image comes back under its tag;
// override, when set, names the archive's only image instead. Call cleanup when done with
// the images: an OCI tarball is read from a temporary copy.
func ReadArchive(file, override string) (images []Named, cleanup func(), err error) {
	cleanup = func() {}
	var tag *name.Tag
	if override != "" {
		t, err := name.NewTag(override)
		if err != nil {
			return nil, cleanup, field.Invalid(field.NewPath("name"), override, "not an image reference with a tag: "+err.Error())
		}
		tag = &t
	}
	st, err := os.Stat(file)
	if err != nil {
		return nil, cleanup, field.Invalid(field.NewPath("file"), file, err.Error())
	}
	if st.IsDir() {
		images, err = readLayout(file, tag)
	} else {
		images, cleanup, err = readTarball(file, tag)
	}
	if err != nil {
		cleanup()
		return nil, func() {}, fmt.Errorf("reading %s: %w", file, err)
	}
	return images, cleanup, nil
}

func readTarball(file string, override *name.Tag) ([]Named, func(), error) {
	none := func() {}
	entries, err := tarEntries(file)
	if err != nil {
		return nil, none, err
	}
	switch {
	case entries["manifest.json"]:
		images, err := readDockerArchive(file, override)
		return images, none, err
	case entries["index.json"] && entries["oci-layout"]:
		dir, err := os.MkdirTemp("", "skiff-oci-layout-")
		if err != nil {
			return nil, none, err
		}
		cleanup := func() { os.RemoveAll(dir) }
		if err := untar(file, dir); err != nil {
			return nil, cleanup, err
		}
		images, err := readLayout(dir, override)
		return images, cleanup, err
	}
	return nil, none, errors.New("neither a `docker save` tarball (manifest.json) nor an OCI image layout (oci-layout, index.json)")
}

func readDockerArchive(file string, override *name.Tag) ([]Named, error) {
	opener := func() (io.ReadCloser, error) { return os.Open(file) }
	m, err := tarball.LoadManifest(opener)
	if err != nil {
		return nil, err
	}
	if override != nil {
		if len(m) != 1 {
			return nil, fmt.Errorf("--name names one image, the archive holds %d", len(m))
		}
		img, err := tarball.Image(opener, nil)
		return []Named{{Ref: *override, Image: img}}, err
	}
	var out []Named
	for i, d := range m {
		if len(d.RepoTags) == 0 {
			return nil, fmt.Errorf("image %d (config %s) has no tag: name it with --name", i, d.Config)
		}
		for _, rt := range d.RepoTags {
			t, err := name.NewTag(rt)
			if err != nil {
				return nil, fmt.Errorf("tag %q: %w", rt, err)
			}
			img, err := tarball.Image(opener, &t)
			if err != nil {
				return nil, err
			}
			out = append(out, Named{Ref: t, Image: img})
		}
	}
	return out, nil
}

func readLayout(dir string, override *name.Tag) ([]Named, error) {
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		return nil, err
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, err
	}
	if override != nil && len(im.Manifests) != 1 {
		return nil, fmt.Errorf("--name names one image, the layout's index.json lists %d", len(im.Manifests))
	}
	var out []Named
	for i, d := range im.Manifests {
		ref := override
		if ref == nil {
			t, err := layoutRef(d)
			if err != nil {
				return nil, fmt.Errorf("index.json manifests[%d]: %w", i, err)
			}
			ref = &t
		}
		n := Named{Ref: *ref}
		switch {
		case d.MediaType.IsIndex():
			n.Index, err = idx.ImageIndex(d.Digest)
		case d.MediaType.IsImage():
			n.Image, err = idx.Image(d.Digest)
		default:
			err = fmt.Errorf("media type %s is neither an image nor an index", d.MediaType)
		}
		if err != nil {
			return nil, fmt.Errorf("index.json manifests[%d]: %w", i, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// layoutRef names a layout's image from its annotations; a bare tag is not enough.
func layoutRef(d v1.Descriptor) (name.Tag, error) {
	for _, a := range []string{annotationContainerdName, annotationOCIRefName} {
		if v := d.Annotations[a]; v != "" && strings.ContainsAny(v, "/:") {
			return name.NewTag(v)
		}
	}
	return name.Tag{}, fmt.Errorf("no %s or full %s annotation names image %s: name it with --name", annotationContainerdName, annotationOCIRefName, d.Digest)
}

// PlatformImage is the image to run on this machine: the image itself, or the index's
// entry for linux and this machine's architecture.
func (n Named) PlatformImage() (v1.Image, error) {
	if n.Image != nil {
		return n.Image, nil
	}
	im, err := n.Index.IndexManifest()
	if err != nil {
		return nil, err
	}
	for _, d := range im.Manifests {
		if d.Platform != nil && d.Platform.OS == "linux" && d.Platform.Architecture == runtime.GOARCH && d.MediaType.IsImage() {
			return n.Index.Image(d.Digest)
		}
	}
	return nil, fmt.Errorf("%s has no linux/%s image", n.Ref, runtime.GOARCH)
}

func tarEntries(file string) (map[string]bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	seen := map[string]bool{}
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return seen, nil
		}
		if err != nil {
			return nil, fmt.Errorf("not a tar archive: %w", err)
		}
		seen[filepath.Clean(h.Name)] = true
	}
}

// untar extracts the regular files and directories of file into dir, refusing paths that
// leave it.
func untar(file, dir string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		p := filepath.Join(dir, filepath.Clean("/"+h.Name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			out, err := os.Create(p)
			if err != nil {
				return err
			}
			_, err = io.Copy(out, tr)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: unexpected %c entry in an OCI layout", h.Name, h.Typeflag)
		}
	}
}

// CanonicalHost spells Docker Hub's registry the way containerd does (go-containerregistry
// says index.docker.io).
func CanonicalHost(host string) string {
	switch strings.ToLower(host) {
	case "index.docker.io", "registry-1.docker.io", "docker.io":
		return "docker.io"
	}
	return host
}

// CanonicalName is the full name containerd and the kubelet give the image, e.g.
// docker.io/library/busybox:latest for busybox.
func (n Named) CanonicalName() string {
	return CanonicalHost(n.Ref.RegistryStr()) + "/" + n.Ref.RepositoryStr() + ":" + n.Ref.TagStr()
}
