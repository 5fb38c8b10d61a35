package cluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/skiff-dev/skiff/internal/containerimage"
	"github.com/skiff-dev/skiff/internal/localcluster"
	"github.com/skiff-dev/skiff/test/cluster/images"
)

func (c Config) importer() containerimage.Importer { return localcluster.Importer(c.DataDir) }

// ImportImage loads an image tarball (docker-archive or OCI archive, e.g. Skiff's own image)
// into the running local cluster, found through the default configuration.
func ImportImage(ctx context.Context, tarball string) error {
	c, err := Default()
	if err != nil {
		return err
	}
	return c.importer().Import(ctx, tarball)
}

// MirroredBusybox is the repository busybox is served under by the local registry, the
// docker.io mirror: `image: busybox` and `busybox:<version>` resolve to it.
const MirroredBusybox = "docker.io/library/busybox"

// BusyboxImage is the reference of the busybox image the cluster imports (tagged with the
// host busybox's version).
func BusyboxImage() (string, error) { return images.BusyboxRef(images.DefaultBusybox) }

// ensureImages builds the sandbox and busybox image tarballs into the cache when missing
// and imports those containerd lacks.
func (c Config) ensureImages(ctx context.Context) (string, error) {
	bb, err := BusyboxImage()
	if err != nil {
		return "", err
	}
	wanted := []struct {
		ref   string
		build func() (v1.Image, error)
	}{
		{PauseImage, func() (v1.Image, error) { return images.Pause(c.Bin("pause")) }},
		{bb, func() (v1.Image, error) { return images.Busybox(images.DefaultBusybox) }},
	}
	imp := c.importer()
	var imported []string
	for _, w := range wanted {
		// Import every time (about a second): containerd can list an image whose content a
		// killed or interrupted run removed, which the kubelet then reports as not present;
		// importing again restores the content and the CRI plugin's view of it.
		file := filepath.Join(c.CacheDir, "images", strings.NewReplacer("/", "_", ":", "_").Replace(w.ref)+".tar")
		if _, err := os.Stat(file); err != nil {
			img, err := w.build()
			if err != nil {
				return "", fmt.Errorf("building %s: %w", w.ref, err)
			}
			if err := containerimage.WriteTarball(file, w.ref, img); err != nil {
				return "", err
			}
		}
		if err := imp.Import(ctx, file); err != nil {
			return "", err
		}
		if has, err := imp.Has(ctx, w.ref); err != nil || !has {
			return "", fmt.Errorf("containerd does not list %s after importing %s (%v)", w.ref, file, err)
		}
		imported = append(imported, w.ref)
	}
	return "imported " + strings.Join(imported, " "), nil
}

// ensureMirrorImages pushes busybox into the local registry as docker.io/library/busybox
// with the tags latest and its version, so workflows naming `image: busybox` (pulled
// Always) resolve through the docker.io mirror.
func (c Config) ensureMirrorImages(ctx context.Context) (string, error) {
	v, err := images.BusyboxVersion(images.DefaultBusybox)
	if err != nil {
		return "", err
	}
	img, err := images.Busybox(images.DefaultBusybox)
	if err != nil {
		return "", err
	}
	// A label makes the mirrored image's ID differ from the imported skiff.local/busybox:
	// containerd 1.6's CRI image store keys images by ID, and pulling a second name of the
	// same ID left the kubelet reporting skiff.local/busybox as not present.
	cf, err := img.ConfigFile()
	if err != nil {
		return "", err
	}
	cfg := *cf.Config.DeepCopy()
	if cfg.Labels == nil {
		cfg.Labels = map[string]string{}
	}
	cfg.Labels["dev.skiff.mirror-of"] = MirroredBusybox
	if img, err = mutate.Config(img, cfg); err != nil {
		return "", err
	}
	var pushed, present []string
	for _, tag := range []string{"latest", v} {
		ref, err := name.NewTag(MirroredBusybox + ":" + tag)
		if err != nil {
			return "", err
		}
		n := containerimage.Named{Ref: ref, Image: img}
		did, err := pushToMirror(ctx, n)
		if err != nil {
			return "", err
		}
		if did {
			pushed = append(pushed, n.CanonicalName())
		} else {
			present = append(present, n.CanonicalName())
		}
	}
	return fmt.Sprintf("pushed [%s], already there [%s]", strings.Join(pushed, " "), strings.Join(present, " ")), nil
}
