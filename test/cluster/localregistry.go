package cluster

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/skiff-dev/skiff/internal/containerimage"
	"github.com/skiff-dev/skiff/internal/localcluster"
)

const compRegistry = "registry"

// registryBinary is the copy of skiff-cluster that runs the registry (`skiff-cluster
// registry`). A copy at a fixed path, because `go run` deletes its own binary on exit and
// pid files are matched against the binary a process runs.
func (c Config) registryBinary() string { return c.path("bin", "skiff-cluster") }

func (c Config) registryComponent() component {
	return component{
		proc{compRegistry, c.registryBinary(), []string{
			"registry", "--addr", localcluster.RegistryAddr, "--dir", localcluster.RegistryDir(c.DataDir),
		}},
		httpProbe("http://"+localcluster.RegistryAddr+"/v2/", ""),
		10 * time.Second,
	}
}

// installRegistryBinary copies the running skiff-cluster to registryBinary when it differs.
func (c Config) installRegistryBinary() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(self)
	if err != nil {
		return err
	}
	return writeAtomic(c.registryBinary(), data, 0o755)
}

// hostsTOML makes containerd try the local registry first for images of host, then the
// host itself (which fails on a machine without internet).
func hostsTOML(host string) string {
	server := "https://" + host
	if host == "docker.io" {
		server = "https://registry-1.docker.io"
	}
	return fmt.Sprintf("# Written by skiff-cluster: the local registry mirrors %s.\nserver = %q\n\n[host.%q]\n  capabilities = [\"pull\", \"resolve\"]\n",
		host, server, "http://"+localcluster.RegistryAddr)
}

// writeMirrorConfig makes the local registry a mirror of host (containerd reads the hosts
// directory at each pull: no restart needed).
func (c Config) writeMirrorConfig(host string) error {
	host = containerimage.CanonicalHost(host)
	if host == "" || strings.ContainsAny(host, `/\`) || host == "." || host == ".." {
		return fmt.Errorf("registry host %q cannot name a hosts directory", host)
	}
	return writeAtomic(filepath.Join(localcluster.HostsDir(c.DataDir), host, "hosts.toml"), []byte(hostsTOML(host)), 0o644)
}

// mirrorTag is where the local registry keeps the image containerd knows as ref.
func mirrorTag(ref name.Tag) (name.Tag, error) {
	return name.NewTag(localcluster.RegistryAddr + "/" + localcluster.MirrorRepository(ref.RegistryStr(), ref.RepositoryStr()) + ":" + ref.TagStr())
}

// pushToMirror pushes n into the local registry unless it already holds the same digest
// there; it reports whether it pushed.
func pushToMirror(ctx context.Context, n containerimage.Named) (bool, error) {
	target, err := mirrorTag(n.Ref)
	if err != nil {
		return false, err
	}
	var want fmt.Stringer
	if n.Index != nil {
		d, err := n.Index.Digest()
		if err != nil {
			return false, err
		}
		want = d
	} else {
		d, err := n.Image.Digest()
		if err != nil {
			return false, err
		}
		want = d
	}
	if desc, err := remote.Head(target, remote.WithContext(ctx)); err == nil && desc.Digest.String() == want.String() {
		return false, nil
	}
	return true, n.Push(ctx, target)
}

// ImportArchive puts the images of a `docker save` or OCI layout archive into the running
// local cluster: pushed into its registry (so any pull policy resolves them, :latest
// included) and imported into containerd (so imagePullPolicy Never works too). override
// names the archive's only image instead of its own tag.
func (c Config) ImportArchive(ctx context.Context, out io.Writer, file, override string) error {
	images, cleanup, err := containerimage.ReadArchive(file, override)
	defer cleanup()
	if err != nil {
		return err
	}
	if _, ok := c.running(compRegistry, c.registryBinary()); !ok {
		return fmt.Errorf("the local cluster's registry is not running (data dir %s): start the cluster with `make cluster-up`", c.DataDir)
	}
	for _, n := range images {
		if err := c.writeMirrorConfig(n.Ref.RegistryStr()); err != nil {
			return err
		}
		if _, err := pushToMirror(ctx, n); err != nil {
			return err
		}
		if err := c.importIntoContainerd(ctx, n); err != nil {
			return err
		}
		fmt.Fprintf(out, "imported %s\n", n.CanonicalName())
	}
	return nil
}

// importIntoContainerd imports the image for this machine's platform under its canonical
// name.
func (c Config) importIntoContainerd(ctx context.Context, n containerimage.Named) error {
	img, err := n.PlatformImage()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "skiff-image-import-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "image.tar")
	if err := containerimage.WriteTarball(file, n.CanonicalName(), img); err != nil {
		return err
	}
	if err := c.importer().Import(ctx, file); err != nil {
		return err
	}
	has, err := c.importer().Has(ctx, n.CanonicalName())
	if err != nil {
		return err
	}
	if !has {
		return fmt.Errorf("containerd does not list %s after the import", n.CanonicalName())
	}
	return nil
}
