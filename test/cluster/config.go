// Package cluster runs a real single-node Kubernetes on the local machine as plain processes
// (etcd, the control plane, containerd + runc, kubelet, kube-proxy, CoreDNS, a registry that
// mirrors docker.io), without Docker.
// It is the project's cluster for end-to-end tests and the quick start; see cmd/skiff-cluster.
package cluster

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/skiff-dev/skiff/internal/localcluster"
)

// Pinned versions: the binaries are built from the Go module proxy at these versions.
const (
	KubeVersion    = "v1.37.2"
	CoreDNSVersion = "v1.15.0"
)

// Network layout. Every range exists only on this machine: pods live behind the skiff0
// bridge, Services are virtual IPs kube-proxy translates, and the node itself uses the
// bridge's gateway address so no cluster traffic depends on (or leaves by) eth0.
const (
	BridgeName    = "skiff0"
	PodCIDR       = "10.88.0.0/16"
	NodeIP        = "10.88.0.1" // the bridge gateway: node address, API advertise address, DNS
	bridgePrefix  = 16
	ServiceCIDR   = "10.96.0.0/16"
	APIServiceIP  = "10.96.0.1" // first Service IP: the `kubernetes` Service
	ClusterDomain = "cluster.local"
	APIPort       = 6443
	etcdPort      = 2379
	etcdPeerPort  = 2380
)

// Image references imported into containerd; pods use them with a non-Always pull policy.
const (
	PauseImage = "skiff.local/pause:1.0"
	// contextName names the single context in every kubeconfig written.
	contextName = "skiff"
)

// Config locates everything a cluster writes. The zero value is not usable: call Default.
type Config struct {
	// DataDir holds all cluster state: etcd, containerd, kubelet, PKI, configs, logs, pids.
	DataDir string
	// CacheDir holds built binaries and image tarballs, by version; it survives `down --clean`.
	CacheDir string
	// NodeName is the node's name: the lower-cased host name.
	NodeName string
}

// Default returns the configuration from the environment: SKIFF_CLUSTER_DIR (default
// /var/lib/skiff-cluster) and the user cache dir ($XDG_CACHE_HOME or ~/.cache).
func Default() (Config, error) {
	data := localcluster.DataDir()
	cache, err := os.UserCacheDir()
	if err != nil {
		return Config{}, fmt.Errorf("finding the cache dir (set XDG_CACHE_HOME or HOME): %w", err)
	}
	node, err := nodeName()
	if err != nil {
		return Config{}, err
	}
	return Config{
		DataDir:  data,
		CacheDir: filepath.Join(cache, "skiff", "kube-"+KubeVersion),
		NodeName: node,
	}, nil
}

func nodeName() (string, error) {
	host, err := os.Hostname()
	if err != nil {
		return "", fmt.Errorf("reading the host name: %w", err)
	}
	name := strings.ToLower(host)
	if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
		return "", fmt.Errorf("host name %q cannot name a Kubernetes node: %s", host, strings.Join(errs, "; "))
	}
	return name, nil
}

func (c Config) path(elem ...string) string {
	return filepath.Join(append([]string{c.DataDir}, elem...)...)
}

// Kubeconfig is the admin kubeconfig users and tests point KUBECONFIG at.
func (c Config) Kubeconfig() string { return localcluster.Kubeconfig(c.DataDir) }

// Bin is the path of a cached binary (kube-apiserver, kubectl, etcd, coredns, pause...).
func (c Config) Bin(name string) string { return filepath.Join(c.CacheDir, name) }

func (c Config) pki(name string) string        { return c.path("pki", name) }
func (c Config) logFile(name string) string    { return c.path("logs", name+".log") }
func (c Config) pidFile(name string) string    { return c.path("run", name+".pid") }
func (c Config) containerdSocket() string      { return localcluster.ContainerdSocket(c.DataDir) }
func (c Config) componentConf(f string) string { return c.path("config", f) }
