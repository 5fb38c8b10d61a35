package main

import (
	"fmt"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// noPods explains why `logs` found no pod to print. A workflow still running may not have
// started one yet (not an error); a finished workflow whose step pods are gone has lost its
// logs for good, which exits 1 so a script saving logs notices; a NODE that matches no pod
// is an error (other nodes' pods may exist, so no more is said).
func (l *LogsOptions) noPods(wf *wfv1.Workflow) error {
	ranPods := false
	for _, n := range wf.Status.Nodes {
		ranPods = ranPods || n.Type == wfv1.NodeTypePod && n.StartedAt != nil
	}
	switch {
	case l.Node != "":
		return fmt.Errorf("workflow %s has no pod for %q", l.Workflow, l.Node)
	case wf.Status.Phase.Completed() && ranPods:
		fmt.Fprintln(l.ErrOut, podsGoneMessage(wf))
		return cli.ExitError{Code: 1}
	case wf.Status.Phase.Completed():
		fmt.Fprintf(l.ErrOut, "workflow %s %s without running a pod: it has no logs\n", l.Workflow, wf.Status.Phase)
		return nil
	}
	fmt.Fprintf(l.ErrOut, "workflow %s has no pods yet\n", l.Workflow)
	return nil
}

// podsGoneMessage says who most likely deleted a finished workflow's pods.
func podsGoneMessage(wf *wfv1.Workflow) string {
	if gc := wf.Spec.PodGC; gc != nil && gc.Strategy != nil && *gc.Strategy != "" {
		return fmt.Sprintf("pods of workflow %s were deleted by its podGC strategy %s, and their logs with them", wf.Name, *gc.Strategy)
	}
	return fmt.Sprintf("pods of workflow %s no longer exist (deleted after it %s), and their logs with them", wf.Name, wf.Status.Phase)
}
