//go:build integration

package integration

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/controller/manager"
	wfctrl "github.com/skiff-dev/skiff/controller/workflow"
	"github.com/skiff-dev/skiff/test/bench"
	"github.com/skiff-dev/skiff/test/corpus"
)

// TestWorkflowScale2000TaskDAG runs a 2,000-task DAG through the in-process controller, with
// pod creation rate-limited, and checks the finished Workflow object stays under 1 MiB
// (its nodes stored compressed) and that `kubectl wf get` draws all of it.
func TestWorkflowScale2000TaskDAG(t *testing.T) {
	ns := workflowNamespace(t, "wf-scale")
	startScaleController(t, ns, scaleSettings{workers: 32, podQPS: 400, podBurst: 50})
	startSimKubelet(t, ns)

	const tasks, layers = 2000, 20
	wf := bench.LayeredDAG("big", tasks, layers)
	wf.Namespace = ns
	if err := ucl.Create(context.Background(), wf); err != nil { // through the webhooks, as a user submits
		t.Fatal(err)
	}
	start := time.Now()
	wf = waitPhase(t, ns, wf.Name, v1alpha1.WorkflowSucceeded, 5*time.Minute)
	elapsed := time.Since(start)
	size := objectSize(t, ns, wf.Name)
	t.Logf("2,000-task DAG: Succeeded in %s; Workflow object %d bytes (%.0f KiB), status.compressedNodes %d bytes, status.nodes %d entries",
		elapsed.Round(time.Millisecond), size, float64(size)/1024, len(wf.Status.CompressedNodes), len(wf.Status.Nodes))
	fmt.Printf("workflow scale: 2000-task DAG object size %d bytes (limit 1048576), compressedNodes %d bytes, %s\n", size, len(wf.Status.CompressedNodes), elapsed.Round(time.Millisecond))
	if size >= 1<<20 {
		t.Errorf("Workflow object is %d bytes, want < 1 MiB", size)
	}
	if wf.Status.CompressedNodes == "" || len(wf.Status.Nodes) != 0 {
		t.Errorf("nodes not compressed: %d plain nodes", len(wf.Status.Nodes))
	}
	nodes, err := wf.Status.DecodeNodes()
	if err != nil {
		t.Fatal(err)
	}
	pods := 0
	for _, n := range nodes {
		if n.Type == v1alpha1.NodeTypePod {
			pods++
			if n.Phase != v1alpha1.NodeSucceeded || n.Outputs == nil || n.Outputs.Result == nil || *n.Outputs.Result != "done "+n.DisplayName {
				t.Fatalf("node %s: %s %+v", n.Name, n.Phase, n.Outputs)
			}
		}
	}
	if pods != tasks || wf.Status.Progress != "2000/2000" {
		t.Errorf("%d pod nodes, progress %q; want %d", pods, wf.Status.Progress, tasks)
	}

	out := kubectlWF(t, "get", wf.Name, "-n", ns, "--no-color")
	if !strings.Contains(out, "Succeeded") || strings.Count(out, "✔") != tasks+1 {
		t.Errorf("kubectl wf get: %d ✔ lines, want %d; head:\n%s", strings.Count(out, "✔"), tasks+1, head(out, 20))
	}
	if !strings.Contains(out, "t1999") {
		t.Errorf("kubectl wf get does not show task t1999")
	}
}

type scaleSettings struct {
	workers       int
	podQPS        float64
	podBurst      int
	clientQPS     float64 // 0: the controller's default (--kube-api-qps)
	clientBurst   int
	compressAbove int
}

