//go:build integration

package integration

import (
	"context"
	"fmt"
	"runtime/metrics"
	"sync"
	"syscall"
	"testing"
	"time"

	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	crmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Upstream Argo's published controller throughput for single-step workflows (CNOE's Argo
// Workflows scalability tests, cnoe.io/blog/argo-workflow-scalability): about 270
// workflows/minute with default settings and about 810/minute tuned.
const upstreamDefaultPerMin, upstreamTunedPerMin = 270, 810

// BenchmarkWorkflowController1000SingleStep runs 1,000 single-step workflows through the
// in-process controller with the binary's default settings (32 workers, no pod-creation
// limit, 50 QPS to the API server) against envtest's kube-apiserver and etcd (separate
// processes, not counted). Pods complete at once through the simulated kubelet, so the
// controller is what is timed. Process CPU counts the controller plus the harness sharing
// the process: the simulated kubelet (one informer of pod names, one status patch per pod),
// the submitter (1,000 creates) and the poller (a list per second).
func BenchmarkWorkflowController1000SingleStep(b *testing.B) {
	for i := 0; i < b.N; i++ {
		const n = 1000
		ns := fmt.Sprintf("wf-bench-single-%d", i)
		ensureNamespace(b, ns, nil)
		startScaleController(b, ns, scaleSettings{workers: 32})
		kubelet := startSimKubelet(b, ns)
		c := benchClient(b)
		single := yamlTemplate(`{name: main, container: {image: alpine, command: [echo, hi]}}`)
		m := startMeasure()
		submit(b, c, ns, n, func(j int) *v1alpha1.Workflow {
			wf := &v1alpha1.Workflow{}
			wf.Name = fmt.Sprintf("single-%04d", j)
			wf.Spec.Entrypoint = "main"
			wf.Spec.Templates = []v1alpha1.Template{single}
			return wf
		})
		waitAllSucceeded(b, c, ns, n, 10*time.Minute)
		r := m.stop()
		perMin := float64(n) / r.elapsed.Minutes()
		b.ReportMetric(perMin, "workflows/min")
		b.ReportMetric(r.cpu.Seconds(), "cpu-s")
		b.ReportMetric(float64(r.cpu.Milliseconds())/n, "cpu-ms/workflow")
		b.ReportMetric(float64(r.maxRSS>>20), "peak-rss-MiB")
		b.ReportMetric(float64(r.peakHeap>>20), "peak-heap-MiB")
		b.ReportMetric(r.elapsed.Seconds(), "elapsed-s")
		fmt.Printf("workflow controller: %d single-step workflows in %s = %.0f workflows/min (upstream Argo published: %d/min default, %d/min tuned); "+
			"process CPU %.1fs = %.1f ms/workflow (controller + simulated kubelet + submitter + poller); peak RSS %d MiB (process lifetime), peak Go heap %d MiB; %d pods, %d reconciles\n",
			n, r.elapsed.Round(time.Millisecond), perMin, upstreamDefaultPerMin, upstreamTunedPerMin,
			r.cpu.Seconds(), float64(r.cpu.Milliseconds())/n, r.maxRSS>>20, r.peakHeap>>20, kubelet.completed.Load(), r.reconciles)
	}
}

// BenchmarkWorkflowControllerDAG1000 times the scheduling of one 1,000-task DAG (10 layers
// of 100, each task depending on one in the layer before) with instant pod completion:
// submit to all pods created and to Succeeded, per task.
func BenchmarkWorkflowControllerDAG1000(b *testing.B) {
	for i := 0; i < b.N; i++ {
		const tasks = 1000
		ns := fmt.Sprintf("wf-bench-dag-%d", i)
		ensureNamespace(b, ns, nil)
		startScaleController(b, ns, scaleSettings{workers: 32})
		kubelet := startSimKubelet(b, ns)
		c := benchClient(b)
		m := startMeasure()
		submit(b, c, ns, 1, func(int) *v1alpha1.Workflow { return layeredDAG("dag", tasks, 10) })
		wf := waitPhase(b, ns, "dag", v1alpha1.WorkflowSucceeded, 10*time.Minute)
		r := m.stop()
		allPods := time.Unix(0, kubelet.lastAdd.Load()).Sub(m.start)
		size := objectSize(b, ns, "dag")
		b.ReportMetric(r.elapsed.Seconds(), "succeeded-s")
		b.ReportMetric(allPods.Seconds(), "all-pods-created-s")
		b.ReportMetric(float64(r.elapsed.Microseconds())/1000/tasks, "ms/task")
		b.ReportMetric(r.cpu.Seconds(), "cpu-s")
		b.ReportMetric(float64(r.reconciles), "reconciles")
		b.ReportMetric(float64(size), "object-bytes")
		fmt.Printf("workflow controller: %d-task DAG (10 layers) all pods created in %s, Succeeded in %s = %.1f ms/task; process CPU %.1fs; %d reconciles; progress %s; object %d bytes (compressedNodes %d)\n",
			tasks, allPods.Round(time.Millisecond), r.elapsed.Round(time.Millisecond), float64(r.elapsed.Microseconds())/1000/tasks,
			r.cpu.Seconds(), r.reconciles, wf.Status.Progress, size, len(wf.Status.CompressedNodes))
	}
}

func benchClient(tb testing.TB) client.Client {
	tb.Helper()
	kcfg := rest.CopyConfig(cfg) // envtest's admin: the webhooks skip it, so only the controller is measured
	kcfg.QPS, kcfg.Burst = 2000, 4000
	c, err := client.New(kcfg, client.Options{Scheme: skiffScheme})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func submit(tb testing.TB, c client.Client, ns string, n int, mk func(int) *v1alpha1.Workflow) {
	tb.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	next := make(chan int, n)
	for j := 0; j < n; j++ {
		next <- j
	}
	close(next)
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				wf := mk(j)
				wf.Namespace = ns
				if err := c.Create(context.Background(), wf); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		tb.Fatalf("submitting: %v", err)
	}
}

func waitAllSucceeded(tb testing.TB, c client.Client, ns string, n int, timeout time.Duration) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var list v1alpha1.WorkflowList
		if err := c.List(context.Background(), &list, client.InNamespace(ns)); err != nil {
			tb.Fatal(err)
		}
		done := 0
		for _, wf := range list.Items {
			switch wf.Status.Phase {
			case v1alpha1.WorkflowSucceeded:
				done++
			case v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
				tb.Fatalf("workflow %s %s: %s", wf.Name, wf.Status.Phase, wf.Status.Message)
			}
		}
		if done == n {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%d of %d workflows Succeeded after %s", done, n, timeout)
		}
		time.Sleep(time.Second)
	}
}

