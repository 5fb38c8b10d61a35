package v1alpha1

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
)

// status.compressedNodes holds the node map as upstream Argo stores it when a workflow grows
// too large for etcd: the JSON of the map, gzip-compressed, then standard base64. Readers
// (the controller, kubectl wf) call DecodeNodes or InflateNodes instead of reading Nodes.

// DecodeNodes returns the workflow's nodes, from status.nodes or, when the controller stored
// them compressed, from status.compressedNodes.
func (s *WorkflowStatus) DecodeNodes() (Nodes, error) {
	if s.CompressedNodes == "" {
		return s.Nodes, nil
	}
	if len(s.Nodes) > 0 {
		return nil, fmt.Errorf("status has both nodes and compressedNodes")
	}
	raw, err := base64.StdEncoding.DecodeString(s.CompressedNodes)
	if err != nil {
		return nil, fmt.Errorf("status.compressedNodes: not base64: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("status.compressedNodes: not gzip: %w", err)
	}
	js, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("status.compressedNodes: corrupt gzip data: %w", err)
	}
	var nodes Nodes
	if err := json.Unmarshal(js, &nodes); err != nil {
		return nil, fmt.Errorf("status.compressedNodes: not a node map: %w", err)
	}
	return nodes, nil
}

// InflateNodes moves compressed nodes into status.nodes (and empties compressedNodes), so
// code that reads Nodes sees them. It changes nothing when the nodes are not compressed.
func (s *WorkflowStatus) InflateNodes() error {
	if s.CompressedNodes == "" {
		return nil
	}
	nodes, err := s.DecodeNodes()
	if err != nil {
		return err
	}
	s.Nodes, s.CompressedNodes = nodes, ""
	return nil
}

// NodesJSON is the JSON encoding of status.nodes, whose size decides whether to compress.
func (s *WorkflowStatus) NodesJSON() ([]byte, error) {
	return json.Marshal(s.Nodes)
}

// CompressNodes stores js (the JSON of status.nodes, from NodesJSON) in compressedNodes and
// empties nodes.
func (s *WorkflowStatus) CompressNodes(js []byte) error {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(js); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	s.CompressedNodes, s.Nodes = base64.StdEncoding.EncodeToString(buf.Bytes()), nil
	return nil
}
