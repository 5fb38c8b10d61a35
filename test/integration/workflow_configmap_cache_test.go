//go:build integration

package integration

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/controller/manager"
	wfctrl "github.com/skiff-dev/skiff/controller/workflow"
)

// unrelatedConfigMaps is how many ConfigMaps the test adds that the controller has no
// business with; each holds 2 KiB, so a controller caching them would grow by 20 MiB+.
const unrelatedConfigMaps = 10000

// recordingCache is the manager's cache, noting each kind anything asked it for (an
// informer, a Get or a List): asking for a kind starts a cluster-wide informer of it.
type recordingCache struct {
	cache.Cache
	scheme *kruntime.Scheme
	mu     sync.Mutex
	kinds  map[schema.GroupVersionKind]int
}

func (c *recordingCache) note(obj kruntime.Object) {
	gvk, err := apiutil.GVKForObject(obj, c.scheme)
	if err != nil {
		gvk = schema.GroupVersionKind{Kind: fmt.Sprintf("%T", obj)}
	}
	gvk.Kind = strings.TrimSuffix(gvk.Kind, "List")
	c.mu.Lock()
	c.kinds[gvk]++
	c.mu.Unlock()
}

func (c *recordingCache) asked(kind string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.kinds[corev1.SchemeGroupVersion.WithKind(kind)]
}

func (c *recordingCache) GetInformer(ctx context.Context, obj client.Object, opts ...cache.InformerGetOption) (cache.Informer, error) {
	c.note(obj)
	return c.Cache.GetInformer(ctx, obj, opts...)
}

func (c *recordingCache) GetInformerForKind(ctx context.Context, gvk schema.GroupVersionKind, opts ...cache.InformerGetOption) (cache.Informer, error) {
	c.mu.Lock()
	c.kinds[gvk]++
	c.mu.Unlock()
	return c.Cache.GetInformerForKind(ctx, gvk, opts...)
}

func (c *recordingCache) Get(ctx context.Context, key client.ObjectKey, obj client.Object, opts ...client.GetOption) error {
	c.note(obj)
	return c.Cache.Get(ctx, key, obj, opts...)
}

func (c *recordingCache) List(ctx context.Context, list client.ObjectList, opts ...client.ListOption) error {
	c.note(list)
	return c.Cache.List(ctx, list, opts...)
}

// TestWorkflowConfigMapCache runs the workflow controller in-process, has it read a semaphore
// ConfigMap (a raised limit must still wake the waiter: memoization caches are exercised
// the same way by TestWorkflowController/Synchronization), then adds 10,000 unrelated
// ConfigMaps: the controller's caches must never have been asked for ConfigMaps (so hold
// none of them), the API server must see no ConfigMap watch from it, and the process heap
// must not grow with them.
func TestWorkflowConfigMapCache(t *testing.T) {
	ctx := context.Background()
	watchesBefore := configMapWatches(t)
	rec, stop := startRecordedWorkflowController(t)
	defer stop()

	ns := workflowNamespace(t, "wf-cm-cache")
	limits := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "limits"}, Data: map[string]string{"workflow": "1"}}
	if err := cl.Create(ctx, limits); err != nil {
		t.Fatal(err)
	}
	createWorkflow(t, ns, semaphoreWorkflow("a"))
	podA := nodePod(t, ns, "a", "a")
	createWorkflow(t, ns, semaphoreWorkflow("b"))
	waitWorkflowPhase(t, ns, "b", v1alpha1.WorkflowPending)
	limits.Data["workflow"] = "2"
	if err := cl.Update(ctx, limits); err != nil {
		t.Fatal(err)
	}
	raised := time.Now()
	podB := nodePod(t, ns, "b", "b") // woken by the poll of the waited ConfigMap
	t.Logf("the raised semaphore limit let the waiter in after %v (poll interval %v)", time.Since(raised).Round(10*time.Millisecond), wfctrl.SemaphorePollInterval)
	kubeletFinishes(t, podA, 0, "")
	kubeletFinishes(t, podB, 0, "")
	waitWorkflowPhase(t, ns, "a", v1alpha1.WorkflowSucceeded)
	waitWorkflowPhase(t, ns, "b", v1alpha1.WorkflowSucceeded)

	heapBefore := heapInuse()
	created := createUnrelatedConfigMaps(t, "unrelated-cms", unrelatedConfigMaps)
	time.Sleep(5 * time.Second) // what an informer would receive arrives within this
	heapAfter := heapInuse()
	watchesAfter := configMapWatches(t)
	t.Logf("created %d unrelated ConfigMaps (2 KiB each) in %v", unrelatedConfigMaps, created.Round(time.Millisecond))
	t.Logf("process heap in use after GC: before %.1f MiB, after %.1f MiB (%+.1f MiB)",
		mib(heapBefore), mib(heapAfter), mib(heapAfter)-mib(heapBefore))
	t.Logf("ConfigMap WATCH requests open on the API server: %s before the controller started, %s at the end", watchesBefore, watchesAfter)

	if n := rec.asked("ConfigMap"); n != 0 {
		var held corev1.ConfigMapList
		if err := rec.Cache.List(ctx, &held); err != nil {
			t.Fatalf("the controller's cache was asked for ConfigMaps %d times; listing it: %v", n, err)
		}
		t.Fatalf("the controller's cache was asked for ConfigMaps %d times and holds %d of them", n, len(held.Items))
	}
	if n := rec.asked("Secret"); n != 0 {
		t.Errorf("the controller's cache was asked for Secrets %d times", n)
	}
	if watchesBefore != "unavailable" && watchesAfter != watchesBefore {
		t.Errorf("ConfigMap watches went from %s to %s while the controller ran", watchesBefore, watchesAfter)
	}
	// Caching them would take at least their data, 20 MiB; allow a quarter of that for noise.
	if grow := int64(heapAfter) - int64(heapBefore); grow > 5<<20 {
		t.Errorf("the heap grew by %.1f MiB with %d ConfigMaps the controller has no use for", float64(grow)/(1<<20), unrelatedConfigMaps)
	}
}

