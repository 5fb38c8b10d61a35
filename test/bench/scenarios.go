package bench

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Common is what every controller scenario shares, printed once under the table.
const Common = "Every controller figure: the real skiff-controller binary as its own process (--leader-elect=false, " +
	"metrics on a loopback port, otherwise the stated flags), against a fresh envtest kube-apiserver + etcd per run " +
	"(no admission webhooks, no kubelet, scheduler or containers) on this shared 2-core machine; a simulated kubelet " +
	"in the harness completes each pod the moment it is created. CPU and peak RSS are the controller process's alone " +
	"(/proc/<pid>/stat utime+stime, /proc/<pid>/status VmHWM), not the API server's, etcd's or the harness's."

// SingleStep submits n single-step workflows at once and waits for all to succeed. flags
// says which controller settings apply (DefaultsText for none).
func SingleStep(name string, n int, flags string, args ...string) Scenario {
	return Scenario{
		Name:           name,
		Simulates:      fmt.Sprintf("%d single-step workflows (echo) created at once by 16 clients; %s", n, flags),
		ControllerArgs: args,
		Run: func(ctx context.Context, e *Env) ([]Figure, error) {
			w, err := e.runWorkflows(ctx, "bench-single", n, func(ns string) error {
				return createAll(ctx, e.Client, n, func(i int) client.Object {
					wf := SingleStepWorkflow(fmt.Sprintf("single-%05d", i))
					wf.Namespace = ns
					return wf
				})
			})
			if err != nil {
				return nil, err
			}
			elapsed, cpu := w.elapsed(), w.cpu()
			fmt.Fprintf(e.Log, "  %d workflows Succeeded in %s; controller CPU %s in the window (%s before it, start-up); peak RSS %.0f MiB; %d workflow reconciles; %d pods completed\n",
				n, elapsed.Round(time.Millisecond), cpu, w.before.cpu, mib(w.after.mem.PeakRSS), w.reconciles, e.Kubelet.Completed())
			return []Figure{
				{"workflows/min", float64(n) / elapsed.Minutes(), 0},
				{"elapsed s", elapsed.Seconds(), 1},
				{"controller CPU s", cpu.Seconds(), 1},
				{"CPU ms/workflow", float64(cpu.Microseconds()) / 1000 / float64(n), 1},
				{"peak RSS MiB", mib(w.after.mem.PeakRSS), 0},
				{"reconciles", float64(w.reconciles), 0},
			}, nil
		},
	}
}

// DAG submits one DAG of tasks in layers and waits for it to succeed, at the controller's
// defaults (flags describes them).
func DAG(tasks, layers int, flags string) Scenario {
	return Scenario{
		Name:      fmt.Sprintf("dag-%d", tasks),
		Simulates: fmt.Sprintf("one %d-task DAG, %d layers of %d (each task depends on one in the layer before); %s", tasks, layers, tasks/layers, flags),
		Run: func(ctx context.Context, e *Env) ([]Figure, error) {
			w, err := e.runWorkflows(ctx, "bench-dag", 1, func(ns string) error {
				wf := LayeredDAG("dag", tasks, layers)
				wf.Namespace = ns
				return e.Client.Create(ctx, wf)
			})
			if err != nil {
				return nil, err
			}
			elapsed, cpu := w.elapsed(), w.cpu()
			allPods := e.Kubelet.LastCreated().Sub(w.before.at)
			if got := e.Kubelet.Completed(); got != int64(tasks) {
				return nil, fmt.Errorf("the DAG Succeeded after %d pods, want %d", got, tasks)
			}
			fmt.Fprintf(e.Log, "  DAG Succeeded in %s, last pod created at %s; controller CPU %s; peak RSS %.0f MiB; %d workflow reconciles\n",
				elapsed.Round(time.Millisecond), allPods.Round(time.Millisecond), cpu, mib(w.after.mem.PeakRSS), w.reconciles)
			return []Figure{
				{"elapsed s", elapsed.Seconds(), 1},
				{"ms/task", float64(elapsed.Microseconds()) / 1000 / float64(tasks), 1},
				{"last pod created s", allPods.Seconds(), 1},
				{"controller CPU s", cpu.Seconds(), 1},
				{"peak RSS MiB", mib(w.after.mem.PeakRSS), 0},
				{"reconciles", float64(w.reconciles), 0},
			}, nil
		},
	}
}

