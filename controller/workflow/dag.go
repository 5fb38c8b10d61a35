package workflow

import (
	"fmt"

	"github.com/skiff-dev/skiff/api/limits"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// executeDAG runs a dag template: a task starts once its dependencies have finished and its
// depends expression holds (else it is Omitted). Task nodes are "<node>.<task>"; a looped
// task is a TaskGroup with children "<node>.<task>(i:item)".
func (o *operation) executeDAG(nodeName string, tmpl *v1alpha1.Template, sc scope, boundaryID string) (v1alpha1.NodeStatus, bool) {
	node, ok := o.get(nodeName)
	if !ok {
		if o.stopping || o.suspended {
			return node, false
		}
		node = o.initNode(nodeName, v1alpha1.NodeTypeDAG, tmpl.Name, boundaryID, v1alpha1.NodeRunning, "")
	}
	if node.Phase.Fulfilled() {
		return node, true
	}
	defer o.pushLimit(tmpl, node.ID)()
	tasks := tmpl.DAG.Tasks
	failFast := tmpl.DAG.FailFast == nil || *tmpl.DAG.FailFast
	results := map[string]taskResult{}
	visited := map[string]bool{}
	adds := map[string]string{}
	// A failure recorded by an earlier reconcile counts before the pass below reaches the
	// failed task, so failFast does not depend on the order of the tasks.
	failed := o.firstFailedTask(nodeName, tasks)
	inProgress := false
	for changed := true; changed; {
		changed = false
		for i := range tasks {
			t := &tasks[i]
			if visited[t.Name] {
				continue
			}
			deps := taskDeps(t)
			ready := true
			for _, d := range deps {
				if _, ok := results[d]; !ok {
					ready = false
				}
			}
			if !ready {
				continue
			}
			visited[t.Name], changed = true, true
			tn := taskName(nodeName, t.Name)
			if _, exists := o.get(tn); !exists {
				if o.stopping || o.suspended {
					continue
				}
				ok, err := evalDepends(dependsExpression(t), results)
				if err == nil && ok && failFast && failed != nil {
					continue // failFast: no task starts once a branch has failed
				}
				if err != nil || !ok {
					// Still recorded under failFast: the tree shows why the task did not run.
					phase, msg := v1alpha1.NodeOmitted, "omitted: depends condition not met"
					if err != nil {
						phase, msg = v1alpha1.NodeError, fmt.Sprintf("invalid depends %q: %v", limits.Abbrev(t.Depends), err)
					}
					o.initNode(tn, v1alpha1.NodeTypeSkipped, t.Template, node.ID, phase, msg)
				}
			}
			n, children, started := o.runTask(tn, t, sc.with(adds), node.ID)
			if !started {
				continue
			}
			if len(deps) == 0 {
				o.addChild(nodeName, tn)
			}
			for _, d := range deps {
				o.addChild(o.outbound(taskName(nodeName, d)), tn)
			}
			if !n.Phase.Fulfilled() {
				inProgress = true
				continue
			}
			r := taskResult{phase: n.Phase, daemoned: n.Daemoned != nil && *n.Daemoned,
				continued: (n.Phase == v1alpha1.NodeFailed || n.Phase == v1alpha1.NodeError) && !failedPhase(n.Phase, t.ContinueOn)}
			for _, c := range children {
				r.children = append(r.children, c.Phase)
			}
			results[t.Name] = r
			scopeAdd := nodeScope("tasks."+t.Name, n)
			if children != nil {
				for k, v := range aggregateScope("tasks."+t.Name, children) {
					scopeAdd[k] = v
				}
			}
			for k, v := range scopeAdd {
				adds[k] = v
			}
			if failed == nil && failedPhase(n.Phase, t.ContinueOn) && !handlesFailure(tasks, t.Name) {
				failed = &n
			}
		}
	}
	node, _ = o.get(nodeName)
	if inProgress {
		return node, true
	}
	if len(results) < len(tasks) && failed == nil {
		if o.stopping {
			return o.setPhase(node, v1alpha1.NodeFailed, o.stoppedMessage()), true
		}
		if !failFast || !o.anyTaskFailed(nodeName, tasks) {
			return node, true
		}
	}
	if failed != nil {
		// The DAG ends as its failed branch did (Failed or Error), as upstream's DAG phase
		// takes the branch phase; a Workflow whose DAG errored is in Error.
		return o.setPhase(node, failed.Phase, fmt.Sprintf("child '%s' %s", failed.ID, phaseVerb(failed.Phase))), true
	}
	if len(results) < len(tasks) {
		return node, true
	}
	outs, err := templateOutputs(tmpl, sc.with(adds))
	if err != nil {
		return o.setPhase(node, v1alpha1.NodeError, err.Error()), true
	}
	node.Outputs = outs
	return o.setPhase(node, v1alpha1.NodeSucceeded, ""), true
}

// firstFailedTask is the first task node that failed in a way no continueOn or depends
// handles, or nil.
func (o *operation) firstFailedTask(nodeName string, tasks []v1alpha1.DAGTask) *v1alpha1.NodeStatus {
	for i := range tasks {
		if n, ok := o.get(taskName(nodeName, tasks[i].Name)); ok && failedPhase(n.Phase, tasks[i].ContinueOn) && !handlesFailure(tasks, tasks[i].Name) {
			return &n
		}
	}
	return nil
}

func (o *operation) anyTaskFailed(nodeName string, tasks []v1alpha1.DAGTask) bool {
	for i := range tasks {
		if n, ok := o.get(taskName(nodeName, tasks[i].Name)); ok && failedPhase(n.Phase, tasks[i].ContinueOn) {
			return true
		}
	}
	return false
}

// runTask starts or advances one DAG task; a looped task runs its items under a TaskGroup
// node, returned with the item nodes.
func (o *operation) runTask(tn string, t *v1alpha1.DAGTask, sc scope, boundaryID string) (v1alpha1.NodeStatus, []v1alpha1.NodeStatus, bool) {
	if n, ok := o.get(tn); ok && n.Phase.Fulfilled() {
		var children []v1alpha1.NodeStatus
		if n.Type == v1alpha1.NodeTypeTaskGroup {
			for _, id := range n.Children {
				children = append(children, o.wf.Status.Nodes[id])
			}
		}
		return n, children, true
	}
	items, err := loopItems(&t.TemplateInvocation, sc)
	if err != nil {
		if n, ok := o.get(tn); ok {
			return o.setPhase(n, v1alpha1.NodeError, err.Error()), nil, true
		}
		return o.initNode(tn, v1alpha1.NodeTypeSkipped, t.Template, boundaryID, v1alpha1.NodeError, err.Error()), nil, true
	}
	if items == nil {
		n, ok := o.invokeOne(tn, &t.TemplateInvocation, sc, boundaryID)
		return n, nil, ok
	}
	group, ok := o.get(tn)
	if !ok {
		if o.stopping || o.suspended {
			return group, nil, false
		}
		if t.When != "" {
			if ok, err := sc.evalWhen(t.When); err != nil || !ok {
				n, _ := o.invokeOne(tn, &v1alpha1.TemplateInvocation{Template: t.Template, When: t.When}, sc, boundaryID)
				return n, nil, true
			}
		}
		o.initNode(tn, v1alpha1.NodeTypeTaskGroup, t.Template, boundaryID, v1alpha1.NodeRunning, "")
	}
	inv := t.TemplateInvocation
	inv.When = ""
	children := make([]v1alpha1.NodeStatus, len(items))
	started := make([]bool, len(items))
	for i, it := range items {
		name := loopChildName(tn, i, it)
		children[i], started[i] = o.invokeOne(name, &inv, sc.with(itemScope(it)), boundaryID)
		if started[i] {
			o.addChild(tn, name)
		}
	}
	group, _ = o.get(tn)
	done, failed := childrenPhase(children, started, t.ContinueOn)
	switch {
	case !done && o.stopping:
		group = o.setPhase(group, v1alpha1.NodeFailed, o.stoppedMessage())
	case !done:
	case failed != nil:
		group = o.setPhase(group, v1alpha1.NodeFailed, fmt.Sprintf("child '%s' %s", failed.ID, phaseVerb(failed.Phase)))
	default:
		group = o.setPhase(group, v1alpha1.NodeSucceeded, "")
	}
	return group, children, true
}
