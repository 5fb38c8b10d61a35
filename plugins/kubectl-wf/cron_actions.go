package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// NewCmdCronSuspend returns `kubectl wf cron suspend`: spec.suspend=true, so no new
// workflows are scheduled (running ones go on).
func NewCmdCronSuspend(o *cli.Options) *cobra.Command {
	return newCronPatchCmd(o, "suspend", "Stop scheduling CronWorkflows (running workflows go on)", "suspended", true)
}

// NewCmdCronResume returns `kubectl wf cron resume`: spec.suspend=false.
func NewCmdCronResume(o *cli.Options) *cobra.Command {
	return newCronPatchCmd(o, "resume", "Resume scheduling suspended CronWorkflows", "resumed", false)
}

func newCronPatchCmd(o *cli.Options, use, short, done string, suspend bool) *cobra.Command {
	return &cobra.Command{
		Use:               use + " NAME...",
		Short:             short,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeCronNames(o),
		RunE: func(cmd *cobra.Command, args []string) error {
			patch := fmt.Appendf(nil, `{"spec":{"suspend":%t}}`, suspend)
			return patchNamed(cmd.Context(), o, "cronworkflow", func() client.Object { return &wfv1.CronWorkflow{} }, args, patch, done)
		},
	}
}

// CronDeleteOptions are the inputs of `kubectl wf cron delete`.
type CronDeleteOptions struct {
	*cli.Options
	Names []string
	All   bool
}

// NewCmdCronDelete returns `kubectl wf cron delete`. The API server's garbage collector
// deletes the workflows a CronWorkflow created with it (they are owned by it).
func NewCmdCronDelete(o *cli.Options) *cobra.Command {
	d := &CronDeleteOptions{Options: o}
	cmd := &cobra.Command{
		Use:               "delete (NAME... | --all)",
		Short:             "Delete CronWorkflows (and, through ownership, the workflows they created)",
		ValidArgsFunction: completeCronNames(o),
		RunE: func(cmd *cobra.Command, args []string) error {
			d.Names = args
			if (len(d.Names) > 0) == d.All {
				return errors.New("give cron workflow names or --all, one of the two")
			}
			return d.Run(cmd.Context())
		},
	}
	cmd.Flags().BoolVar(&d.All, "all", false, "Delete all cron workflows of the namespace (-A: of all namespaces)")
	return cmd
}

// Run deletes the chosen CronWorkflows.
func (d *CronDeleteOptions) Run(ctx context.Context) error {
	c, err := d.NewClient()
	if err != nil {
		return err
	}
	var targets []wfv1.CronWorkflow
	if d.All {
		if targets, err = listCrons(ctx, d.Options, true, ""); err != nil {
			return err
		}
		if len(targets) == 0 {
			fmt.Fprintln(d.ErrOut, "No cron workflows to delete.")
			return nil
		}
	} else {
		ns, err := d.Namespace()
		if err != nil {
			return err
		}
		for _, n := range d.Names {
			cw := wfv1.CronWorkflow{}
			cw.Namespace, cw.Name = ns, n
			targets = append(targets, cw)
		}
	}
	for i := range targets {
		cw := &targets[i]
		err := c.Delete(ctx, cw, client.PropagationPolicy("Background"))
		if apierrors.IsNotFound(err) && d.All {
			continue
		}
		if err != nil {
			return err
		}
		name := cw.Name
		if d.AllNamespaces {
			name = cw.Namespace + "/" + name
		}
		fmt.Fprintf(d.Out, "cronworkflow %s deleted\n", name)
	}
	return nil
}
