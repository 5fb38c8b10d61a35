package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// DeleteOptions are the inputs of `kubectl wf delete`.
type DeleteOptions struct {
	*cli.Options
	Names     []string
	All       bool
	Completed bool
	Older     time.Duration
	Selector  string
}

// NewCmdDelete returns `kubectl wf delete`.
func NewCmdDelete(o *cli.Options) *cobra.Command {
	d := &DeleteOptions{Options: o}
	cmd := &cobra.Command{
		Use:               "delete (NAME... | --all | --completed | --older DURATION)",
		Short:             "Delete Workflows",
		Example:           "  kubectl wf delete my-wf\n  kubectl wf delete --completed --older 24h",
		ValidArgsFunction: completeWorkflowNames(o),
		RunE: func(cmd *cobra.Command, args []string) error {
			d.Names = args
			if err := d.Validate(); err != nil {
				return err
			}
			return d.Run(cmd.Context())
		},
	}
	f := cmd.Flags()
	f.BoolVar(&d.All, "all", false, "Delete all workflows of the namespace (-A: of all namespaces)")
	f.BoolVar(&d.Completed, "completed", false, "Delete completed workflows")
	f.DurationVar(&d.Older, "older", 0, "Delete completed workflows that finished longer ago than this")
	f.StringVarP(&d.Selector, "selector", "l", "", "Only workflows with these labels")
	return cmd
}

// Validate checks that exactly one way of choosing workflows is given.
func (d *DeleteOptions) Validate() error {
	bulk := d.All || d.Completed || d.Older > 0
	switch {
	case len(d.Names) > 0 && bulk:
		return errors.New("give names or --all/--completed/--older, not both")
	case len(d.Names) == 0 && !bulk:
		return errors.New("give workflow names, --all, --completed or --older")
	}
	return nil
}

// Run deletes the chosen workflows.
func (d *DeleteOptions) Run(ctx context.Context) error {
	c, err := d.NewClient()
	if err != nil {
		return err
	}
	var targets []wfv1.Workflow
	if len(d.Names) > 0 {
		ns, err := d.Namespace()
		if err != nil {
			return err
		}
		for _, n := range d.Names {
			wf := wfv1.Workflow{}
			wf.Namespace, wf.Name = ns, n
			targets = append(targets, wf)
		}
	} else {
		l := &ListOptions{Options: d.Options, Completed: d.Completed || d.Older > 0, Selector: d.Selector}
		if err := l.Complete(); err != nil {
			return err
		}
		items, err := l.list(ctx)
		if err != nil {
			return err
		}
		for _, wf := range items {
			if d.Older > 0 && (wf.Status.FinishedAt == nil || wf.Status.FinishedAt.Time.After(d.Now().Add(-d.Older))) {
				continue
			}
			targets = append(targets, wf)
		}
		if len(targets) == 0 {
			fmt.Fprintln(d.ErrOut, "No workflows to delete.")
			return nil
		}
	}
	for i := range targets {
		wf := &targets[i]
		err := c.Delete(ctx, wf)
		if apierrors.IsNotFound(err) && len(d.Names) == 0 {
			continue
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(d.Out, "workflow %s deleted\n", prefixed(d.AllNamespaces, wf))
	}
	return nil
}

func prefixed(withNamespace bool, wf *wfv1.Workflow) string {
	if withNamespace {
		return wf.Namespace + "/" + wf.Name
	}
	return wf.Name
}
