package workflow

import (
	"context"
	"slices"
	"strconv"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// syncWorkflow is a workflow holding the semaphore my-config/workflow while its one pod runs.
func syncWorkflow(name, created string, priority int) string {
	return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: ` + name + `, namespace: default, creationTimestamp: "` + created + `"}
spec:
  entrypoint: main
  priority: ` + strconv.Itoa(priority) + `
  synchronization:
    semaphores:
    - configMapKeyRef: {name: my-config, key: workflow}
  templates:
  - name: main
    container: {image: busybox, command: [sleep, "1"]}
`
}

// another adds a workflow to h's fake cluster and returns a harness for it, sharing the
// client, the reconciler (so its lock manager) and the clock.
func another(h *harness, manifest string) *harness {
	h.t.Helper()
	wf := &v1alpha1.Workflow{}
	if err := yaml.UnmarshalStrict([]byte(manifest), wf); err != nil {
		h.t.Fatal(err)
	}
	wf.UID = types.UID("uid-" + wf.Name)
	if err := h.c.Create(context.Background(), wf); err != nil {
		h.t.Fatal(err)
	}
	h2 := *h
	h2.key = types.NamespacedName{Namespace: wf.Namespace, Name: wf.Name}
	return &h2
}

func limitConfigMap(h *harness, limit string) {
	h.t.Helper()
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "my-config"}, Data: map[string]string{"workflow": limit}}
	if err := h.c.Create(context.Background(), cm); err != nil {
		h.t.Fatal(err)
	}
}

// wakeRecorder stands in for the workqueue: it records the workflows the manager wakes.
func wakeRecorder(h *harness) *[]string {
	var woken []string
	h.r.syncs.wake = func(nn types.NamespacedName) { woken = append(woken, nn.String()) }
	return &woken
}

const semKey = "default/ConfigMap/my-config/workflow"

func TestSemaphoreQueuesTheSecondWorkflowUntilTheFirstFinishes(t *testing.T) {
	a := newHarness(t, syncWorkflow("sem-a", "2026-01-01T09:00:00Z", 0))
	limitConfigMap(a, "1")
	woken := wakeRecorder(a)
	b := another(a, syncWorkflow("sem-b", "2026-01-01T09:00:01Z", 0))

	a.reconcile()
	wa := a.wantPhase(v1alpha1.WorkflowRunning)
	if got := wa.Status.Synchronization; got == nil || got.Semaphore == nil || len(got.Semaphore.Holding) != 1 ||
		got.Semaphore.Holding[0].Semaphore != semKey || !slices.Equal(got.Semaphore.Holding[0].Holders, []string{"default/sem-a"}) {
		t.Fatalf("sem-a synchronization = %+v", got)
	}
	b.reconcile()
	wb := b.wantPhase(v1alpha1.WorkflowPending)
	if want := "Waiting for " + semKey + " lock. Lock status: 0/1"; wb.Status.Message != want {
		t.Fatalf("sem-b message = %q, want %q", wb.Status.Message, want)
	}
	if got := wb.Status.Synchronization.Semaphore.Waiting; len(got) != 1 || got[0].Semaphore != semKey || !slices.Equal(got[0].Holders, []string{"default/sem-a"}) {
		t.Fatalf("sem-b waiting = %+v", got)
	}
	if _, ok := b.pods()["sem-b"]; ok {
		t.Fatal("sem-b has a pod while it waits")
	}

	a.finish("sem-a", 0, "")
	a.reconcile()
	wa = a.wantPhase(v1alpha1.WorkflowSucceeded)
	if wa.Status.Synchronization != nil {
		t.Fatalf("finished sem-a still records %+v", wa.Status.Synchronization)
	}
	if !slices.Contains(*woken, "default/sem-b") {
		t.Fatalf("releasing woke %v, want default/sem-b", *woken)
	}
	b.reconcile()
	wb = b.wantPhase(v1alpha1.WorkflowRunning)
	if h := wb.Status.Synchronization.Semaphore.Holding; len(h) != 1 || h[0].Holders[0] != "default/sem-b" {
		t.Fatalf("sem-b holding = %+v", h)
	}
	if _, ok := b.pods()["sem-b"]; !ok {
		t.Fatal("sem-b has no pod once it holds the semaphore")
	}
}

func TestSemaphoreOrdersWaitersByPriorityThenCreation(t *testing.T) {
	a := newHarness(t, syncWorkflow("p-a", "2026-01-01T09:00:00Z", 0))
	limitConfigMap(a, "1")
	b := another(a, syncWorkflow("p-b", "2026-01-01T09:00:01Z", 0))
	c := another(a, syncWorkflow("p-c", "2026-01-01T09:00:02Z", 5))
	d := another(a, syncWorkflow("p-d", "2026-01-01T09:00:03Z", 0))
	for _, h := range []*harness{a, b, c, d} {
		h.reconcile()
	}
	a.wantPhase(v1alpha1.WorkflowRunning)
	a.finish("p-a", 0, "")
	a.reconcile()
	// d arrives (reconciles) before c and b: the queue, not arrival, decides.
	for _, h := range []*harness{d, b, c} {
		h.reconcile()
	}
	c.wantPhase(v1alpha1.WorkflowRunning) // highest priority
	b.wantPhase(v1alpha1.WorkflowPending)
	d.wantPhase(v1alpha1.WorkflowPending)
	c.finish("p-c", 0, "")
	c.reconcile()
	d.reconcile()
	b.reconcile()
	b.wantPhase(v1alpha1.WorkflowRunning) // older than d
	d.wantPhase(v1alpha1.WorkflowPending)
}

func TestSemaphoreLimitComesFromTheConfigMapAndFollowsItsChanges(t *testing.T) {
	a := newHarness(t, syncWorkflow("l-a", "2026-01-01T09:00:00Z", 0))
	limitConfigMap(a, "2")
	b := another(a, syncWorkflow("l-b", "2026-01-01T09:00:01Z", 0))
	c := another(a, syncWorkflow("l-c", "2026-01-01T09:00:02Z", 0))
	for _, h := range []*harness{a, b, c} {
		h.reconcile()
	}
	a.wantPhase(v1alpha1.WorkflowRunning)
	b.wantPhase(v1alpha1.WorkflowRunning)
	if wc := c.wantPhase(v1alpha1.WorkflowPending); wc.Status.Message != "Waiting for "+semKey+" lock. Lock status: 0/2" {
		t.Fatalf("l-c message = %q", wc.Status.Message)
	}
	if got := a.r.locksUnbuilt().waitersOf("default/ConfigMap/my-config/"); len(got) != 1 || got[0].Name != "l-c" {
		t.Fatalf("waiters of my-config = %v, want l-c (enqueued when the ConfigMap changes)", got)
	}
	cm := &corev1.ConfigMap{}
	if err := a.c.Get(context.Background(), types.NamespacedName{Namespace: "default", Name: "my-config"}, cm); err != nil {
		t.Fatal(err)
	}
	cm.Data["workflow"] = "3"
	if err := a.c.Update(context.Background(), cm); err != nil {
		t.Fatal(err)
	}
	c.reconcile()
	c.wantPhase(v1alpha1.WorkflowRunning)

	// A limit that is not a number errors the workflow, naming the field.
	cm.Data["workflow"] = "many"
	if err := a.c.Update(context.Background(), cm); err != nil {
		t.Fatal(err)
	}
	d := another(a, syncWorkflow("l-d", "2026-01-01T09:00:03Z", 0))
	d.reconcile()
	if wd := d.wantPhase(v1alpha1.WorkflowError); wd.Status.Message != `spec.synchronization.semaphores[0].configMapKeyRef: ConfigMap default/my-config key "workflow": the limit "many" is not a non-negative integer` {
		t.Fatalf("l-d message = %q", wd.Status.Message)
	}
}

func TestSemaphoreHoldersSurviveAControllerRestart(t *testing.T) {
	a := newHarness(t, syncWorkflow("r-a", "2026-01-01T09:00:00Z", 0))
	limitConfigMap(a, "1")
	b := another(a, syncWorkflow("r-b", "2026-01-01T09:00:01Z", 0))
	c := another(a, syncWorkflow("r-c", "2026-01-01T09:00:02Z", 0))
	a.reconcile()
	b.reconcile()
	a.wantPhase(v1alpha1.WorkflowRunning)
	b.wantPhase(v1alpha1.WorkflowPending)

	// A new reconciler: an empty lock manager, rebuilt from the workflows' status.
	r2 := &Reconciler{Client: a.c, Pods: a.c, Recorder: a.rec, ExecutorImage: a.r.ExecutorImage, Now: a.r.Now}
	woken := wakeRecorder(&harness{r: r2})
	for _, h := range []*harness{a, b, c} {
		h.r = r2
	}
	c.reconcile() // c reconciles first after the restart, yet a holds and b was queued before it
	c.wantPhase(v1alpha1.WorkflowPending)
	b.reconcile()
	b.wantPhase(v1alpha1.WorkflowPending)
	a.finish("r-a", 0, "")
	a.reconcile()
	a.wantPhase(v1alpha1.WorkflowSucceeded)
	if !slices.Contains(*woken, "default/r-b") {
		t.Fatalf("woken %v, want default/r-b", *woken)
	}
	c.reconcile()
	c.wantPhase(v1alpha1.WorkflowPending)
	b.reconcile()
	b.wantPhase(v1alpha1.WorkflowRunning)
}

func TestSemaphoreIsFreedWhenTheHolderIsDeleted(t *testing.T) {
	a := newHarness(t, syncWorkflow("d-a", "2026-01-01T09:00:00Z", 0))
	limitConfigMap(a, "1")
	woken := wakeRecorder(a)
	b := another(a, syncWorkflow("d-b", "2026-01-01T09:00:01Z", 0))
	a.reconcile()
	b.reconcile()
	b.wantPhase(v1alpha1.WorkflowPending)
	if err := a.c.Delete(context.Background(), a.wf()); err != nil {
		t.Fatal(err)
	}
	a.reconcile()
	if !slices.Contains(*woken, "default/d-b") {
		t.Fatalf("woken %v, want default/d-b", *woken)
	}
	b.reconcile()
	b.wantPhase(v1alpha1.WorkflowRunning)
}

const mutexSteps = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: mx, namespace: default}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: locked}
      - {name: b, template: locked}
  - name: locked
    synchronization:
      mutexes:
      - name: one-at-a-time
    container: {image: busybox, command: [sleep, "1"]}
`

func TestTemplateMutexRunsOneNodeAtATime(t *testing.T) {
	h := newHarness(t, mutexSteps)
	woken := wakeRecorder(h)
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowRunning)
	na, nb := h.node("mx[0].a"), h.node("mx[0].b")
	if na.Phase != v1alpha1.NodePending || na.SynchronizationStatus != nil {
		t.Fatalf("a = %s %+v, want Pending holding the mutex", na.Phase, na.SynchronizationStatus)
	}
	if nb.Phase != v1alpha1.NodePending || nb.SynchronizationStatus == nil || nb.SynchronizationStatus.Waiting != "default/Mutex/one-at-a-time" ||
		nb.Message != "Waiting for default/Mutex/one-at-a-time lock. Lock status: 0/1" {
		t.Fatalf("b = %s %q %+v, want waiting for the mutex", nb.Phase, nb.Message, nb.SynchronizationStatus)
	}
	mx := wf.Status.Synchronization.Mutex
	if len(mx.Holding) != 1 || mx.Holding[0].Holder != "default/mx/"+na.ID || len(mx.Waiting) != 1 || mx.Waiting[0].Holder != "default/mx/"+na.ID {
		t.Fatalf("mutex status = %+v", mx)
	}
	if pods := h.pods(); pods["mx[0].a"] == nil || pods["mx[0].b"] != nil {
		t.Fatalf("pods %v, want only a's", keys(pods))
	}
	h.finish("mx[0].a", 0, "")
	h.reconcile()
	if !slices.Contains(*woken, "default/mx") {
		t.Fatalf("woken %v", *woken)
	}
	h.reconcile()
	if nb = h.node("mx[0].b"); nb.SynchronizationStatus != nil || nb.Message != "" || h.pods()["mx[0].b"] == nil {
		t.Fatalf("b = %s %q %+v, want started", nb.Phase, nb.Message, nb.SynchronizationStatus)
	}
	h.finish("mx[0].b", 0, "")
	h.reconcile()
	if wf = h.wantPhase(v1alpha1.WorkflowSucceeded); wf.Status.Synchronization != nil {
		t.Fatalf("finished workflow records %+v", wf.Status.Synchronization)
	}
}

