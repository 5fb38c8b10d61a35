//go:build integration

// Package integration runs Skiff against a real etcd and kube-apiserver (controller-runtime's
// envtest, pointed at the binaries the project builds: KUBEBUILDER_ASSETS, set by
// `make integration`), with Skiff's CRDs installed and Skiff's admission webhook served
// in-process behind the generated webhook configurations (webhook_env_test.go).
package integration

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/skiff-dev/skiff/test/corpus"
)

var (
	cfg *rest.Config
	cl  client.Client
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		fmt.Fprintln(os.Stderr, "KUBEBUILDER_ASSETS is not set: run `make integration`, which builds etcd and kube-apiserver and points it at them")
		return 1
	}
	repo, err := corpus.RepoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	env := &envtest.Environment{
		CRDDirectoryPaths:     []string{filepath.Join(repo, "manifests", "crds")},
		ErrorIfCRDPathMissing: true,
	}
	if err := installWebhookConfigurations(env, repo); err != nil {
		fmt.Fprintf(os.Stderr, "reading the webhook configurations: %v\n", err)
		return 1
	}
	cfg, err = env.Start()
	if err != nil {
		fmt.Fprintf(os.Stderr, "starting etcd and kube-apiserver: %v\n", err)
		return 1
	}
	defer func() {
		if err := env.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "stopping the control plane: %v\n", err)
		}
	}()
	cl, err = client.New(cfg, client.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	stopWebhook, err := startWebhook(env)
	if err != nil {
		fmt.Fprintf(os.Stderr, "starting the webhook server: %v\n", err)
		return 1
	}
	defer stopWebhook()
	return m.Run()
}
