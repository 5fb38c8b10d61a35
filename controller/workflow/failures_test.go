package workflow

import (
	"encoding/json"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// TestFailuresJSON: {{workflow.failures}} is valid JSON for any message and lists the failed
// nodes in the order they finished, the same on every call (it used to be built with %q,
// whose escapes such as \a and \x00 are not JSON, in map order).
func TestFailuresJSON(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	at := func(s int) *metav1.Time { m := metav1.NewTime(t0.Add(time.Duration(s) * time.Second)); return &m }
	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "wf"}}
	wf.Status.Nodes = map[string]v1alpha1.NodeStatus{}
	add := func(name string, phase v1alpha1.NodePhase, msg string, finished *metav1.Time) {
		wf.Status.Nodes[v1alpha1.WorkflowNodeID("wf", name)] = v1alpha1.NodeStatus{
			ID: v1alpha1.WorkflowNodeID("wf", name), Name: name, DisplayName: name, Type: v1alpha1.NodeTypePod,
			TemplateName: "t", Phase: phase, Message: msg, FinishedAt: finished}
	}
	tricky := "bell\a nul\x00 tab\t \"quoted\" back\\slash émoji 🚀 \u2028 </script>"
	add("wf[0].late", v1alpha1.NodeFailed, "late", at(30))
	add("wf[0].tricky", v1alpha1.NodeError, tricky, at(10))
	add("wf[0].b-same", v1alpha1.NodeFailed, "same time, b", at(20))
	add("wf[0].a-same", v1alpha1.NodeFailed, "same time, a", at(20))
	add("wf[0].ok", v1alpha1.NodeSucceeded, "", at(5))
	add("wf[0].running", v1alpha1.NodeRunning, "", nil)
	o := &operation{wf: wf}

	got := o.failuresJSON()
	if !json.Valid([]byte(got)) {
		t.Fatalf("not valid JSON: %s", got)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(got), &list); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range list {
		order = append(order, e["displayName"].(string))
		for _, k := range []string{"displayName", "message", "templateName", "phase", "podName", "finishedAt"} {
			if _, ok := e[k]; !ok {
				t.Errorf("entry %v has no %q", e["displayName"], k)
			}
		}
	}
	want := []string{"wf[0].tricky", "wf[0].a-same", "wf[0].b-same", "wf[0].late"}
	if len(order) != len(want) {
		t.Fatalf("entries %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v (by finishedAt, then name)", order, want)
		}
	}
	if list[0]["message"] != tricky || list[0]["phase"] != "Error" || list[0]["podName"] != v1alpha1.WorkflowPodName("wf", "wf[0].tricky", "t") {
		t.Errorf("first entry %v", list[0])
	}
	for i := 0; i < 20; i++ {
		if again := o.failuresJSON(); again != got {
			t.Fatalf("call %d differs:\n%s\n%s", i, again, got)
		}
	}
}
