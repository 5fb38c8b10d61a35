package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// WatchOptions are the inputs of `kubectl wf watch`.
type WatchOptions struct {
	*cli.Options
	Name     string
	Interval time.Duration
	Wide     bool
}

// NewCmdWatch returns `kubectl wf watch`.
func NewCmdWatch(o *cli.Options) *cobra.Command {
	w := &WatchOptions{Options: o}
	cmd := &cobra.Command{
		Use:               "watch NAME",
		Short:             "Show a Workflow's tree live until it completes",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeWorkflowNames(o),
		RunE: func(cmd *cobra.Command, args []string) error {
			w.Name = args[0]
			return w.Run(cmd.Context())
		},
	}
	cmd.Flags().DurationVar(&w.Interval, "interval", time.Second, "Minimum time between redraws")
	return cmd
}

// Run redraws the tree whenever its text changes, at most once per interval, and returns
// when the workflow has completed.
func (w *WatchOptions) Run(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	r := cli.NewRedrawer(w.Out)
	var gone error
	err := cli.Poll(ctx, w.Interval, func() (bool, error) {
		wf, err := getWorkflow(ctx, w.Options, w.Name)
		if apierrors.IsNotFound(err) {
			gone = err // deleted, or never there: nothing to wait for
			return true, nil
		}
		if err != nil {
			return false, err
		}
		r.Draw(renderWorkflow(wf, w.Now(), w.Wide, w.Colour()))
		return wf.Status.Phase.Completed(), nil
	}, func(err error) { fmt.Fprintf(w.ErrOut, "retrying: %v\n", err) })
	if gone != nil {
		return gone
	}
	return err
}
