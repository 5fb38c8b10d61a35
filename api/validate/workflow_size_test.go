package validate

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/test/corpus"
)

// sizeTestDAG is a DAG of n tasks in layers of 100, each passing its name to one echo
// template (the shape of the scale tests' workflows).
func sizeTestDAG(name string, n int) *v1alpha1.Workflow {
	dag := &v1alpha1.DAGTemplate{}
	for i := range n {
		task := v1alpha1.DAGTask{Name: fmt.Sprintf("t%d", i)}
		task.Template = "echo"
		task.Arguments.Parameters = []v1alpha1.Parameter{{Name: "msg", Value: v1alpha1.AnyStringPtr(task.Name)}}
		if i >= 100 {
			task.Depends = fmt.Sprintf("t%d", i-100)
		}
		dag.Tasks = append(dag.Tasks, task)
	}
	echo := v1alpha1.Template{Name: "echo", Inputs: v1alpha1.Inputs{Parameters: []v1alpha1.Parameter{{Name: "msg"}}}}
	echo.Container = &v1alpha1.ContainerTemplate{}
	echo.Container.Image = "busybox"
	echo.Container.Command = []string{"echo", "{{inputs.parameters.msg}}"}
	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default"}}
	wf.Spec.Entrypoint = "main"
	wf.Spec.Templates = []v1alpha1.Template{{Name: "main", DAG: dag}, echo}
	return wf
}

func TestWorkflowSize30000TasksDenied(t *testing.T) {
	wf := sizeTestDAG("huge", 30000)
	start := time.Now()
	sizeErrs := workflowSize(wf)
	took := time.Since(start)
	start = time.Now()
	res := Workflow(context.Background(), wf, Options{})
	var msgs []string
	for _, e := range res.Errors {
		msgs = append(msgs, e.Error())
	}
	t.Logf("size check of 30,000 tasks: %s (all of validate.Workflow: %s), %d errors:\n%s", took, time.Since(start), len(msgs), strings.Join(msgs, "\n"))
	if len(sizeErrs) != 1 {
		t.Errorf("size check: %v", sizeErrs)
	}
	want := `spec.templates[0].dag.tasks: Too many: 30000: the workflow would need about `
	var found string
	for _, m := range msgs {
		if strings.HasPrefix(m, want) {
			found = m
		}
	}
	if found == "" || !strings.Contains(found, "more than the 1.5 MiB an object may have in etcd") || !strings.Contains(found, "(spec ") {
		t.Errorf("no size error with the size and the limit; got %q", msgs)
	}
	if took > time.Second {
		t.Errorf("the size check took %s, want < 1s", took)
	}
}

func TestWorkflowSize2000TasksAdmitted(t *testing.T) {
	res := Workflow(context.Background(), sizeTestDAG("big", 2000), Options{})
	if len(res.Errors) != 0 {
		t.Errorf("a 2,000-task DAG is denied: %v", res.Errors)
	}
}

// Loops count when their items are written out; withParam's are known only at run time.
func TestWorkflowSizeLoops(t *testing.T) {
	wf := sizeTestDAG("loop", 1)
	wf.Spec.Templates[0].DAG.Tasks[0].WithSequence = &v1alpha1.Sequence{Count: ptrIntOrString(intstr.FromString("100000"))}
	errs := workflowSize(wf)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "100002 nodes would need about 2.4 MiB in status.compressedNodes, more than the 1.0 MiB the controller stores") {
		t.Errorf("withSequence of 100,000: %v", errs)
	}
	items := make([]v1alpha1.Item, 50000)
	for i := range items {
		items[i] = v1alpha1.Item{Raw: json.RawMessage(fmt.Sprint(i))}
	}
	wf.Spec.Templates[0].DAG.Tasks[0].WithSequence = nil
	wf.Spec.Templates[0].DAG.Tasks[0].WithItems = items
	if errs := workflowSize(wf); len(errs) != 1 {
		t.Errorf("withItems of 50,000: %v", errs)
	}
	wf.Spec.Templates[0].DAG.Tasks[0].WithItems = nil
	wf.Spec.Templates[0].DAG.Tasks[0].WithParam = "{{workflow.parameters.list}}"
	if errs := workflowSize(wf); len(errs) != 0 {
		t.Errorf("withParam: %v", errs)
	}
}

func ptrIntOrString(v intstr.IntOrString) *intstr.IntOrString { return &v }

// Every Workflow of the upstream corpus fits.
func TestWorkflowSizeCorpus(t *testing.T) {
	c, err := corpus.Open()
	if err != nil {
		t.Fatalf("corpus: %v", err)
	}
	n := 0
	for _, d := range c.ValidDocs() {
		if d.GVK.Kind != "Workflow" {
			continue
		}
		var wf v1alpha1.Workflow
		if err := json.Unmarshal(d.JSON, &wf); err != nil {
			continue // other tests report what does not decode
		}
		n++
		if errs := workflowSize(&wf); len(errs) != 0 {
			t.Errorf("%s: %v", d.ID(), errs)
		}
	}
	t.Logf("%d corpus Workflows checked", n)
	if n < 100 {
		t.Errorf("only %d corpus Workflows", n)
	}
}

// TestWorkflowNodeSizesAreLowerBounds measures the node entries the controller writes for
// a DAG of short-named tasks (the smallest realistic names) and checks the estimate's
// per-node sizes are not above them, so the size check never refuses a workflow that fits.
func TestWorkflowNodeSizesAreLowerBounds(t *testing.T) {
	const tasks = 2000
	for _, finished := range []bool{false, true} {
		st := v1alpha1.WorkflowStatus{Nodes: v1alpha1.Nodes{}}
		now := metav1.NewTime(time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC))
		root := v1alpha1.NodeStatus{ID: "w", Name: "w", DisplayName: "w", Type: v1alpha1.NodeTypeDAG, TemplateName: "main", Phase: v1alpha1.NodeRunning, StartedAt: &now}
		for i := range tasks {
			name := fmt.Sprintf("w.t%d", i)
			n := v1alpha1.NodeStatus{ID: v1alpha1.WorkflowNodeID("w", name), Name: name, DisplayName: fmt.Sprintf("t%d", i),
				Type: v1alpha1.NodeTypePod, TemplateName: "echo", BoundaryID: "w", Phase: v1alpha1.NodePending, StartedAt: &now}
			if finished {
				result, code := fmt.Sprintf("t%d", i), "0"
				n.Phase, n.FinishedAt, n.HostNodeName, n.Progress = v1alpha1.NodeSucceeded, &now, "node-1", "1/1"
				n.Outputs = &v1alpha1.Outputs{Result: &result, ExitCode: &code}
				n.ResourcesDuration = v1alpha1.ResourcesDuration{"cpu": 1, "memory": 1}
			}
			st.Nodes[n.ID] = n
			root.Children = append(root.Children, n.ID)
		}
		st.Nodes[root.ID] = root
		js, err := st.NodesJSON()
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CompressNodes(js); err != nil {
			t.Fatal(err)
		}
		perJSON, perCompressed := float64(len(js))/tasks, float64(len(st.CompressedNodes))/tasks
		t.Logf("finished=%v: %d nodes, %.0f bytes of JSON and %.1f bytes compressed (gzip+base64) per node", finished, tasks+1, perJSON, perCompressed)
		if perJSON < nodeJSONBytes || perCompressed < nodeCompressedBytes {
			t.Errorf("measured %.0f / %.1f bytes per node, below the estimate's %d / %d", perJSON, perCompressed, nodeJSONBytes, nodeCompressedBytes)
		}
	}
}