// startScaleController runs the Workflow reconciler in its own manager watching only ns, so
// workflows other tests left behind do not count.
func startScaleController(tb testing.TB, ns string, s scaleSettings) {
	tb.Helper()
	o := manager.Defaults()
	o.LeaderElect = false
	o.MetricsBindAddress, o.HealthProbeBindAddress = "0", "0"
	o.WatchNamespaces = []string{ns}
	if s.clientQPS > 0 {
		o.QPS, o.Burst = s.clientQPS, s.clientBurst
	}
	scheme, err := manager.NewScheme()
	if err != nil {
		tb.Fatal(err)
	}
	mo := o.ManagerOptions(scheme)
	// Other tests in this process ran a controller named "workflow" already.
	mo.Controller.SkipNameValidation = ptr.To(true)
	kcfg := rest.CopyConfig(cfg)
	kcfg.QPS, kcfg.Burst = float32(o.QPS), o.Burst
	mgr, err := ctrl.NewManager(kcfg, mo)
	if err != nil {
		tb.Fatal(err)
	}
	if s.podBurst == 0 {
		s.podBurst = 1 // the flag's default
	}
	lim, err := wfctrl.NewPodCreateLimiter(s.podQPS, s.podBurst)
	if err != nil {
		tb.Fatal(err)
	}
	r := &wfctrl.Reconciler{ExecutorImage: "skiff.local/skiff:test", PodCreates: lim, Workers: s.workers, CompressNodesAbove: s.compressAbove}
	if err := r.SetupWithManager(mgr, o); err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mgr.Start(ctx) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("manager: %v", err)
		}
	})
}

// startSimKubelet completes every workflow pod in ns as soon as it is created, through the
// bench harness's simulated kubelet (test/bench), until the test ends.
func startSimKubelet(tb testing.TB, ns string) *bench.Kubelet {
	tb.Helper()
	kcfg := rest.CopyConfig(cfg)
	kcfg.QPS, kcfg.Burst = 2000, 4000
	ctx, cancel := context.WithCancel(context.Background())
	k, wait, err := bench.StartKubelet(ctx, kcfg, ns)
	if err != nil {
		cancel()
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		cancel()
		wait()
		if err := k.Err(); err != nil {
			tb.Errorf("simulated kubelet: %v", err)
		}
	})
	return k
}

func waitPhase(tb testing.TB, ns, name string, p v1alpha1.WorkflowPhase, timeout time.Duration) *v1alpha1.Workflow {
	tb.Helper()
	wf := &v1alpha1.Workflow{}
	deadline := time.Now().Add(timeout)
	for {
		err := ucl.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: name}, wf)
		if err == nil && wf.Status.Phase == p {
			return wf
		}
		if err == nil && wf.Status.Phase.Completed() {
			tb.Fatalf("workflow %s: %s (%s), want %s", name, wf.Status.Phase, wf.Status.Message, p)
		}
		if time.Now().After(deadline) {
			tb.Fatalf("workflow %s: phase %q progress %q after %s (%v), want %s", name, wf.Status.Phase, wf.Status.Progress, timeout, err, p)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// objectSize is the size of the Workflow as the API server returns it (JSON, as stored).
func objectSize(tb testing.TB, ns, name string) int {
	tb.Helper()
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := cs.RESTClient().Get().AbsPath("/apis/argoproj.io/v1alpha1/namespaces", ns, "workflows", name).DoRaw(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return len(raw)
}

// kubectlWF builds kubectl-wf and runs it against the test API server as the admin user.
func kubectlWF(t *testing.T, args ...string) string {
	t.Helper()
	repo, err := corpus.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "kubectl-wf")
	build := exec.Command("go", "build", "-o", bin, "./plugins/kubectl-wf")
	build.Dir = repo
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building kubectl-wf: %v\n%s", err, out)
	}
	kc := clientcmdapi.NewConfig()
	kc.Clusters["envtest"] = &clientcmdapi.Cluster{Server: cfg.Host, CertificateAuthorityData: cfg.CAData}
	kc.AuthInfos["admin"] = &clientcmdapi.AuthInfo{ClientCertificateData: cfg.CertData, ClientKeyData: cfg.KeyData, Token: cfg.BearerToken}
	kc.Contexts["envtest"] = &clientcmdapi.Context{Cluster: "envtest", AuthInfo: "admin"}
	kc.CurrentContext = "envtest"
	path := filepath.Join(dir, "kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "KUBECONFIG="+path, "TERM=dumb")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kubectl wf %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func head(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
