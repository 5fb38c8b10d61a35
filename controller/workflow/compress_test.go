package workflow

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// fanOut is a DAG of n independent tasks.
func fanOut(n int) string {
	var b strings.Builder
	b.WriteString("metadata: {name: wf}\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n    dag:\n      tasks:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "      - {name: t%d, template: c}\n", i)
	}
	b.WriteString("  - name: c\n    container: {image: a, command: [x]}\n")
	return b.String()
}

func decoded(t *testing.T, wf *v1alpha1.Workflow) v1alpha1.Nodes {
	t.Helper()
	nodes, err := wf.Status.DecodeNodes()
	if err != nil {
		t.Fatal(err)
	}
	return nodes
}

func TestLargeNodeStatusIsCompressed(t *testing.T) {
	h := newHarness(t, fanOut(30))
	h.r.CompressNodesAbove = 2048
	h.reconcile()
	wf := h.wf()
	if len(wf.Status.Nodes) != 0 || wf.Status.CompressedNodes == "" {
		t.Fatalf("nodes %d, compressedNodes %d bytes: want compressed", len(wf.Status.Nodes), len(wf.Status.CompressedNodes))
	}
	if n := decoded(t, wf); len(n) != 31 {
		t.Fatalf("%d nodes decoded, want 31", len(n))
	}
	for i := 0; i < 30; i++ {
		h.finish(fmt.Sprintf("wf.t%d", i), 0, "ok")
	}
	h.reconcile() // reads the compressed nodes back, finds every pod done
	wf = h.wantPhase(v1alpha1.WorkflowSucceeded)
	nodes := decoded(t, wf)
	if n := nodes[v1alpha1.WorkflowNodeID("wf", "wf.t7")]; n.Phase != v1alpha1.NodeSucceeded || *n.Outputs.Result != "ok" {
		t.Errorf("t7 %+v", n)
	}
	if wf.Status.Progress != "30/30" {
		t.Errorf("progress %q", wf.Status.Progress)
	}
	rv := wf.ResourceVersion
	h.reconcile() // a completed workflow read back compressed is left alone
	if h.wf().ResourceVersion != rv {
		t.Errorf("completed workflow rewritten")
	}
}

func TestSmallNodeStatusStaysPlain(t *testing.T) {
	h := newHarness(t, fanOut(3))
	h.reconcile()
	if wf := h.wf(); len(wf.Status.Nodes) != 4 || wf.Status.CompressedNodes != "" {
		t.Fatalf("nodes %d, compressedNodes %q", len(wf.Status.Nodes), wf.Status.CompressedNodes)
	}
}

func TestUndecodableCompressedNodesFailTheWorkflow(t *testing.T) {
	h := newHarness(t, fanOut(2))
	wf := h.wf()
	wf.Status.Phase, wf.Status.CompressedNodes = v1alpha1.WorkflowRunning, "bm90IGd6aXA="
	if err := h.c.Status().Update(t.Context(), wf); err != nil {
		t.Fatal(err)
	}
	h.reconcile()
	wf = h.wantPhase(v1alpha1.WorkflowError)
	if !strings.Contains(wf.Status.Message, "status.compressedNodes: not gzip") {
		t.Errorf("message %q", wf.Status.Message)
	}
	if len(h.pods()) != 0 {
		t.Errorf("pods created from unreadable node status")
	}
}

func TestTooLargeNodeStatusFailsTheWorkflow(t *testing.T) {
	h := newHarness(t, fanOut(1))
	wf := h.wf()
	wf.Status.Phase, wf.Status.Nodes = v1alpha1.WorkflowRunning, v1alpha1.Nodes{}
	junk := make([]byte, 1<<10)
	for i := 0; i < 2600; i++ { // 2.6 MiB of hex digits: about 1.3 MiB gzipped
		_, _ = rand.Read(junk)
		id := fmt.Sprintf("wf-junk-%d", i)
		wf.Status.Nodes[id] = v1alpha1.NodeStatus{ID: id, Name: id, Type: v1alpha1.NodeTypeSkipped, Phase: v1alpha1.NodeSkipped, Message: hex.EncodeToString(junk)[:1024]}
	}
	if err := h.c.Status().Update(t.Context(), wf); err != nil {
		t.Fatal(err)
	}
	h.reconcile()
	wf = h.wantPhase(v1alpha1.WorkflowError)
	if !strings.Contains(wf.Status.Message, "workflow is too large to store") || !strings.Contains(wf.Status.Message, "not supported by Skiff") {
		t.Errorf("message %q", wf.Status.Message)
	}
	if len(wf.Status.Nodes) != 0 || wf.Status.CompressedNodes != "" {
		t.Errorf("node status kept: %d nodes, %d compressed bytes", len(wf.Status.Nodes), len(wf.Status.CompressedNodes))
	}
}
