package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// DefaultCompressNodesAbove is the size of status.nodes' JSON above which the controller
// stores the nodes gzip-compressed and base64-encoded in status.compressedNodes, as upstream
// does. Upstream compresses only once the whole object nears etcd's limit (1 MiB); Skiff
// compresses at 256 KiB because every copy of the object (etcd, the API server's watch
// cache, each informer, each watch event) pays for it: ~500 pod nodes fit below it, and a
// 2,000-node DAG's ~1 MiB of node JSON shrinks to well under 100 KiB.
const DefaultCompressNodesAbove = 256 << 10

// maxCompressedNodes bounds status.compressedNodes: with the spec and the rest of the status
// the object must stay under etcd's 1.5 MiB request limit. Skiff has no database to offload
// node status to, so a workflow whose compressed nodes exceed it fails with a clear message.
const maxCompressedNodes = 1 << 20

// packNodes compresses wf's nodes when their JSON is larger than the threshold, just before
// the status is written.
func (r *Reconciler) packNodes(st *v1alpha1.WorkflowStatus) error {
	if len(st.Nodes) == 0 {
		return nil
	}
	above := r.CompressNodesAbove
	if above <= 0 {
		above = DefaultCompressNodesAbove
	}
	js, err := st.NodesJSON()
	if err != nil {
		return fmt.Errorf("encoding status.nodes: %w", err)
	}
	if len(js) <= above {
		return nil
	}
	n := len(st.Nodes)
	if err := st.CompressNodes(js); err != nil {
		return fmt.Errorf("compressing status.nodes: %w", err)
	}
	if len(st.CompressedNodes) > maxCompressedNodes {
		return fmt.Errorf("workflow is too large to store: its %d nodes are %d bytes compressed, over the limit of %d bytes for status.compressedNodes (offloading node status to a database is not supported by Skiff)",
			n, len(st.CompressedNodes), maxCompressedNodes)
	}
	return nil
}

// failStatus ends a workflow whose node status cannot be read or stored: it moves to Error
// with the reason, through the same path (conditions, Event, log) as any other end.
func (r *Reconciler) failStatus(ctx context.Context, wf *v1alpha1.Workflow, msg string) {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	o := &operation{ctx: ctx, r: r, wf: wf, now: now().UTC().Truncate(time.Second)}
	o.finishWorkflow(v1alpha1.WorkflowError, msg)
}