// startRecordedWorkflowController runs the workflow reconciler in its own manager (options
// as manager.New builds them) whose cache records what it is asked for.
func startRecordedWorkflowController(t *testing.T) (*recordingCache, func()) {
	t.Helper()
	scheme, err := manager.NewScheme()
	if err != nil {
		t.Fatal(err)
	}
	o := manager.Defaults()
	o.LeaderElect = false
	o.MetricsBindAddress, o.HealthProbeBindAddress = "0", "0"
	mo := o.ManagerOptions(scheme)
	// Another test's manager also runs a controller named "workflow" in this process.
	mo.Controller.SkipNameValidation = ptr.To(true)
	rec := &recordingCache{scheme: scheme, kinds: map[schema.GroupVersionKind]int{}}
	mo.NewCache = func(cfg *rest.Config, opts cache.Options) (cache.Cache, error) {
		c, err := cache.New(cfg, opts)
		rec.Cache = c
		return rec, err
	}
	mgr, err := ctrl.NewManager(cfg, mo)
	if err != nil {
		t.Fatal(err)
	}
	wo := wfctrl.DefaultOptions()
	wo.ExecutorImage = "skiff.local/skiff:test"
	if err := wfctrl.NewSetup(&wo).Register(mgr, o); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mgr.Start(ctx) }()
	return rec, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("manager: %v", err)
		}
	}
}

// createUnrelatedConfigMaps creates n ConfigMaps in a new namespace, 16 at a time, with a
// client of its own that is not rate limited.
func createUnrelatedConfigMaps(t *testing.T, ns string, n int) time.Duration {
	t.Helper()
	workflowNamespace(t, ns)
	fast := rest.CopyConfig(cfg)
	fast.QPS, fast.Burst = -1, 0
	c, err := client.New(fast, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // one request; the later tests need not carry them
		if err := c.DeleteAllOf(context.Background(), &corev1.ConfigMap{}, client.InNamespace(ns)); err != nil {
			t.Errorf("deleting the unrelated ConfigMaps: %v", err)
		}
	})
	data := strings.Repeat("x", 2048)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	next := make(chan int)
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "unrelated-" + strconv.Itoa(i)}, Data: map[string]string{"blob": data}}
				if err := c.Create(context.Background(), cm); err != nil {
					select {
					case errs <- err:
					default:
					}
					return
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case err := <-errs:
			close(next)
			wg.Wait()
			t.Fatalf("creating ConfigMap %d: %v", i, err)
		}
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatalf("creating the ConfigMaps: %v", err)
	default:
	}
	return time.Since(start)
}

func heapInuse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// configMapWatches sums the API server's open WATCH requests on ConfigMaps (its
// apiserver_longrunning_requests gauge), or says it is unavailable.
func configMapWatches(t *testing.T) string {
	t.Helper()
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := cs.RESTClient().Get().AbsPath("/metrics").DoRaw(context.Background())
	if err != nil {
		t.Logf("reading the API server's metrics: %v", err)
		return "unavailable"
	}
	total, found := 0.0, false
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "apiserver_longrunning_requests{") || !strings.Contains(line, `resource="configmaps"`) || !strings.Contains(line, `verb="WATCH"`) {
			continue
		}
		f := strings.Fields(line)
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err == nil {
			total += v
			found = true
		}
	}
	if !found {
		return "0"
	}
	return strconv.FormatFloat(total, 'f', -1, 64)
}
