package cronworkflow

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/events"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/controller/manager"
)

// harness drives the reconciler against a fake client and a fake clock, and plays the
// workflow controller by moving child workflows to a final phase.
type harness struct {
	t   *testing.T
	c   client.Client
	r   *Reconciler
	now time.Time
	rec *events.FakeRecorder
	key types.NamespacedName
	uid int
	// failCreate, when set, is the error creating a workflow returns (an admission denial).
	failCreate error
}

// TestMain makes the controller's zone (schedules without spec.timezone, the scheduled-time
// annotation) UTC whatever the machine's, so the expectations hold everywhere.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

// t0 is when the test CronWorkflows are created: half a minute past 10:00 UTC.
var t0 = time.Date(2026, 1, 15, 10, 0, 30, 0, time.UTC)

func newHarness(t *testing.T, manifest string) *harness {
	t.Helper()
	cw := &v1alpha1.CronWorkflow{}
	if err := yaml.UnmarshalStrict([]byte(manifest), cw); err != nil {
		t.Fatalf("parsing the cronworkflow: %v", err)
	}
	if cw.Namespace == "" {
		cw.Namespace = "default"
	}
	cw.UID = "cron-uid"
	cw.CreationTimestamp = metav1.NewTime(t0)
	scheme, err := manager.NewScheme()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, now: t0, rec: events.NewFakeRecorder(100), key: types.NamespacedName{Namespace: cw.Namespace, Name: cw.Name}}
	// The fake client sets no UIDs or creation times; the API server would.
	create := func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.CreateOption) error {
		if h.failCreate != nil {
			return h.failCreate
		}
		if obj.GetUID() == "" {
			h.uid++
			obj.SetUID(types.UID(fmt.Sprintf("uid-%d", h.uid)))
		}
		if ts := obj.GetCreationTimestamp(); ts.IsZero() {
			obj.SetCreationTimestamp(metav1.NewTime(h.now))
		}
		return c.Create(ctx, obj, opts...)
	}
	h.c = fake.NewClientBuilder().WithScheme(scheme).WithObjects(cw).
		WithStatusSubresource(&v1alpha1.CronWorkflow{}, &v1alpha1.Workflow{}).
		WithInterceptorFuncs(interceptor.Funcs{Create: create}).Build()
	h.r = &Reconciler{Client: h.c, APIReader: h.c, Recorder: h.rec, Now: func() time.Time { return h.now }}
	return h
}

func (h *harness) at(hms string) {
	h.t.Helper()
	t, err := time.Parse("15:04:05", hms)
	if err != nil {
		h.t.Fatal(err)
	}
	h.now = time.Date(t0.Year(), t0.Month(), t0.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

func (h *harness) reconcile() reconcile.Result {
	h.t.Helper()
	res, err := h.r.Reconcile(context.Background(), reconcile.Request{NamespacedName: h.key})
	if err != nil {
		h.t.Fatalf("reconcile: %v", err)
	}
	return res
}

func (h *harness) cron() *v1alpha1.CronWorkflow {
	h.t.Helper()
	cw := &v1alpha1.CronWorkflow{}
	if err := h.c.Get(context.Background(), h.key, cw); err != nil {
		h.t.Fatal(err)
	}
	return cw
}

func (h *harness) update(f func(*v1alpha1.CronWorkflow)) {
	h.t.Helper()
	cw := h.cron()
	f(cw)
	if err := h.c.Update(context.Background(), cw); err != nil {
		h.t.Fatal(err)
	}
}

// children returns the workflows by name.
func (h *harness) children() map[string]*v1alpha1.Workflow {
	h.t.Helper()
	var list v1alpha1.WorkflowList
	if err := h.c.List(context.Background(), &list); err != nil {
		h.t.Fatal(err)
	}
	out := map[string]*v1alpha1.Workflow{}
	for i := range list.Items {
		out[list.Items[i].Name] = &list.Items[i]
	}
	return out
}

// child is the name of the workflow for a scheduled time today ("10:01:00").
func (h *harness) child(hms string) string {
	t, _ := time.Parse("15:04:05", hms)
	return ChildName(h.key.Name, time.Date(t0.Year(), t0.Month(), t0.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC))
}

func (h *harness) wantChildren(names ...string) {
	h.t.Helper()
	got := h.children()
	if len(got) != len(names) {
		h.t.Fatalf("children %v, want %v", keys(got), names)
	}
	for _, n := range names {
		if got[n] == nil {
			h.t.Fatalf("children %v, want %v", keys(got), names)
		}
	}
}

// finish plays the workflow controller: the child ends in phase p now.
func (h *harness) finish(name string, p v1alpha1.WorkflowPhase) {
	h.t.Helper()
	wf := h.children()[name]
	if wf == nil {
		h.t.Fatalf("no workflow %s; have %v", name, keys(h.children()))
	}
	wf.Status.Phase = p
	at := metav1.NewTime(h.now)
	wf.Status.FinishedAt = &at
	if err := h.c.Status().Update(context.Background(), wf); err != nil {
		h.t.Fatal(err)
	}
}

// events drains the recorded events.
func (h *harness) events() []string {
	var out []string
	for {
		select {
		case e := <-h.rec.Events:
			out = append(out, e)
		default:
			return out
		}
	}
}

func (h *harness) wantEvent(substr string) {
	h.t.Helper()
	evs := h.events()
	for _, e := range evs {
		if strings.Contains(e, substr) {
			return
		}
	}
	h.t.Fatalf("no event containing %q; events: %q", substr, evs)
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
