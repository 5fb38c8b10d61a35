// Command kubectl-wf is the `kubectl wf` plugin: lint, submit, list, inspect and steer Skiff
// (Argo-compatible) Workflows.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

func main() {
	o := cli.NewOptions(genericiooptions.IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}, os.Getenv)
	cmd := NewCmdRoot(o)
	// Ctrl-C ends watches and follows cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := cmd.ExecuteContext(ctx)
	stop()
	if err != nil {
		var exit cli.ExitError
		if errors.As(err, &exit) {
			os.Exit(exit.Code)
		}
		fmt.Fprintln(os.Stderr, cli.ErrorMessage(err))
		os.Exit(1)
	}
}

// NewCmdRoot returns `kubectl wf` with all its verbs.
func NewCmdRoot(o *cli.Options) *cobra.Command {
	cmd := &cobra.Command{
		Use:           "kubectl-wf",
		Short:         "Lint, submit, list, inspect and steer Skiff Workflows",
		SilenceUsage:  true,
		SilenceErrors: true,
		Annotations:   map[string]string{cobra.CommandDisplayNameAnnotation: "kubectl wf"},
	}
	o.AddFlags(cmd)
	cmd.SetIn(o.In)
	cmd.SetOut(o.Out)
	cmd.SetErr(o.ErrOut)
	cmd.AddCommand(
		NewCmdLint(o),
		NewCmdSubmit(o),
		NewCmdList(o),
		NewCmdGet(o),
		NewCmdDelete(o),
		NewCmdSuspend(o),
		NewCmdResume(o),
		NewCmdRetry(o),
		NewCmdResubmit(o),
		NewCmdStop(o),
		NewCmdTerminate(o),
		NewCmdWait(o),
		NewCmdWatch(o),
		NewCmdLogs(o),
		NewCmdCron(o),
		NewCmdTemplate(o),
		NewCmdClusterTemplate(o),
		NewCmdVersion(o),
		NewCmdCompletion(o),
	)
	return cmd
}
