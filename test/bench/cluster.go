package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// Cluster is a fresh envtest kube-apiserver + etcd with Skiff's CRDs installed and no
// admission webhooks: each run starts from an empty etcd, so earlier runs' objects cannot
// slow later ones.
type Cluster struct {
	// Config is envtest's admin user (system:masters), the harness's own client.
	Config *rest.Config
	// Kubeconfig is a file holding the same user, for the controller process.
	Kubeconfig string
	env        *envtest.Environment
}

// StartCluster starts the control plane from KUBEBUILDER_ASSETS and writes a kubeconfig
// into dir.
func StartCluster(repo, dir string) (*Cluster, error) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		return nil, fmt.Errorf("KUBEBUILDER_ASSETS is not set: run `make bench`, which points it at the binaries test/cluster builds")
	}
	// Generous timeouts: the machine is shared, and envtest's defaults (20 s to start, 10 s
	// for the CRDs to be served) fail runs under load.
	env := &envtest.Environment{
		CRDDirectoryPaths:        []string{filepath.Join(repo, "manifests", "crds")},
		ErrorIfCRDPathMissing:    true,
		CRDInstallOptions:        envtest.CRDInstallOptions{MaxTime: 2 * time.Minute},
		ControlPlaneStartTimeout: 2 * time.Minute,
		ControlPlaneStopTimeout:  time.Minute,
	}
	cfg, err := env.Start()
	if err != nil {
		return nil, fmt.Errorf("starting etcd and kube-apiserver: %w", err)
	}
	c := &Cluster{Config: cfg, env: env, Kubeconfig: filepath.Join(dir, "kubeconfig")}
	if err := writeKubeconfig(cfg, c.Kubeconfig); err != nil {
		_ = env.Stop()
		return nil, err
	}
	return c, nil
}

// Stop stops kube-apiserver and etcd and deletes etcd's data.
func (c *Cluster) Stop() error { return c.env.Stop() }

func writeKubeconfig(cfg *rest.Config, path string) error {
	kc := clientcmdapi.NewConfig()
	kc.Clusters["envtest"] = &clientcmdapi.Cluster{Server: cfg.Host, CertificateAuthorityData: cfg.CAData}
	kc.AuthInfos["admin"] = &clientcmdapi.AuthInfo{ClientCertificateData: cfg.CertData, ClientKeyData: cfg.KeyData, Token: cfg.BearerToken}
	kc.Contexts["envtest"] = &clientcmdapi.Context{Cluster: "envtest", AuthInfo: "admin"}
	kc.CurrentContext = "envtest"
	return clientcmd.WriteToFile(*kc, path)
}

// harnessConfig is the harness's client: fast enough that submitting workflows, completing
// pods and creating ConfigMaps never wait on a client-side rate limit.
func harnessConfig(c *Cluster) *rest.Config {
	cfg := rest.CopyConfig(c.Config)
	cfg.QPS, cfg.Burst = 2000, 4000
	return cfg
}
