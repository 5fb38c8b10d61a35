package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// nodeTrees lays status.nodes out the way upstream `argo get` does:
//   - a node hangs under the StepGroup or Retry node whose children list it, else under its
//     boundary (the Steps or DAG node it runs in). So every task of a DAG is drawn directly
//     under the DAG node, in start order, whatever its dependencies (the children edges
//     between tasks are not followed);
//   - a StepGroup has no line (its steps form one ┬ group), nor has a Retry node with a
//     single attempt (the attempt takes its place);
//   - Skipped and Omitted tasks are drawn with the reason in MESSAGE ("when '...' evaluated
//     false", "omitted: depends condition not met"). Upstream's CLI leaves Omitted tasks out,
//     but a task that silently vanished from the tree is what confuses readers most;
//   - TaskGroup and Container nodes are not drawn: a looped task's items sit in its DAG.
//
// It returns the tree of the workflow's root node (nil when there is none yet) and the
// trees drawn after it: the workflow's onExit handler, then any other top-level node.
func nodeTrees(wf *wfv1.Workflow, now time.Time, wide bool, c cli.Colour) (*cli.TreeNode, []*cli.TreeNode) {
	nodes := wf.Status.Nodes
	ids := make([]string, 0, len(nodes))
	for id := range nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	owner := map[string]string{} // node id -> the StepGroup or Retry node listing it
	for _, id := range ids {
		if t := nodes[id].Type; t == wfv1.NodeTypeStepGroup || t == wfv1.NodeTypeRetry {
			for _, cid := range nodes[id].Children {
				if _, taken := owner[cid]; !taken {
					owner[cid] = id
				}
			}
		}
	}
	kids := map[string][]string{}
	var tops []string
	for _, id := range ids {
		n := nodes[id]
		if !drawn(n.Type) {
			continue
		}
		parent, ok := owner[id]
		if !ok {
			parent = n.BoundaryID
			if b, ok := nodes[parent]; !ok || (b.Type != wfv1.NodeTypeDAG && b.Type != wfv1.NodeTypeSteps) {
				parent = ""
			}
		}
		if parent == "" || parent == id {
			tops = append(tops, id)
		} else {
			kids[parent] = append(kids[parent], id)
		}
	}
	seen := map[string]bool{}
	var build func(id string) *cli.TreeNode
	build = func(id string) *cli.TreeNode {
		seen[id] = true
		n := nodes[id]
		t := &cli.TreeNode{}
		switch {
		case n.Type == wfv1.NodeTypeStepGroup:
			t.Group = true
		case n.Type == wfv1.NodeTypeRetry && len(n.Children) == 1:
			t.Hidden = true
		default:
			t.Label = icon(n, c) + " " + displayName(wf, n)
			t.Cells = nodeCells(wf, n, now, wide)
		}
		for _, k := range inStartOrder(nodes, kids[id]) {
			if !seen[k] { // children edges written by hand could loop
				t.Children = append(t.Children, build(k))
			}
		}
		return t
	}
	var main *cli.TreeNode
	var exit, rest []*cli.TreeNode
	for _, id := range inStartOrder(nodes, tops) {
		switch {
		case id == wf.Name:
			main = build(id)
		case nodes[id].Name == wf.Name+".onExit":
			exit = append(exit, build(id))
		default:
			rest = append(rest, build(id))
		}
	}
	return main, append(exit, rest...)
}

// drawn says whether upstream draws nodes of this type.
func drawn(t wfv1.NodeType) bool {
	switch t {
	case wfv1.NodeTypeDAG, wfv1.NodeTypeSteps, wfv1.NodeTypeStepGroup, wfv1.NodeTypeRetry, wfv1.NodeTypePod,
		wfv1.NodeTypeSkipped, wfv1.NodeTypeSuspend, wfv1.NodeTypeHTTP, wfv1.NodeTypePlugin:
		return true
	}
	return false
}

// inStartOrder sorts sibling ids by start time; siblings that started together are ordered
// by loop index when both are loop items ("print(3:c)"), else by display name.
func inStartOrder(nodes wfv1.Nodes, ids []string) []string {
	out := append([]string(nil), ids...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := nodes[out[i]], nodes[out[j]]
		if ta, tb := nodeStart(a), nodeStart(b); !ta.Equal(tb) {
			return ta.Before(tb)
		}
		ia, ib := loopIndex(a.DisplayName), loopIndex(b.DisplayName)
		if ia >= 0 && ib >= 0 {
			return ia < ib
		}
		return a.DisplayName < b.DisplayName
	})
	return out
}

