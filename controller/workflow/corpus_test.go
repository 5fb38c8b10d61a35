package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/events"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/controller/manager"
	"github.com/skiff-dev/skiff/test/corpus"
)

// TestCorpusRunsWithoutPanics runs every upstream example Workflow of workflows/valid to
// the end, playing a kubelet whose pods all succeed and a clock that jumps a minute per
// round: the reconciler must never panic or return an error, and must finish each one.
func TestCorpusRunsWithoutPanics(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole corpus")
	}
	root, err := corpus.Root()
	if err != nil {
		t.Skipf("no corpus: %v", err)
	}
	docs, err := corpus.ReadFolder(root, "workflows/valid")
	if err != nil {
		t.Skipf("no corpus: %v", err)
	}
	scheme, err := manager.NewScheme()
	if err != nil {
		t.Fatal(err)
	}
	phases := map[string][]string{}
	for _, d := range docs {
		if !d.Usable() || d.GVK.Kind != "Workflow" {
			continue
		}
		wf := &v1alpha1.Workflow{}
		if err := json.Unmarshal(d.JSON, wf); err != nil {
			continue
		}
		if wf.Name == "" {
			wf.Name = wf.GenerateName + "x"
		}
		wf.Namespace, wf.UID = "default", "uid"
		c := fake.NewClientBuilder().WithScheme(scheme).WithObjects(wf).WithStatusSubresource(&v1alpha1.Workflow{}, &corev1.Pod{}).Build()
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		r := &Reconciler{Client: c, Pods: c, Recorder: events.NewFakeRecorder(1000), ExecutorImage: "skiff:test", Now: func() time.Time { return now }}
		key := types.NamespacedName{Namespace: "default", Name: wf.Name}
		phase := "unfinished"
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: panic: %v", d.ID(), p)
				}
			}()
			for round := 0; round < 60; round++ {
				if _, err := r.Reconcile(context.Background(), reconcile.Request{NamespacedName: key}); err != nil {
					t.Errorf("%s: reconcile: %v", d.ID(), err)
					return
				}
				cur := &v1alpha1.Workflow{}
				if err := c.Get(context.Background(), key, cur); err != nil {
					t.Fatal(err)
				}
				if cur.Status.Phase.Completed() {
					phase = string(cur.Status.Phase)
					if cur.Status.Phase != v1alpha1.WorkflowSucceeded {
						phase += ": " + cur.Status.Message
						for _, n := range cur.Status.Nodes {
							if n.Phase == v1alpha1.NodeError && len(n.Children) == 0 {
								phase = string(cur.Status.Phase) + ": " + n.Message
								break
							}
						}
					}
					return
				}
				var pods corev1.PodList
				_ = c.List(context.Background(), &pods)
				for i := range pods.Items {
					p := &pods.Items[i]
					if p.Status.Phase != "" {
						continue
					}
					p.Status.Phase = corev1.PodSucceeded
					p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "main", State: corev1.ContainerState{
						Terminated: &corev1.ContainerStateTerminated{Message: `{"exitCode":0,"result":"1"}`}}}}
					_ = c.Status().Update(context.Background(), p)
				}
				now = now.Add(time.Minute)
				if round == 30 { // resume whatever waits to be resumed
					cur.Annotations = map[string]string{AnnotationResume: now.Format(time.RFC3339)}
					_ = c.Update(context.Background(), cur)
				}
			}
		}()
		phases[phase] = append(phases[phase], d.ID())
	}
	var keys []string
	for k := range phases {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Log(fmt.Sprintf("%3d %s", len(phases[k]), k), phases[k])
	}
}
