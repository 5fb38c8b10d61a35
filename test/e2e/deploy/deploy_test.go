//go:build e2e

package deploy

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/wait"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/hack/deploy/installer"
	"github.com/skiff-dev/skiff/test/cluster"
)

const invalidWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: cyclic
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: leaf, depends: B}
      - {name: B, template: leaf, depends: A}
  - name: leaf
    container: {image: busybox, command: ["true"]}
`

const validWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: fine
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: ["true"]}
`

func TestDeploy(t *testing.T) {
	if os.Getenv("KUBECONFIG") == "" {
		t.Fatal("KUBECONFIG is not set: no cluster to deploy to (make e2e and make deploy-e2e set it)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	chartPath, err := installer.ChartPath()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(chartPath)))

	version := os.Getenv("SKIFF_VERSION")
	if version == "" {
		version = strings.TrimSpace(run(t, root, "go", "run", "./hack/image", "version"))
	}
	if os.Getenv("SKIFF_E2E_SKIP_IMAGE") == "" {
		start := time.Now()
		tarball := filepath.Join(t.TempDir(), "skiff-image.tar")
		run(t, root, "go", "run", "./hack/image", "build", "-version", version, "-out", tarball)
		t.Logf("built skiff.local/skiff:%s in %s", version, time.Since(start).Round(time.Second))
		if local, err := cluster.Default(); err == nil && sameFile(local.Kubeconfig(), os.Getenv("KUBECONFIG")) {
			if err := cluster.ImportImage(ctx, tarball); err != nil {
				t.Fatal(err)
			}
			t.Logf("imported it into the local cluster")
		} else {
			t.Logf("KUBECONFIG is not the local cluster: expecting skiff.local/skiff:%s on the nodes already", version)
		}
	}

	kube, err := installer.NewKube("", installer.DefaultNamespace)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := installer.LoadChart(chartPath)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := installer.Values(nil, []string{"image.tag=" + version})
	if err != nil {
		t.Fatal(err)
	}
	opts := installer.Options{Values: vals, Timeout: 3 * time.Minute, Out: testWriter{t}}
	start := time.Now()
	res, err := kube.Install(ctx, ch, opts)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("SKIFF_E2E_KEEP") == "" {
		t.Cleanup(func() {
			if err := kube.Uninstall(context.Background(), ch, opts, false); err != nil {
				t.Errorf("uninstall: %v", err)
			}
		})
	}
	t.Logf("installed revision %d; Deployments Ready in %s", res.Release.Version, time.Since(start).Round(100*time.Millisecond))

	// Both components run and are Ready.
	ready := map[string]bool{}
	for _, p := range res.Pods {
		ok := len(p.Status.ContainerStatuses) > 0
		for _, cs := range p.Status.ContainerStatuses {
			ok = ok && cs.Ready
		}
		ready[p.Labels["app.kubernetes.io/component"]] = ready[p.Labels["app.kubernetes.io/component"]] || ok
	}
	for _, c := range []string{"controller", "webhook"} {
		if !ready[c] {
			t.Errorf("no Ready %s pod among %d pods", c, len(res.Pods))
		}
	}

	// The controller holds its Lease.
	err = wait.PollUntilContextTimeout(ctx, time.Second, time.Minute, true, func(ctx context.Context) (bool, error) {
		l, err := kube.Client.CoordinationV1().Leases(installer.DefaultNamespace).Get(ctx, "skiff-controller", metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return false, nil
		}
		if err != nil || l.Spec.HolderIdentity == nil {
			return false, err
		}
		for _, p := range res.Pods {
			if strings.HasPrefix(*l.Spec.HolderIdentity, p.Name+"_") {
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		t.Errorf("the controller does not hold the Lease skiff-controller: %v", err)
	}

	// Admission: the webhook denies an invalid Workflow through the API server and admits a
	// valid one (server-side dry run: nothing is kept).
	ns := fmt.Sprintf("skiff-e2e-%d", time.Now().Unix())
	if _, err := kube.Client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = kube.Client.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{})
	})
	bad, good := object(t, invalidWorkflow, ns), object(t, validWorkflow, ns)
	var lastErr error
	err = wait.PollUntilContextTimeout(ctx, time.Second, time.Minute, true, func(ctx context.Context) (bool, error) {
		lastErr = kube.Apply(ctx, bad, "skiff-e2e", true)
		// Until the webhook serves with its CA injected, calls fail with a TLS or
		// connection error instead of its denial.
		return lastErr != nil && strings.Contains(lastErr.Error(), `admission webhook "validate.skiff.dev" denied the request`), nil
	})
	if err != nil {
		t.Fatalf("the invalid Workflow was not denied by validate.skiff.dev: %v", lastErr)
	}
	if !apierrors.IsInvalid(lastErr) || !strings.Contains(lastErr.Error(), "cycle") {
		t.Errorf("denial is not a field error naming the cycle: %v", lastErr)
	}
	t.Logf("denied as expected: %v", lastErr)
	if err := kube.Apply(ctx, good, "skiff-e2e", true); err != nil {
		t.Errorf("a valid Workflow was rejected: %v", err)
	}

	checkWorkflows(t, root, ns)
}

func object(t *testing.T, doc, ns string) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{}
	if err := yaml.Unmarshal([]byte(doc), &u.Object); err != nil {
		t.Fatal(err)
	}
	u.SetNamespace(ns)
	return u
}

func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr)
	}
	return string(out)
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
