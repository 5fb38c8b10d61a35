package workflow

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/go-logr/logr"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// podsInMemory is a pod reader over a fixed list (the informer cache's part, without its
// copying), so the benchmark times the walk alone.
type podsInMemory struct {
	client.Reader
	pods []corev1.Pod
}

func (p podsInMemory) List(_ context.Context, list client.ObjectList, _ ...client.ListOption) error {
	list.(*corev1.PodList).Items = p.pods
	return nil
}

var (
	bench5000Once sync.Once
	bench5000WF   *v1alpha1.Workflow
	bench5000R    *Reconciler
)

// podsCreated keeps the pods the walk creates, in memory: the setup's stand-in for the API
// server, which this benchmark leaves out.
type podsCreated struct {
	client.Client
	pods []corev1.Pod
}

func (c *podsCreated) Create(_ context.Context, obj client.Object, _ ...client.CreateOption) error {
	c.pods = append(c.pods, *obj.(*corev1.Pod))
	return nil
}

// running5000 returns a 5,000-task DAG workflow after its first reconcile (every node
// created) and its pods, all Running: the steady state most reconciles of a big DAG see.
// Built once per test binary.
func running5000(b *testing.B) (*v1alpha1.Workflow, *Reconciler) {
	b.Helper()
	bench5000Once.Do(func() { bench5000WF, bench5000R = build5000(b) })
	if bench5000WF == nil {
		b.Fatal("building the 5,000-node workflow failed")
	}
	return bench5000WF, bench5000R
}

func build5000(b *testing.B) (*v1alpha1.Workflow, *Reconciler) {
	ctrllog.SetLogger(logr.Discard())
	wf := &v1alpha1.Workflow{}
	if err := yaml.Unmarshal([]byte(fanOut(5000)), wf); err != nil {
		b.Fatal(err)
	}
	wf.Namespace, wf.UID = "default", "uid-1"
	created := &podsCreated{}
	r := &Reconciler{Client: created, Pods: podsInMemory{}, ExecutorImage: "skiff.local/skiff:test"}
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	o := &operation{ctx: context.Background(), r: r, wf: wf, now: now}
	if err := o.operate(); err != nil {
		b.Fatal(err)
	}
	pods := corev1.PodList{Items: created.pods}
	for i := range pods.Items {
		pods.Items[i].Status.Phase = corev1.PodRunning
	}
	r.Pods = podsInMemory{pods: pods.Items}
	o = &operation{ctx: context.Background(), r: r, wf: wf, now: now}
	if err := o.operate(); err != nil { // every node sees its pod Running
		b.Fatal(err)
	}
	if n := len(wf.Status.Nodes); n != 5001 || wf.Status.Progress != "0/5000" {
		b.Fatalf("%d nodes, progress %s", n, wf.Status.Progress)
	}
	return wf, r
}

// BenchmarkOperate5000NodeDAG times one reconcile's walk over a 5,000-node status with
// nothing to change (no API server: pods come from memory, nothing is created).
func BenchmarkOperate5000NodeDAG(b *testing.B) {
	wf, r := running5000(b)
	now := time.Date(2026, 1, 1, 10, 0, 1, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		o := &operation{ctx: context.Background(), r: r, wf: wf.DeepCopy(), now: now}
		if err := o.operate(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/5000, "µs/node")
}

// BenchmarkCompressNodes5000 times storing and reading back a 5,000-node status in its
// compressed form, as each status write and each reconcile of a large workflow does.
func BenchmarkCompressNodes5000(b *testing.B) {
	wf, r := running5000(b)
	js, _ := wf.Status.NodesJSON()
	var packed int
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st := wf.Status.DeepCopy()
		if err := r.packNodes(st); err != nil {
			b.Fatal(err)
		}
		packed = len(st.CompressedNodes)
		if err := st.InflateNodes(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(js)), "json-bytes")
	b.ReportMetric(float64(packed), "compressed-bytes")
}
