package workflow

import (
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// nodeTypeOf is the type of the node a template makes, for a node created before its body
// runs (waiting for a lock, or taken from the memoization cache).
func nodeTypeOf(tmpl *v1alpha1.Template) v1alpha1.NodeType {
	switch {
	case tmpl.RetryStrategy != nil:
		return v1alpha1.NodeTypeRetry
	case len(tmpl.Steps) > 0:
		return v1alpha1.NodeTypeSteps
	case tmpl.DAG != nil:
		return v1alpha1.NodeTypeDAG
	case tmpl.Suspend != nil:
		return v1alpha1.NodeTypeSuspend
	}
	return v1alpha1.NodeTypePod
}

// acquireNodeLocks takes a template's synchronization for node nodeName before its body
// runs. wait is true when the body must not run now; then n and started are what
// executeTemplate returns. Holder key: "<namespace>/<workflow>/<nodeID>", as upstream.
func (o *operation) acquireNodeLocks(nodeName string, tmpl *v1alpha1.Template, boundaryID string) (n v1alpha1.NodeStatus, started, wait bool) {
	n, exists := o.get(nodeName)
	waiting := exists && n.SynchronizationStatus != nil && n.SynchronizationStatus.Waiting != ""
	if exists && !waiting {
		if m, err := o.r.lockManager(o.ctx); err == nil {
			// Running already: whatever its locks say now, it keeps them.
			if reqs, err := o.lockRequests("synchronization", tmpl.Synchronization); err == nil {
				m.hold(wfKey(o.wf)+"/"+n.ID, keysOf(reqs)...)
				o.renderSyncStatus(m)
			}
		}
		return n, true, false
	}
	if !exists && (o.stopping || o.suspended || (nodeTypeOf(tmpl) == v1alpha1.NodeTypePod && o.atParallelism())) {
		return n, false, true
	}
	if waiting && o.suspended && !o.stopping { // a suspended workflow starts nothing, even on a free lock
		return n, true, true
	}
	id := v1alpha1.WorkflowNodeID(o.wf.Name, nodeName)
	holder := wfKey(o.wf) + "/" + id
	fail := func(phase v1alpha1.NodePhase, msg string) (v1alpha1.NodeStatus, bool, bool) {
		if !exists {
			n = o.initNode(nodeName, nodeTypeOf(tmpl), tmpl.Name, boundaryID, phase, msg)
		}
		n.SynchronizationStatus = nil
		return o.setPhase(n, phase, msg), true, true
	}
	m, err := o.r.lockManager(o.ctx)
	if err != nil {
		o.requeueAfter(requeueOnError)
		return n, exists, true
	}
	if o.stopping {
		m.release(holder, false)
		o.renderSyncStatus(m)
		return fail(v1alpha1.NodeFailed, o.stoppedMessage())
	}
	reqs, err := o.lockRequests("synchronization", tmpl.Synchronization)
	if err != nil {
		m.release(holder, false)
		o.renderSyncStatus(m)
		return fail(v1alpha1.NodeError, "template "+tmpl.Name+": "+err.Error())
	}
	ok, b := m.tryAcquire(holder, priorityOf(o.wf), o.wf.CreationTimestamp.Time, reqs)
	o.renderSyncStatus(m)
	if ok {
		if waiting { // it starts now: as its body would have created it
			n.SynchronizationStatus = nil
			phase := v1alpha1.NodeRunning
			if n.Type == v1alpha1.NodeTypePod {
				phase = v1alpha1.NodePending
			}
			n = o.setPhase(n, phase, "")
		}
		return n, true, false
	}
	msg := waitingMessage(b)
	if !exists {
		n = o.initNode(nodeName, nodeTypeOf(tmpl), tmpl.Name, boundaryID, v1alpha1.NodePending, msg)
		if n.Type == v1alpha1.NodeTypePod {
			o.activePods++
			if len(tmpl.Inputs.Parameters) > 0 {
				n.Inputs = tmpl.Inputs.DeepCopy()
			}
		}
	}
	n.SynchronizationStatus = &v1alpha1.NodeSynchronizationStatus{Waiting: b.key}
	n.Message = msg
	o.put(n)
	return n, true, true
}

// afterTemplate runs once a template's body has been walked: a finished node gives back
// its locks, and a memoized one that succeeded is written to its cache.
func (o *operation) afterTemplate(tmpl *v1alpha1.Template, n v1alpha1.NodeStatus, started bool) (v1alpha1.NodeStatus, bool) {
	if !started {
		return n, started
	}
	if tmpl.Memoize != nil {
		n = o.memoAfter(tmpl, n)
	}
	if tmpl.Synchronization != nil && n.Phase.Fulfilled() {
		if m, err := o.r.lockManager(o.ctx); err == nil {
			m.release(wfKey(o.wf)+"/"+n.ID, false)
			o.renderSyncStatus(m)
		}
	}
	return n, started
}

func keysOf(reqs []lockRequest) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.key
	}
	return out
}
