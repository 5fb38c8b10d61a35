package localcluster

import (
	"path/filepath"

	"github.com/skiff-dev/skiff/internal/containerimage"
)

// RegistryAddr is where the local cluster's registry listens: loopback only, plain HTTP.
// containerd (a host process) reaches it there as the mirror of docker.io and of every
// registry host an image was imported for.
const RegistryAddr = "127.0.0.1:5000"

// RegistryDir holds the registry's blobs and its manifest journal.
func RegistryDir(dataDir string) string { return filepath.Join(dataDir, "registry") }

// HostsDir is containerd's registry hosts directory (config_path): one
// <host>/hosts.toml per mirrored registry host.
func HostsDir(dataDir string) string { return filepath.Join(dataDir, "config", "certs.d") }

// MirrorRepository is the repository in the local registry that holds the images of repo
// on registry host: the host is the first path component, so images of the same
// repository path on two hosts never mix. Docker Hub is spelled docker.io, as containerd
// names it in the `ns` query of a mirror request.
func MirrorRepository(host, repo string) string {
	return containerimage.CanonicalHost(host) + "/" + repo
}
