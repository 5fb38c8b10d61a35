package workflow

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/events"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/controller/manager"
)

// harness drives the reconciler against a fake client and plays the kubelet.
type harness struct {
	t   *testing.T
	c   client.Client
	r   *Reconciler
	now time.Time
	rec *events.FakeRecorder
	key types.NamespacedName
}

func newHarness(t *testing.T, manifest string) *harness {
	t.Helper()
	wf := &v1alpha1.Workflow{}
	if err := yaml.UnmarshalStrict([]byte(manifest), wf); err != nil {
		t.Fatalf("parsing the workflow: %v", err)
	}
	if wf.Namespace == "" {
		wf.Namespace = "default"
	}
	wf.UID = "uid-1"
	scheme, err := manager.NewScheme()
	if err != nil {
		t.Fatal(err)
	}
	c := fake.NewClientBuilder().WithScheme(scheme).WithObjects(wf).WithStatusSubresource(&v1alpha1.Workflow{}, &corev1.Pod{}).Build()
	h := &harness{t: t, c: c, now: time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC), rec: events.NewFakeRecorder(100),
		key: types.NamespacedName{Namespace: wf.Namespace, Name: wf.Name}}
	h.r = &Reconciler{Client: c, Pods: c, Recorder: h.rec, ExecutorImage: "skiff.local/skiff:test", Now: func() time.Time { return h.now }}
	return h
}

func (h *harness) reconcile() reconcile.Result {
	h.t.Helper()
	res, err := h.r.Reconcile(context.Background(), reconcile.Request{NamespacedName: h.key})
	if err != nil {
		h.t.Fatalf("reconcile: %v", err)
	}
	return res
}

func (h *harness) wf() *v1alpha1.Workflow {
	h.t.Helper()
	wf := &v1alpha1.Workflow{}
	if err := h.c.Get(context.Background(), h.key, wf); err != nil {
		h.t.Fatal(err)
	}
	return wf
}

func (h *harness) update(f func(*v1alpha1.Workflow)) {
	h.t.Helper()
	wf := h.wf()
	f(wf)
	if err := h.c.Update(context.Background(), wf); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) pods() map[string]*corev1.Pod {
	h.t.Helper()
	var list corev1.PodList
	if err := h.c.List(context.Background(), &list); err != nil {
		h.t.Fatal(err)
	}
	out := map[string]*corev1.Pod{}
	for i := range list.Items {
		out[list.Items[i].Annotations[AnnotationNodeName]] = &list.Items[i]
	}
	return out
}

// finish plays the kubelet: the pod of nodeName terminates with the executor's message.
func (h *harness) finish(nodeName string, exit int, result string, params ...string) {
	h.t.Helper()
	pod := h.pods()[nodeName]
	if pod == nil {
		h.t.Fatalf("no pod for node %q; pods: %v", nodeName, keys(h.pods()))
	}
	m := stepcontract.Message{ExitCode: exit, Result: result}
	for i := 0; i+1 < len(params); i += 2 {
		m.Parameters = append(m.Parameters, stepcontract.OutputParameter{Name: params[i], Value: params[i+1]})
	}
	h.terminate(pod, m) // pod_status_test.go
}

func (h *harness) node(name string) v1alpha1.NodeStatus {
	h.t.Helper()
	wf := h.wf()
	n, ok := wf.Status.Nodes[v1alpha1.WorkflowNodeID(wf.Name, name)]
	if !ok {
		var names []string
		for _, n := range wf.Status.Nodes {
			names = append(names, n.Name+"="+string(n.Phase))
		}
		h.t.Fatalf("no node %q; nodes: %v", name, names)
	}
	return n
}

func (h *harness) wantPhase(p v1alpha1.WorkflowPhase) *v1alpha1.Workflow {
	h.t.Helper()
	wf := h.wf()
	if wf.Status.Phase != p {
		var names []string
		for _, n := range wf.Status.Nodes {
			names = append(names, n.Name+"="+string(n.Phase)+":"+n.Message)
		}
		h.t.Fatalf("phase = %q (%s), want %q; nodes: %v", wf.Status.Phase, wf.Status.Message, p, names)
	}
	return wf
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