// measure records process CPU time (getrusage), peak RSS, a sampled peak of the Go heap and
// the workflow reconciles done between start and stop.
type measure struct {
	start      time.Time
	cpu0       time.Duration
	reconciles float64
	peakHeap   uint64
	mu         sync.Mutex
	done       chan struct{}
}

type measured struct {
	elapsed, cpu     time.Duration
	maxRSS, peakHeap uint64
	reconciles       int
}

func startMeasure() *measure {
	m := &measure{start: time.Now(), cpu0: processCPU(), reconciles: reconcileTotal(), done: make(chan struct{})}
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			m.mu.Lock()
			m.peakHeap = max(m.peakHeap, s[0].Value.Uint64())
			m.mu.Unlock()
			select {
			case <-m.done:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *measure) stop() measured {
	elapsed := time.Since(m.start)
	cpu := processCPU() - m.cpu0
	close(m.done)
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	m.mu.Lock()
	defer m.mu.Unlock()
	return measured{elapsed: elapsed, cpu: cpu, maxRSS: uint64(ru.Maxrss) << 10, peakHeap: m.peakHeap, reconciles: int(reconcileTotal() - m.reconciles)}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reconcileTotal reads controller-runtime's reconcile counter for the workflow controller.
func reconcileTotal() float64 {
	families, err := crmetrics.Registry.Gather()
	if err != nil {
		return 0
	}
	var total float64
	for _, f := range families {
		if f.GetName() != "controller_runtime_reconcile_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "controller" && l.GetValue() == "workflow" {
					total += m.GetCounter().GetValue()
				}
			}
		}
	}
	return total
}
