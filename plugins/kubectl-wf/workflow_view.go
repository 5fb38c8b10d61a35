package main

import (
	"fmt"
	"sort"
	"strings"
	"time"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// status is the STATUS column: the phase, with why a running workflow is not progressing.
func status(wf *wfv1.Workflow) string {
	phase := string(wf.Status.Phase)
	if phase == "" {
		phase = string(wfv1.WorkflowPending)
	}
	if wf.Status.Phase.Completed() {
		return phase
	}
	switch {
	case wf.Spec.Shutdown != "":
		return phase + " (" + string(wf.Spec.Shutdown) + ")"
	case wf.Spec.Suspend != nil && *wf.Spec.Suspend:
		return phase + " (Suspended)"
	}
	return phase
}

// wfDuration is how long the workflow ran (so far, when it is still running).
func wfDuration(wf *wfv1.Workflow, now time.Time) string {
	if wf.Status.StartedAt == nil {
		return ""
	}
	end := now
	if wf.Status.FinishedAt != nil {
		end = wf.Status.FinishedAt.Time
	}
	return cli.Elapsed(end.Sub(wf.Status.StartedAt.Time))
}

func priority(wf *wfv1.Workflow) string {
	if wf.Spec.Priority == nil {
		return "0"
	}
	return fmt.Sprint(*wf.Spec.Priority)
}

// parameters renders spec.arguments.parameters as name=value pairs.
func parameters(wf *wfv1.Workflow) []string {
	var out []string
	for _, p := range wf.Spec.Arguments.Parameters {
		v := ""
		if p.Value != nil {
			v = string(*p.Value)
		}
		out = append(out, p.Name+"="+v)
	}
	return out
}

// marker is the phase symbol upstream's `argo get` draws.
func marker(phase wfv1.NodePhase) string {
	switch phase {
	case wfv1.NodeSucceeded:
		return "✔"
	case wfv1.NodeRunning:
		return "●"
	case wfv1.NodeFailed:
		return "✖"
	case wfv1.NodeError:
		return "⚠"
	case wfv1.NodeSkipped, wfv1.NodeOmitted:
		return "○"
	}
	return "◷"
}

// nodeTree builds the STEP tree from status.nodes: the root node (id = workflow name) and
// its descendants, then any other top-level node (onExit handlers). StepGroup and TaskGroup
// nodes have no line: their members are drawn as one parallel group, as upstream draws them.
func nodeTree(wf *wfv1.Workflow, now time.Time, wide bool) []*cli.TreeNode {
	nodes := wf.Status.Nodes
	if len(nodes) == 0 {
		return nil
	}
	isChild := map[string]bool{}
	for _, n := range nodes {
		for _, c := range n.Children {
			isChild[c] = true
		}
	}
	var tops []string
	for id := range nodes {
		if !isChild[id] {
			tops = append(tops, id)
		}
	}
	sort.Slice(tops, func(i, j int) bool {
		if (tops[i] == wf.Name) != (tops[j] == wf.Name) {
			return tops[i] == wf.Name
		}
		return nodeStart(nodes[tops[i]]).Before(nodeStart(nodes[tops[j]])) || tops[i] < tops[j] && nodeStart(nodes[tops[i]]).Equal(nodeStart(nodes[tops[j]]))
	})
	seen := map[string]bool{}
	// build returns the node and, after it, the nodes drawn as its siblings: a child in the
	// same boundary (the next step group, a dependent DAG task) belongs beside its parent.
	var build func(id string) []*cli.TreeNode
	build = func(id string) []*cli.TreeNode {
		n, ok := nodes[id]
		if !ok || seen[id] {
			return nil
		}
		seen[id] = true
		group := n.Type == wfv1.NodeTypeStepGroup || n.Type == wfv1.NodeTypeTaskGroup
		var kids, lifted []*cli.TreeNode
		for _, cid := range n.Children {
			c := nodes[cid]
			sibling := !group && n.Type != wfv1.NodeTypeSteps && n.Type != wfv1.NodeTypeDAG && n.Type != wfv1.NodeTypeRetry &&
				(c.Type == wfv1.NodeTypeStepGroup || c.BoundaryID != "" && c.BoundaryID == n.BoundaryID)
			built := build(cid)
			switch {
			case sibling:
				lifted = append(lifted, built...)
			case (group || n.Type == wfv1.NodeTypeRetry) && len(built) > 0:
				// Attempts stay under the retry node, members in their group; what follows
				// them (the next step group) follows the retry node or the group.
				kids = append(kids, built[0])
				lifted = append(lifted, built[1:]...)
			default:
				kids = append(kids, built...)
			}
		}
		if group {
			return append([]*cli.TreeNode{{Group: true, Children: kids}}, lifted...)
		}
		self := &cli.TreeNode{Label: marker(n.Phase) + " " + displayName(wf, n), Cells: nodeCells(wf, n, now, wide), Children: kids}
		return append([]*cli.TreeNode{self}, lifted...)
	}
	var roots []*cli.TreeNode
	for _, id := range tops {
		roots = append(roots, build(id)...)
	}
	return roots
}

func nodeStart(n wfv1.NodeStatus) time.Time {
	if n.StartedAt == nil {
		return time.Time{}
	}
	return n.StartedAt.Time
}

func displayName(wf *wfv1.Workflow, n wfv1.NodeStatus) string {
	if n.DisplayName != "" {
		return n.DisplayName
	}
	return strings.TrimPrefix(n.Name, wf.Name+".")
}

func nodeTemplate(n wfv1.NodeStatus) string {
	if n.TemplateRef != nil {
		return n.TemplateRef.Name + "/" + n.TemplateRef.Template
	}
	return n.TemplateName
}

// podName is the pod of a Pod node, named as the controller names it.
func podName(wf *wfv1.Workflow, n wfv1.NodeStatus) string {
	if n.Type != wfv1.NodeTypePod {
		return ""
	}
	t := n.TemplateName
	if n.TemplateRef != nil {
		t = n.TemplateRef.Template
	}
	return wfv1.WorkflowPodName(wf.Name, n.Name, t)
}

func nodeCells(wf *wfv1.Workflow, n wfv1.NodeStatus, now time.Time, wide bool) []string {
	d := ""
	if n.StartedAt != nil {
		end := now
		if n.FinishedAt != nil {
			end = n.FinishedAt.Time
		}
		d = cli.Elapsed(end.Sub(n.StartedAt.Time))
	}
	cells := []string{nodeTemplate(n), podName(wf, n), d}
	if wide {
		cells = append(cells, string(n.Type), n.PodIP)
	}
	return append(cells, n.Message)
}
