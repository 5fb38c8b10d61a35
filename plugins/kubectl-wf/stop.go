package main

import (
	"github.com/spf13/cobra"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// NewCmdStop returns `kubectl wf stop`: spec.shutdown=Stop (exit handlers still run).
func NewCmdStop(o *cli.Options) *cobra.Command {
	return newPatchCmd(o, "stop", "Stop Workflows: running steps end, exit handlers run", "stopped", func() map[string]any {
		return map[string]any{"spec": map[string]any{"shutdown": wfv1.ShutdownStrategyStop}}
	})
}