// ConfigMaps measures the idle controller's resident memory before and after n ConfigMaps
// it has no business with are created, settle after the last one.
func ConfigMaps(n, sizeBytes int, settle time.Duration, flags string) Scenario {
	return Scenario{
		Name: "configmaps",
		Simulates: fmt.Sprintf("idle controller, cluster-wide: RSS %s after start, then %d unrelated ConfigMaps of %d bytes of data created, RSS %s after the last; %s",
			settle, n, sizeBytes, settle, flags),
		Run: func(ctx context.Context, e *Env) ([]Figure, error) {
			const ns = "bench-unrelated"
			if err := e.createNamespace(ctx, ns); err != nil {
				return nil, err
			}
			time.Sleep(settle)
			before, err := e.snapshot()
			if err != nil {
				return nil, err
			}
			data := strings.Repeat("x", sizeBytes)
			if err := createAll(ctx, e.Client, n, func(i int) client.Object {
				return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: fmt.Sprintf("unrelated-%05d", i)},
					Data: map[string]string{"data": data}}
			}); err != nil {
				return nil, err
			}
			created := time.Since(before.at)
			time.Sleep(settle)
			if err := e.Alive(); err != nil {
				return nil, err
			}
			after, err := e.snapshot()
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(e.Log, "  RSS %.1f MiB before, %.1f MiB %s after the last of %d ConfigMaps (created in %s); peak RSS %.1f MiB; controller CPU %s meanwhile\n",
				mib(before.mem.RSS), mib(after.mem.RSS), settle, n, created.Round(time.Millisecond), mib(after.mem.PeakRSS), after.cpu-before.cpu)
			return []Figure{
				{"RSS before MiB", mib(before.mem.RSS), 1},
				{"RSS after MiB", mib(after.mem.RSS), 1},
				{"RSS growth MiB", mib(after.mem.RSS) - mib(before.mem.RSS), 1},
				{"peak RSS MiB", mib(after.mem.PeakRSS), 1},
				{"controller CPU s", (after.cpu - before.cpu).Seconds(), 1},
			}, nil
		},
	}
}

// window is what the controller process did from a workload's submission to its last
// workflow's success.
type window struct {
	before, after snapshot
	reconciles    int
}

func (w window) elapsed() time.Duration { return w.after.at.Sub(w.before.at) }
func (w window) cpu() time.Duration     { return w.after.cpu - w.before.cpu }

// runWorkflows submits workflows into a new namespace ns and waits until n have Succeeded.
func (e *Env) runWorkflows(ctx context.Context, ns string, n int, submit func(ns string) error) (window, error) {
	var w window
	if err := e.createNamespace(ctx, ns); err != nil {
		return w, err
	}
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	phases, err := watchPhases(wctx, harnessConfig(e.Cluster), ns)
	if err != nil {
		return w, err
	}
	if w.before, err = e.snapshot(); err != nil {
		return w, err
	}
	if err := submit(ns); err != nil {
		return w, err
	}
	if err := phases.waitSucceeded(n, 15*time.Minute, e.Alive); err != nil {
		return w, err
	}
	if w.after, err = e.snapshot(); err != nil {
		return w, err
	}
	w.reconciles, err = e.Controller.WorkflowReconciles(ctx)
	return w, err
}

// createAll creates n objects from 16 clients at once.
func createAll(ctx context.Context, c client.Client, n int, mk func(int) client.Object) error {
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range 16 {
		wg.Go(func() {
			for i := range next {
				if err := c.Create(ctx, mk(i)); err != nil {
					mu.Lock()
					if first == nil {
						first = fmt.Errorf("creating object %d: %w", i, err)
					}
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}
