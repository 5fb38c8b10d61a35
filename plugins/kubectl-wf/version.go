package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// NewCmdVersion returns `kubectl wf version`: the module version and VCS revision the
// binary was built from.
func NewCmdVersion(o *cli.Options) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the plugin version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			version, revision := "(devel)", ""
			if bi, ok := debug.ReadBuildInfo(); ok {
				if bi.Main.Version != "" {
					version = bi.Main.Version
				}
				for _, s := range bi.Settings {
					if s.Key == "vcs.revision" {
						revision = s.Value
					}
				}
			}
			fmt.Fprintf(o.Out, "kubectl-wf: %s\n", version)
			if revision != "" {
				fmt.Fprintf(o.Out, "revision: %s\n", revision)
			}
			return nil
		},
	}
}
