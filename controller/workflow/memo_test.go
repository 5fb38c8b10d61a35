package workflow

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func memoWorkflow(name, maxAge string) string {
	return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: ` + name + `, namespace: default}
spec:
  entrypoint: main
  arguments:
    parameters: [{name: msg, value: hello}]
  templates:
  - name: main
    inputs:
      parameters: [{name: msg, value: "{{workflow.parameters.msg}}"}]
    memoize:
      key: "say-{{inputs.parameters.msg}}"
      maxAge: "` + maxAge + `"
      cache:
        configMap: {name: memo-cache}
    container: {image: busybox, command: [date]}
`
}

func (h *harness) cacheEntry(key string) (memoEntry, *corev1.ConfigMap) {
	h.t.Helper()
	cm := &corev1.ConfigMap{}
	if err := h.c.Get(context.Background(), types.NamespacedName{Namespace: "default", Name: "memo-cache"}, cm); err != nil {
		h.t.Fatalf("cache ConfigMap: %v", err)
	}
	var e memoEntry
	if err := json.Unmarshal([]byte(cm.Data[key]), &e); err != nil {
		h.t.Fatalf("entry %q: %v (data %v)", key, err, cm.Data)
	}
	return e, cm
}

func TestMemoizeMissRunsAndSavesThenAHitSkipsThePod(t *testing.T) {
	a := newHarness(t, memoWorkflow("memo-a", "1h"))
	a.reconcile()
	n := a.node("memo-a")
	if a.pods()["memo-a"] == nil {
		t.Fatal("a cache miss must run the pod")
	}
	if ms := n.MemoizationStatus; ms == nil || ms.Hit || ms.Key != "say-hello" || ms.CacheName != "memo-cache" {
		t.Fatalf("miss memoizationStatus = %+v", ms)
	}
	a.finish("memo-a", 0, "Thu Jan  1 10:00:00 UTC 2026")
	a.reconcile()
	a.wantPhase(v1alpha1.WorkflowSucceeded)
	e, cm := a.cacheEntry("say-hello")
	if cm.Labels[LabelConfigMapType] != "Cache" {
		t.Fatalf("cache labels = %v", cm.Labels)
	}
	if e.NodeID != n.ID || e.Outputs == nil || e.Outputs.Result == nil || *e.Outputs.Result != "Thu Jan  1 10:00:00 UTC 2026" || !e.CreationTimestamp.Time.Equal(a.now) {
		t.Fatalf("entry = %+v", e)
	}

	a.now = a.now.Add(30 * time.Minute)
	b := another(a, memoWorkflow("memo-b", "1h"))
	b.reconcile()
	b.wantPhase(v1alpha1.WorkflowSucceeded)
	nb := b.node("memo-b")
	if ms := nb.MemoizationStatus; ms == nil || !ms.Hit || ms.Key != "say-hello" || ms.CacheName != "memo-cache" {
		t.Fatalf("hit memoizationStatus = %+v", ms)
	}
	if nb.Outputs == nil || nb.Outputs.Result == nil || *nb.Outputs.Result != "Thu Jan  1 10:00:00 UTC 2026" {
		t.Fatalf("hit outputs = %+v", nb.Outputs)
	}
	if b.pods()["memo-b"] != nil {
		t.Fatal("a cache hit ran a pod")
	}
	if e, _ := a.cacheEntry("say-hello"); !e.LastHitTimestamp.Time.Equal(a.now) || e.NodeID != n.ID {
		t.Fatalf("after the hit the entry is %+v, want lastHitTimestamp %v", e, a.now)
	}
}

func TestMemoizeIgnoresEntriesOlderThanMaxAge(t *testing.T) {
	h := newHarness(t, memoWorkflow("memo-old", "10m"))
	old := metav1.NewTime(h.now.Add(-time.Hour))
	val, _ := json.Marshal(memoEntry{NodeID: "x", Outputs: &v1alpha1.Outputs{Result: ptrTo("stale")}, CreationTimestamp: old, LastHitTimestamp: old})
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "memo-cache", Labels: map[string]string{LabelConfigMapType: "Cache"}},
		Data: map[string]string{"say-hello": string(val), "other": "{}"}}
	if err := h.c.Create(context.Background(), cm); err != nil {
		t.Fatal(err)
	}
	h.reconcile()
	if h.pods()["memo-old"] == nil {
		t.Fatal("an expired entry must not be a hit")
	}
	h.finish("memo-old", 0, "fresh")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
	e, cm := h.cacheEntry("say-hello")
	if *e.Outputs.Result != "fresh" || cm.Data["other"] != "{}" {
		t.Fatalf("entry %+v, data %v: want the fresh result and other keys kept", e, cm.Data)
	}
}

func TestMemoizeRefusesAConfigMapThatIsNotACache(t *testing.T) {
	h := newHarness(t, memoWorkflow("memo-bad", "1h"))
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "memo-cache"}, Data: map[string]string{"say-hello": "{}"}}
	if err := h.c.Create(context.Background(), cm); err != nil {
		t.Fatal(err)
	}
	h.reconcile()
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowError)
	if n := h.node("memo-bad"); n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, "not labelled workflows.argoproj.io/configmap-type=Cache") {
		t.Fatalf("node = %s %q (workflow %q)", n.Phase, n.Message, wf.Status.Message)
	}
	if len(h.pods()) != 0 {
		t.Fatal("ran a pod with an unusable cache")
	}
}

func TestMemoizeRejectsAKeyUpstreamRejects(t *testing.T) {
	h := newHarness(t, strings.Replace(memoWorkflow("memo-key", "1h"), `"say-{{inputs.parameters.msg}}"`, `"say {{inputs.parameters.msg}}"`, 1))
	h.reconcile()
	if n := h.node("memo-key"); n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, `invalid cache key "say hello"`) {
		t.Fatalf("node = %s %q", n.Phase, n.Message)
	}
}
