package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// newGetNamedCmd is the `get NAME` command of cron, template and cluster-template: -o is
// checked before anything is fetched, then run fetches and prints the named object.
func newGetNamedCmd(short string, complete func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective),
	output *cli.Output, run func(ctx context.Context, name string) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:               "get NAME",
		Short:             short,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: complete,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := output.Validate(false); err != nil {
				return err
			}
			return run(cmd.Context(), args[0])
		},
	}
	output.AddFlags(cmd, false)
	return cmd
}

// printFetched prints an object as -o asks (yaml, json, name), or else its summary.
func printFetched(output *cli.Output, w io.Writer, obj runtime.Object, summary func() string) error {
	if !output.Readable() {
		return output.Print(obj, w)
	}
	_, err := io.WriteString(w, summary())
	return err
}
