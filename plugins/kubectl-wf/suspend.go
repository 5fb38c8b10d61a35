package main

import (
	"github.com/spf13/cobra"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// NewCmdSuspend returns `kubectl wf suspend`: spec.suspend=true.
func NewCmdSuspend(o *cli.Options) *cobra.Command {
	return newPatchCmd(o, "suspend", "Suspend Workflows (no new steps start)", "suspended", func() map[string]any {
		return map[string]any{"spec": map[string]any{"suspend": true}}
	})
}
