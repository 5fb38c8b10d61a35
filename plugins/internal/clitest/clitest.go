// Package clitest runs plugin commands against fake clients and compares their output with
// golden files (go test -update rewrites them).
package clitest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/kubernetes"
	k8sfake "k8s.io/client-go/kubernetes/fake"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Now is the fixed clock of every test.
var Now = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

// Env is a fake plugin environment: options wired to fake clients and captured streams.
type Env struct {
	Options   *cli.Options
	Client    client.Client
	Clientset *k8sfake.Clientset
	In        *bytes.Buffer
	Out       *bytes.Buffer
	ErrOut    *bytes.Buffer
}

// NewEnv returns options backed by a controller-runtime fake client holding objs (Skiff
// objects) and a client-go fake clientset holding kube (pods), namespace "default".
func NewEnv(objs []client.Object, kube ...runtime.Object) *Env {
	e := &Env{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}
	e.Client = fake.NewClientBuilder().WithScheme(cli.NewScheme()).
		WithObjects(objs...).WithStatusSubresource(&v1alpha1.Workflow{}).Build()
	e.Clientset = k8sfake.NewClientset(kube...)
	e.Options = &cli.Options{
		ConfigFlags:  genericclioptions.NewConfigFlags(false),
		IOStreams:    genericiooptions.IOStreams{In: e.In, Out: e.Out, ErrOut: e.ErrOut},
		NewClient:    func() (client.Client, error) { return e.Client, nil },
		NewClientset: func() (kubernetes.Interface, error) { return e.Clientset, nil },
		Namespace: func() (string, error) {
			if ns := e.Options.ConfigFlags.Namespace; ns != nil && *ns != "" {
				return *ns, nil
			}
			return "default", nil
		},
		Now:     func() time.Time { return Now },
		Getenv:  func(string) string { return "" },
		NoColor: true,
	}
	return e
}

// Golden compares got with testdata/<name>.golden, rewriting it with -update.
func Golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}