// loopIndex is the index of a loop item or retry attempt from its name ("x(3:c)", "x(3)"),
// or -1.
func loopIndex(name string) int {
	open := strings.LastIndex(name, "(")
	if open < 0 || !strings.HasSuffix(name, ")") {
		return -1
	}
	inner := name[open+1 : len(name)-1]
	if k, _, found := strings.Cut(inner, ":"); found {
		inner = k
	}
	i, err := strconv.Atoi(inner)
	if err != nil {
		return -1
	}
	return i
}

func nodeStart(n wfv1.NodeStatus) time.Time {
	if n.StartedAt == nil {
		return time.Time{}
	}
	return n.StartedAt.Time
}

// icon is the phase symbol upstream draws before a node's name, coloured as upstream colours
// it; a suspend node waiting to be resumed shows ǁ.
func icon(n wfv1.NodeStatus, c cli.Colour) string {
	if n.Type == wfv1.NodeTypeSuspend && n.Phase == wfv1.NodeRunning {
		return c.Blue("ǁ")
	}
	switch n.Phase {
	case wfv1.NodeSucceeded:
		return c.Green("✔")
	case wfv1.NodeRunning:
		return c.Blue("●")
	case wfv1.NodeFailed:
		return c.Red("✖")
	case wfv1.NodeError:
		return c.Red("⚠")
	case wfv1.NodeSkipped, wfv1.NodeOmitted:
		return c.Grey("○")
	}
	return c.Yellow("◷")
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

// nodeCells are the columns after STEP: TEMPLATE PODNAME DURATION MESSAGE, or with -o wide
// TEMPLATE PODNAME DURATION ARTIFACTS MESSAGE RESOURCESDURATION NODENAME. Only pod nodes
// have a pod name and a node name; every leaf that takes time (a pod, a suspend waiting for
// approval, an HTTP or plugin call) has a duration, so a step paused for hours shows it.
func nodeCells(wf *wfv1.Workflow, n wfv1.NodeStatus, now time.Time, wide bool) []string {
	pod, took, host := "", "", ""
	if n.Type == wfv1.NodeTypePod {
		pod, host = podName(wf, n), n.HostNodeName
	}
	switch n.Type {
	case wfv1.NodeTypePod, wfv1.NodeTypeSuspend, wfv1.NodeTypeHTTP, wfv1.NodeTypePlugin:
		if n.StartedAt != nil {
			end := now
			if n.FinishedAt != nil {
				end = n.FinishedAt.Time
			}
			took = shortDuration(end.Sub(n.StartedAt.Time))
		}
	}
	if !wide {
		return []string{nodeTemplate(n), pod, took, n.Message}
	}
	return []string{nodeTemplate(n), pod, took, artifactNames(n), n.Message, resourcesDuration(n.ResourcesDuration), host}
}

// shortDuration is upstream's short node duration: whole seconds, minutes, hours or days
// ("45s", "3m", "2h", "4d").
func shortDuration(d time.Duration) string {
	switch {
	case d < 0:
		return "0s"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}

func artifactNames(n wfv1.NodeStatus) string {
	if n.Outputs == nil {
		return ""
	}
	var names []string
	for _, a := range n.Outputs.Artifacts {
		names = append(names, a.Name)
	}
	return strings.Join(names, ",")
}

// resourcesDuration renders resource use as upstream does, "1m0s*(1 cpu),30s*(100Mi memory)":
// seconds per unit of each resource; sorted here so a redraw does not reorder it.
func resourcesDuration(rd wfv1.ResourcesDuration) string {
	names := make([]string, 0, len(rd))
	for name := range rd {
		names = append(names, string(name))
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, name := range names {
		unit := "1"
		switch corev1.ResourceName(name) {
		case corev1.ResourceMemory:
			unit = "100Mi"
		case corev1.ResourceStorage, corev1.ResourceEphemeralStorage:
			unit = "10Gi"
		}
		d := time.Duration(rd[corev1.ResourceName(name)]) * time.Second
		parts = append(parts, fmt.Sprintf("%s*(%s %s)", d, unit, name))
	}
	return strings.Join(parts, ",")
}
