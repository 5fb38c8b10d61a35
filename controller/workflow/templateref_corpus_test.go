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
	"k8s.io/client-go/tools/events"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/controller/manager"
	"github.com/skiff-dev/skiff/test/corpus"
)

// TestCorpusTemplateRefs runs upstream's example Workflows that use templateRef or
// workflowTemplateRef with all the corpus's (Cluster)WorkflowTemplates installed, pods all
// succeeding: every reference must resolve (no "not found" message) and every run succeed.
func TestCorpusTemplateRefs(t *testing.T) {
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
	var templates []client.Object
	var wfs []*v1alpha1.Workflow
	var ids []string
	for _, d := range docs {
		if !d.Usable() {
			continue
		}
		switch d.GVK.Kind {
		case "WorkflowTemplate":
			wt := &v1alpha1.WorkflowTemplate{}
			if json.Unmarshal(d.JSON, wt) == nil {
				wt.Namespace = "default"
				templates = append(templates, wt)
			}
		case "ClusterWorkflowTemplate":
			cwt := &v1alpha1.ClusterWorkflowTemplate{}
			if json.Unmarshal(d.JSON, cwt) == nil {
				templates = append(templates, cwt)
			}
		case "Workflow":
			if !strings.Contains(string(d.JSON), `"templateRef"`) && !strings.Contains(string(d.JSON), `"workflowTemplateRef"`) {
				continue
			}
			wf := &v1alpha1.Workflow{}
			if json.Unmarshal(d.JSON, wf) == nil {
				wfs = append(wfs, wf)
				ids = append(ids, d.ID())
			}
		}
	}
	if len(wfs) == 0 {
		t.Skip("no referencing workflows in the corpus")
	}
	seen := map[string]bool{}
	var unique []client.Object
	for _, o := range templates {
		if k := o.GetObjectKind().GroupVersionKind().Kind + "/" + o.GetName(); !seen[k] && o.GetName() != "" {
			seen[k] = true
			unique = append(unique, o)
		}
	}
	ran := 0
	for i, wf := range wfs {
		if wf.Name == "" {
			wf.Name = wf.GenerateName + "x"
		}
		wf.Namespace, wf.UID = "default", "uid"
		objs := append([]client.Object{wf}, unique...)
		c := fake.NewClientBuilder().WithScheme(scheme).WithObjects(objs...).WithStatusSubresource(&v1alpha1.Workflow{}, &corev1.Pod{}).Build()
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		r := &Reconciler{Client: c, Pods: c, Recorder: events.NewFakeRecorder(1000), ExecutorImage: "skiff:test", Now: func() time.Time { return now }}
		key := types.NamespacedName{Namespace: "default", Name: wf.Name}
		cur := &v1alpha1.Workflow{}
		for round := 0; round < 40; round++ {
			if _, err := r.Reconcile(context.Background(), reconcile.Request{NamespacedName: key}); err != nil {
				t.Fatalf("%s: reconcile: %v", ids[i], err)
			}
			if err := c.Get(context.Background(), key, cur); err != nil {
				t.Fatal(err)
			}
			if cur.Status.Phase.Completed() {
				break
			}
			var pods corev1.PodList
			_ = c.List(context.Background(), &pods)
			for j := range pods.Items {
				p := &pods.Items[j]
				if p.Status.Phase == "" {
					setTerminated(p, stepcontract.Message{ExitCode: 0, Result: "1"}, metav1.NewTime(now)) // pod_status_test.go
					_ = c.Status().Update(context.Background(), p)
				}
			}
			now = now.Add(time.Minute)
		}
		msgs := []string{cur.Status.Message}
		for _, n := range cur.Status.Nodes {
			msgs = append(msgs, n.Message)
		}
		for _, m := range msgs {
			if strings.Contains(m, "not found") {
				t.Errorf("%s: a reference did not resolve: %s", ids[i], m)
			}
		}
		if wf.Spec.WorkflowTemplateRef != nil && cur.Status.StoredWorkflowSpec == nil {
			t.Errorf("%s: no storedWorkflowTemplateSpec (phase %s: %s)", ids[i], cur.Status.Phase, cur.Status.Message)
		}
		if cur.Status.Phase != v1alpha1.WorkflowSucceeded {
			t.Errorf("%s: %s (%s), want Succeeded with every pod succeeding", ids[i], cur.Status.Phase, cur.Status.Message)
		}
		ran++
	}
	t.Logf("%d referencing workflows run against %d templates", ran, len(unique))
}
