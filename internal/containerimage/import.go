package containerimage

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// Importer loads image tarballs into a containerd, for the kubelet to run without a registry.
type Importer struct {
	// Address is containerd's socket.
	Address string
	// Namespace is the containerd namespace; the kubelet's (CRI) images live in "k8s.io".
	Namespace string
}

// Import loads a docker-archive or OCI-archive tarball (any number of tagged images) and
// unpacks it so pods can start from it at once. Pods then use the tags it carries with
// imagePullPolicy IfNotPresent or Never.
func (i Importer) Import(ctx context.Context, tarball string) error {
	if _, err := os.Stat(tarball); err != nil {
		return fmt.Errorf("image tarball: %w", err)
	}
	if _, err := i.ctr(ctx, "images", "import", tarball); err != nil {
		return fmt.Errorf("importing %s: %w", tarball, err)
	}
	return nil
}

// Has reports whether containerd already has an image named ref.
func (i Importer) Has(ctx context.Context, ref string) (bool, error) {
	out, err := i.ctr(ctx, "images", "list", "--quiet")
	if err != nil {
		return false, err
	}
	return slices.Contains(strings.Fields(out), ref), nil
}

func (i Importer) ctr(ctx context.Context, args ...string) (string, error) {
	ns := i.Namespace
	if ns == "" {
		ns = "k8s.io"
	}
	full := append([]string{"--address", i.Address, "--namespace", ns}, args...)
	out, err := exec.CommandContext(ctx, "ctr", full...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("ctr %s: %w: %s", strings.Join(full, " "), err, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}
