package workflow

import (
	"fmt"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// executeSteps runs a steps template: groups one after another, the steps of a group in
// parallel. Node names are upstream's: "<node>[i]" per group, "<node>[i].<step>" per step,
// "<node>[i].<step>(j:item)" per loop item.
func (o *operation) executeSteps(nodeName string, tmpl *v1alpha1.Template, sc scope, boundaryID string) (v1alpha1.NodeStatus, bool) {
	node, ok := o.get(nodeName)
	if !ok {
		if o.stopping || o.suspended {
			return node, false
		}
		node = o.initNode(nodeName, v1alpha1.NodeTypeSteps, tmpl.Name, boundaryID, v1alpha1.NodeRunning, "")
	}
	if node.Phase.Fulfilled() {
		return node, true
	}
	defer o.pushLimit(tmpl, node.ID)()
	var prev []string
	for i, group := range tmpl.Steps {
		gname := stepGroupName(nodeName, i)
		if _, ok := o.get(gname); !ok {
			if o.stopping || o.suspended {
				break
			}
			o.initNode(gname, v1alpha1.NodeTypeStepGroup, tmpl.Name, node.ID, v1alpha1.NodeRunning, "")
			if i == 0 {
				o.addChild(nodeName, gname)
			}
			for _, p := range prev {
				o.addChild(o.outbound(p), gname)
			}
		}
		done, failMsg, outs, members := o.executeStepGroup(gname, group, sc, node.ID)
		if !done {
			if o.stopping {
				// Nothing more will start: the group ends with what ran.
				g, _ := o.get(gname)
				o.setPhase(g, v1alpha1.NodeFailed, o.stoppedMessage())
				node, _ = o.get(nodeName)
				return o.setPhase(node, v1alpha1.NodeFailed, o.stoppedMessage()), true
			}
			node, _ = o.get(nodeName)
			return node, true
		}
		g, _ := o.get(gname)
		if failMsg != "" {
			o.setPhase(g, v1alpha1.NodeFailed, failMsg)
			node, _ = o.get(nodeName)
			return o.setPhase(node, v1alpha1.NodeFailed, failMsg), true
		}
		if !g.Phase.Fulfilled() {
			o.setPhase(g, v1alpha1.NodeSucceeded, "")
		}
		sc = sc.with(outs)
		prev = members
	}
	node, _ = o.get(nodeName)
	if len(prev) < len(tmpl.Steps) && (o.stopping || o.suspended) && !o.allGroupsDone(nodeName, len(tmpl.Steps)) {
		if o.stopping {
			return o.setPhase(node, v1alpha1.NodeFailed, o.stoppedMessage()), true
		}
		return node, true
	}
	outs, err := templateOutputs(tmpl, sc)
	if err != nil {
		return o.setPhase(node, v1alpha1.NodeError, err.Error()), true
	}
	node.Outputs = outs
	return o.setPhase(node, v1alpha1.NodeSucceeded, ""), true
}

func (o *operation) allGroupsDone(nodeName string, n int) bool {
	for i := range n {
		g, ok := o.get(stepGroupName(nodeName, i))
		if !ok || !g.Phase.Fulfilled() {
			return false
		}
	}
	return true
}

// executeStepGroup advances every step of one group. It reports whether all finished, why
// the group failed (if it did), the scope the group adds for later groups, and the nodes
// the next group hangs from.
func (o *operation) executeStepGroup(gname string, group v1alpha1.ParallelSteps, sc scope, boundaryID string) (bool, string, map[string]string, []string) {
	allDone := true
	failMsg := ""
	outs := map[string]string{}
	var members []string
	for si := range group {
		step := &group[si]
		base := stepName(gname, step.Name)
		items, err := loopItems(&step.TemplateInvocation, sc)
		if err != nil {
			n, ok := o.get(base)
			if !ok {
				n = o.initNode(base, v1alpha1.NodeTypeSkipped, step.Template, boundaryID, v1alpha1.NodeError, err.Error())
				o.addChild(gname, base)
			}
			members = append(members, base)
			if failedPhase(n.Phase, step.ContinueOn) && failMsg == "" {
				failMsg = fmt.Sprintf("child '%s' errored", n.ID)
			}
			continue
		}
		if items == nil {
			n, ok := o.invokeOne(base, &step.TemplateInvocation, sc, boundaryID)
			if !ok {
				allDone = false
				continue
			}
			o.addChild(gname, base)
			members = append(members, base)
			if !n.Phase.Fulfilled() {
				allDone = false
				continue
			}
			if failedPhase(n.Phase, step.ContinueOn) && failMsg == "" {
				failMsg = fmt.Sprintf("child '%s' %s", n.ID, phaseVerb(n.Phase))
			}
			for k, v := range nodeScope("steps."+step.Name, n) {
				outs[k] = v
			}
			continue
		}
		children := make([]v1alpha1.NodeStatus, len(items))
		started := make([]bool, len(items))
		for i, it := range items {
			name := loopChildName(base, i, it)
			children[i], started[i] = o.invokeOne(name, &step.TemplateInvocation, sc.with(itemScope(it)), boundaryID)
			if started[i] {
				o.addChild(gname, name)
				members = append(members, name)
			}
		}
		done, failed := childrenPhase(children, started, step.ContinueOn)
		if !done {
			allDone = false
			continue
		}
		if failed != nil && failMsg == "" {
			failMsg = fmt.Sprintf("child '%s' %s", failed.ID, phaseVerb(failed.Phase))
		}
		for k, v := range aggregateScope("steps."+step.Name, children) {
			outs[k] = v
		}
	}
	return allDone, failMsg, outs, members
}

func phaseVerb(p v1alpha1.NodePhase) string {
	if p == v1alpha1.NodeError {
		return "errored"
	}
	return "failed"
}

// outbound is the node a following step group hangs from: the node itself, or for a Retry
// node its last attempt, as upstream links them.
func (o *operation) outbound(name string) string {
	n, ok := o.get(name)
	if !ok || n.Type != v1alpha1.NodeTypeRetry || len(n.Children) == 0 {
		return name
	}
	last, ok := o.wf.Status.Nodes[n.Children[len(n.Children)-1]]
	if !ok {
		return name
	}
	return last.Name
}
