package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/spf13/cobra"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// WaitOptions are the inputs of `kubectl wf wait`.
type WaitOptions struct {
	*cli.Options
	Names    []string
	Timeout  time.Duration
	Interval time.Duration
}

// NewCmdWait returns `kubectl wf wait`.
func NewCmdWait(o *cli.Options) *cobra.Command {
	w := &WaitOptions{Options: o, Interval: time.Second}
	cmd := &cobra.Command{
		Use:               "wait NAME...",
		Short:             "Wait until Workflows complete; exit non-zero unless all Succeeded",
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeWorkflowNames(o),
		RunE: func(cmd *cobra.Command, args []string) error {
			w.Names = args
			if err := w.Validate(); err != nil {
				return err
			}
			return w.Run(cmd.Context())
		},
	}
	cmd.Flags().DurationVar(&w.Timeout, "timeout", 0, "Give up after this long (e.g. 30m) and exit 2; 0 waits forever")
	return cmd
}

// Validate checks the flags.
func (w *WaitOptions) Validate() error {
	if w.Timeout < 0 {
		return fmt.Errorf("--timeout %s: want a positive duration, or 0 to wait forever", w.Timeout)
	}
	return nil
}

// Run polls each workflow until it completes.
func (w *WaitOptions) Run(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if w.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, w.Timeout)
		defer cancel()
	}
	failed := 0
	for _, name := range w.Names {
		var wf *wfv1.Workflow
		err := cli.Poll(ctx, w.Interval, func() (bool, error) {
			got, err := getWorkflow(ctx, w.Options, name)
			if err != nil {
				return false, err
			}
			wf = got // the last state read, for the timeout message
			return wf.Status.Phase.Completed(), nil
		}, nil)
		// The deadline may surface as the client's own error (a cancelled request), so the
		// context is asked too.
		if w.Timeout > 0 && (errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded)) {
			phase := "no phase yet"
			if wf != nil && wf.Status.Phase != "" {
				phase = "phase " + string(wf.Status.Phase)
			}
			fmt.Fprintf(w.ErrOut, "timed out after %s waiting for workflow %s (%s); the workflow goes on: kubectl wf stop %s ends it\n", w.Timeout, name, phase, name)
			return cli.ExitError{Code: 2}
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(w.Out, "workflow %s %s", name, wf.Status.Phase)
		if wf.Status.Message != "" {
			fmt.Fprintf(w.Out, ": %s", wf.Status.Message)
		}
		fmt.Fprintln(w.Out)
		if wf.Status.Phase != wfv1.WorkflowSucceeded {
			failed++
		}
	}
	if failed > 0 {
		return cli.ExitError{Code: 1}
	}
	return nil
}
