package workflow

import (
	"context"
	"fmt"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// cachedClientRefusesConfigMaps makes h's reconciler read through a Client that refuses
// (and counts) every ConfigMap read, as the manager's cached client would answer them from
// a cluster-wide informer; ConfigMaps must come from the APIReader. Writes pass.
func cachedClientRefusesConfigMaps(h *harness) *int {
	refused := 0
	isConfigMap := func(obj any) bool {
		switch o := obj.(type) {
		case *corev1.ConfigMap, *corev1.ConfigMapList:
			return true
		case *metav1.PartialObjectMetadata:
			return o.Kind == "ConfigMap"
		case *metav1.PartialObjectMetadataList:
			return o.Kind == "ConfigMapList"
		}
		return false
	}
	h.r.APIReader = h.c
	h.r.Client = interceptor.NewClient(h.c.(client.WithWatch), interceptor.Funcs{
		Get: func(ctx context.Context, c client.WithWatch, key client.ObjectKey, obj client.Object, opts ...client.GetOption) error {
			if isConfigMap(obj) {
				refused++
				return fmt.Errorf("ConfigMap %s read through the cached client", key)
			}
			return c.Get(ctx, key, obj, opts...)
		},
		List: func(ctx context.Context, c client.WithWatch, list client.ObjectList, opts ...client.ListOption) error {
			if isConfigMap(list) {
				refused++
				return fmt.Errorf("ConfigMaps listed through the cached client")
			}
			return c.List(ctx, list, opts...)
		},
	})
	return &refused
}

// TestConfigMapsAreReadFromTheAPIServer runs the three features that read ConfigMaps
// (semaphore limits, memoization caches, and a limit change waking a waiter) with a cached
// client that refuses ConfigMaps: none of them may read one through it.
func TestConfigMapsAreReadFromTheAPIServer(t *testing.T) {
	a := newHarness(t, syncWorkflow("cm-a", "2026-01-01T09:00:00Z", 0))
	refused := cachedClientRefusesConfigMaps(a)
	limitConfigMap(a, "1")
	woken := wakeRecorder(a)
	b := another(a, syncWorkflow("cm-b", "2026-01-01T09:00:01Z", 0))
	a.reconcile()
	a.wantPhase(v1alpha1.WorkflowRunning)
	b.reconcile()
	b.wantPhase(v1alpha1.WorkflowPending)

	// The poll sees the ConfigMap the waiter's limit was read from: nothing to wake.
	a.r.pollSemaphores(context.Background(), a.c)
	if len(*woken) != 0 {
		t.Fatalf("an unchanged ConfigMap woke %v", *woken)
	}
	if got := a.r.locksUnbuilt().waitedConfigMaps(); !slices.Equal(got, []types.NamespacedName{{Namespace: "default", Name: "my-config"}}) {
		t.Fatalf("waited ConfigMaps %v", got)
	}
	cm := &corev1.ConfigMap{}
	if err := a.c.Get(context.Background(), types.NamespacedName{Namespace: "default", Name: "my-config"}, cm); err != nil {
		t.Fatal(err)
	}
	cm.Data["workflow"] = "2"
	if err := a.c.Update(context.Background(), cm); err != nil {
		t.Fatal(err)
	}
	a.r.pollSemaphores(context.Background(), a.c)
	if !slices.Equal(*woken, []string{"default/cm-b"}) {
		t.Fatalf("the raised limit woke %v, want default/cm-b", *woken)
	}
	a.r.pollSemaphores(context.Background(), a.c) // once per change
	if len(*woken) != 1 {
		t.Fatalf("woken again without a change: %v", *woken)
	}
	b.reconcile()
	b.wantPhase(v1alpha1.WorkflowRunning)

	m := another(a, memoWorkflow("cm-memo", "1h"))
	m.reconcile()
	m.finish("cm-memo", 0, "")
	m.reconcile()
	m.wantPhase(v1alpha1.WorkflowSucceeded)
	if e, _ := m.cacheEntry("say-hello"); e.NodeID == "" {
		t.Fatal("the memoized outputs were not saved")
	}
	m2 := another(a, memoWorkflow("cm-memo2", "1h"))
	m2.reconcile()
	if n := m2.node("cm-memo2"); n.MemoizationStatus == nil || !n.MemoizationStatus.Hit {
		t.Fatalf("second run %+v, want a cache hit", n.MemoizationStatus)
	}
	if *refused != 0 {
		t.Fatalf("%d ConfigMap reads went through the cached client", *refused)
	}
}
