package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// ControlPlane is an extra, node-less Kubernetes control plane (etcd + kube-apiserver of the
// pinned version, from the same binary cache as the local cluster): a second "cluster" for
// multi-cluster tests of the GitOps controller, started in-process and stopped by Stop.
type ControlPlane struct {
	env *envtest.Environment
	// Config reaches it as a cluster administrator.
	Config *rest.Config
	// Kubeconfig is a kubeconfig file for the same administrator, for tools and for the
	// Secrets that register a cluster with the GitOps controller.
	Kubeconfig string
}

// StartControlPlane builds missing binaries (progress on out), starts etcd and
// kube-apiserver on free ports with their own PKI, and writes a kubeconfig into dir.
// Pass crdDirs to install CRDs (e.g. manifests/crds) before it returns.
func (c Config) StartControlPlane(ctx context.Context, out io.Writer, repo, dir string, crdDirs ...string) (*ControlPlane, error) {
	assets, err := c.Binaries(ctx, out, repo)
	if err != nil {
		return nil, err
	}
	env := &envtest.Environment{BinaryAssetsDirectory: assets, CRDDirectoryPaths: crdDirs, ErrorIfCRDPathMissing: len(crdDirs) > 0}
	cfg, err := env.Start()
	if err != nil {
		return nil, fmt.Errorf("starting etcd and kube-apiserver: %w", err)
	}
	cp := &ControlPlane{env: env, Config: cfg}
	user, err := env.AddUser(envtest.User{Name: "skiff-admin", Groups: []string{"system:masters"}}, nil)
	if err == nil {
		var data []byte
		if data, err = user.KubeConfig(); err == nil {
			cp.Kubeconfig = filepath.Join(dir, "kubeconfig")
			err = os.WriteFile(cp.Kubeconfig, data, 0o600)
		}
	}
	if err != nil {
		return nil, errors.Join(fmt.Errorf("writing the control plane's kubeconfig: %w", err), env.Stop())
	}
	return cp, nil
}

// Stop stops kube-apiserver and etcd and removes their data.
func (cp *ControlPlane) Stop() error { return cp.env.Stop() }
