package cluster

import (
	"fmt"
	"os"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// kubeconfigUsers maps each kubeconfig to the client certificate it carries.
var kubeconfigUsers = map[string]string{
	"admin":              "admin",
	"controller-manager": "controller-manager",
	"scheduler":          "scheduler",
	"kubelet":            "kubelet-client",
	"kube-proxy":         "kube-proxy",
	"coredns":            coreDNSCertName,
}

func (c Config) kubeconfigPath(name string) string {
	if name == "admin" {
		return c.Kubeconfig()
	}
	return c.componentConf(name + ".kubeconfig")
}

// writeKubeconfigs (re)writes every kubeconfig from the PKI, with the certificates embedded
// so each file stands alone. Unchanged files are not rewritten.
func (c Config) writeKubeconfigs() error {
	ca, err := os.ReadFile(c.pki("ca.crt"))
	if err != nil {
		return err
	}
	for name, cert := range kubeconfigUsers {
		crt, err := os.ReadFile(c.pki(cert + ".crt"))
		if err != nil {
			return err
		}
		key, err := os.ReadFile(c.pki(cert + ".key"))
		if err != nil {
			return err
		}
		cfg := clientcmdapi.NewConfig()
		cfg.Clusters[contextName] = &clientcmdapi.Cluster{
			Server:                   fmt.Sprintf("https://127.0.0.1:%d", APIPort),
			CertificateAuthorityData: ca,
		}
		cfg.AuthInfos[contextName] = &clientcmdapi.AuthInfo{ClientCertificateData: crt, ClientKeyData: key}
		cfg.Contexts[contextName] = &clientcmdapi.Context{Cluster: contextName, AuthInfo: contextName}
		cfg.CurrentContext = contextName
		b, err := clientcmd.Write(*cfg)
		if err != nil {
			return fmt.Errorf("encoding the %s kubeconfig: %w", name, err)
		}
		if err := writeAtomic(c.kubeconfigPath(name), b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// restConfig loads the admin kubeconfig.
func (c Config) restConfig() (*rest.Config, error) {
	rc, err := clientcmd.BuildConfigFromFlags("", c.Kubeconfig())
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", c.Kubeconfig(), err)
	}
	rc.QPS, rc.Burst = 50, 100
	return rc, nil
}

func (c Config) clientset() (*kubernetes.Clientset, error) {
	rc, err := c.restConfig()
	if err != nil {
		return nil, err
	}
	return kubernetes.NewForConfig(rc)
}
