package main

import (
	"fmt"
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