func TestLockQueueTakesAllOrNothing(t *testing.T) {
	m := newLockManager()
	ok, _ := m.tryAcquire("ns/a", 0, metav1.Now().Time, []lockRequest{{key: "ns/Mutex/x", limit: 1}})
	if !ok {
		t.Fatal("a did not get x")
	}
	ok, b := m.tryAcquire("ns/b", 0, metav1.Now().Time, []lockRequest{{key: "ns/Mutex/y", limit: 1}, {key: "ns/Mutex/x", limit: 1}})
	if ok || b.key != "ns/Mutex/x" {
		t.Fatalf("b got %v blocked on %+v, want blocked on x", ok, b)
	}
	if v := m.viewOf("ns/b"); len(v) != 2 || len(v[1].mine) != 0 || !v[1].waiting {
		t.Fatalf("b holds y while waiting for x: %+v", v)
	}
	m.release("ns/a", true)
	if ok, _ := m.tryAcquire("ns/b", 0, metav1.Now().Time, []lockRequest{{key: "ns/Mutex/y", limit: 1}, {key: "ns/Mutex/x", limit: 1}}); !ok {
		t.Fatal("b did not get x and y once a released")
	}
}

func TestStoppingAWaitingWorkflowGivesUpItsPlace(t *testing.T) {
	a := newHarness(t, syncWorkflow("s-a", "2026-01-01T09:00:00Z", 0))
	limitConfigMap(a, "1")
	b := another(a, syncWorkflow("s-b", "2026-01-01T09:00:01Z", 0))
	c := another(a, syncWorkflow("s-c", "2026-01-01T09:00:02Z", 0))
	for _, h := range []*harness{a, b, c} {
		h.reconcile()
	}
	b.update(func(wf *v1alpha1.Workflow) { wf.Spec.Shutdown = v1alpha1.ShutdownStrategyStop })
	b.reconcile()
	if wb := b.wantPhase(v1alpha1.WorkflowFailed); wb.Status.Synchronization != nil || b.pods()["s-b"] != nil {
		t.Fatalf("stopped s-b: synchronization %+v, pods %v", wb.Status.Synchronization, keys(b.pods()))
	}
	a.finish("s-a", 0, "")
	a.reconcile()
	c.reconcile()
	c.wantPhase(v1alpha1.WorkflowRunning) // next in line once s-b left the queue
}

func TestSuspendedWorkflowDoesNotStartAWaitingNode(t *testing.T) {
	h := newHarness(t, mutexSteps)
	h.reconcile()
	h.update(func(wf *v1alpha1.Workflow) { wf.Spec.Suspend = ptrTo(true) })
	h.finish("mx[0].a", 0, "")
	h.reconcile()
	if nb := h.node("mx[0].b"); nb.SynchronizationStatus == nil || h.pods()["mx[0].b"] != nil {
		t.Fatalf("b started while suspended: %s %q", nb.Phase, nb.Message)
	}
	h.update(func(wf *v1alpha1.Workflow) { wf.Spec.Suspend = nil })
	h.reconcile()
	if h.pods()["mx[0].b"] == nil {
		t.Fatal("b did not start once resumed")
	}
}
