package v1alpha1

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

func TestCompressedNodesRoundTrip(t *testing.T) {
	st := WorkflowStatus{Nodes: Nodes{}}
	for i := 0; i < 100; i++ {
		id := fmt.Sprintf("wf-%d", i)
		st.Nodes[id] = NodeStatus{ID: id, Name: fmt.Sprintf("wf.t%d", i), Type: NodeTypePod, Phase: NodeSucceeded}
	}
	js, err := st.NodesJSON()
	if err != nil {
		t.Fatal(err)
	}
	packed := st
	if err := packed.CompressNodes(js); err != nil {
		t.Fatal(err)
	}
	if packed.Nodes != nil || packed.CompressedNodes == "" || len(packed.CompressedNodes) >= len(js) {
		t.Fatalf("compressed %d bytes of %d, nodes %d", len(packed.CompressedNodes), len(js), len(packed.Nodes))
	}
	got, err := packed.DecodeNodes()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 100 || got["wf-42"].Name != "wf.t42" || got["wf-42"].Phase != NodeSucceeded {
		t.Errorf("decoded %d nodes, wf-42 = %+v", len(got), got["wf-42"])
	}
	if err := packed.InflateNodes(); err != nil || packed.CompressedNodes != "" || len(packed.Nodes) != 100 {
		t.Errorf("inflate: %v, %d nodes, compressed %q", err, len(packed.Nodes), packed.CompressedNodes)
	}
	plain := WorkflowStatus{Nodes: Nodes{"a": {ID: "a"}}}
	if n, err := plain.DecodeNodes(); err != nil || len(n) != 1 {
		t.Errorf("uncompressed: %v %v", n, err)
	}
}

func TestDecodeNodesErrors(t *testing.T) {
	for in, want := range map[string]string{
		"%%%":      "not base64",
		"aGVsbG8=": "not gzip", // "hello"
	} {
		st := WorkflowStatus{CompressedNodes: in}
		if _, err := st.DecodeNodes(); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "status.compressedNodes") {
			t.Errorf("%q: got %v, want %q", in, err, want)
		}
	}
	st := WorkflowStatus{}
	if err := st.CompressNodes([]byte(`{"a":{"id":"a","name":"a"}}`)); err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(st.CompressedNodes)
	cut := WorkflowStatus{CompressedNodes: base64.StdEncoding.EncodeToString(raw[:len(raw)-6])} // no checksum
	if _, err := cut.DecodeNodes(); err == nil || !strings.Contains(err.Error(), "corrupt gzip data") {
		t.Errorf("truncated: got %v", err)
	}
	if err := st.CompressNodes([]byte(`[1]`)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DecodeNodes(); err == nil || !strings.Contains(err.Error(), "not a node map") {
		t.Errorf("got %v", err)
	}
	both := WorkflowStatus{Nodes: Nodes{"a": {}}, CompressedNodes: st.CompressedNodes}
	if _, err := both.DecodeNodes(); err == nil {
		t.Errorf("nodes and compressedNodes together: no error")
	}
}
