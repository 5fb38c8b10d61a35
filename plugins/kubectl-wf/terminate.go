package main

import (
	"github.com/spf13/cobra"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// NewCmdTerminate returns `kubectl wf terminate`: spec.shutdown=Terminate (no exit handlers).
func NewCmdTerminate(o *cli.Options) *cobra.Command {
	return newPatchCmd(o, "terminate", "Terminate Workflows at once, without exit handlers", "terminated", func() map[string]any {
		return map[string]any{"spec": map[string]any{"shutdown": wfv1.ShutdownStrategyTerminate}}
	})
}
