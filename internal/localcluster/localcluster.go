// Package localcluster locates the state of the local single-node cluster that test/cluster
// runs, for the tools that use that cluster without linking test code: hack/deploy reads its
// kubeconfig and hack/image imports Skiff's image into its containerd. test/cluster takes
// the same locations from here.
package localcluster

import (
	"context"
	"os"
	"path/filepath"

	"github.com/skiff-dev/skiff/internal/containerimage"
)

const (
	// DefaultDataDir holds the cluster's state unless SKIFF_CLUSTER_DIR says otherwise.
	// Outside the repository on purpose: a fresh clone (as in CI) finds the state, pid files
	// and leftovers of an earlier run on the same machine and can clean them up.
	DefaultDataDir = "/var/lib/skiff-cluster"
	// CRINamespace is the containerd namespace the CRI plugin (and so the kubelet) uses.
	CRINamespace = "k8s.io"
)

// DataDir is $SKIFF_CLUSTER_DIR, else DefaultDataDir.
func DataDir() string {
	if d := os.Getenv("SKIFF_CLUSTER_DIR"); d != "" {
		return d
	}
	return DefaultDataDir
}

// Kubeconfig is the admin kubeconfig of the cluster whose state is in dataDir.
func Kubeconfig(dataDir string) string { return filepath.Join(dataDir, "kubeconfig") }

// ContainerdSocket is the socket of that cluster's containerd.
func ContainerdSocket(dataDir string) string { return filepath.Join(dataDir, "run", "containerd.sock") }

// Importer loads image tarballs into that cluster's containerd, where the kubelet finds them.
func Importer(dataDir string) containerimage.Importer {
	return containerimage.Importer{Address: ContainerdSocket(dataDir), Namespace: CRINamespace}
}

// ExistingKubeconfig returns the local cluster's kubeconfig when the cluster has written
// one, else "".
func ExistingKubeconfig() string {
	k := Kubeconfig(DataDir())
	if _, err := os.Stat(k); err != nil {
		return ""
	}
	return k
}

// ImportImage loads an image tarball (docker-archive or OCI archive) into the running local
// cluster.
func ImportImage(ctx context.Context, tarball string) error {
	return Importer(DataDir()).Import(ctx, tarball)
}
