package main

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/schedule"
	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// NewCmdCron returns `kubectl wf cron` and its verbs, as upstream's `argo cron`.
func NewCmdCron(o *cli.Options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cron",
		Short: "Create, list, inspect, suspend, resume and delete CronWorkflows",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		NewCmdCronCreate(o),
		NewCmdCronList(o),
		NewCmdCronGet(o),
		NewCmdCronDelete(o),
		NewCmdCronSuspend(o),
		NewCmdCronResume(o),
		NewCmdCronLint(o),
	)
	return cmd
}

// nextRun is when the CronWorkflow next creates a workflow, as the controller computes it;
// zero when it will not (suspended, stopped, or a schedule that does not parse).
func nextRun(cw *wfv1.CronWorkflow, now time.Time) time.Time {
	if (cw.Spec.Suspend != nil && *cw.Spec.Suspend) || cw.Status.Phase == wfv1.CronWorkflowStopped {
		return time.Time{}
	}
	set, err := schedule.Parse(&cw.Spec)
	if err != nil {
		return time.Time{}
	}
	return set.Next(now)
}

func suspended(cw *wfv1.CronWorkflow) bool { return cw.Spec.Suspend != nil && *cw.Spec.Suspend }

func schedules(cw *wfv1.CronWorkflow) string { return strings.Join(cw.Spec.Schedules, ",") }

// completeCronNames completes CronWorkflow names of the current namespace.
func completeCronNames(o *cli.Options) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		list, err := listCrons(cmd.Context(), o, false, "")
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var out []string
		for _, cw := range list {
			if strings.HasPrefix(cw.Name, prefix) {
				out = append(out, cw.Name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// listCrons lists CronWorkflows of the namespace (all namespaces with -A when allowed).
func listCrons(ctx context.Context, o *cli.Options, allowAll bool, selector string) ([]wfv1.CronWorkflow, error) {
	ns, err := o.Namespace()
	if allowAll {
		ns, err = o.ListNamespace()
	}
	if err != nil {
		return nil, err
	}
	c, err := o.NewClient()
	if err != nil {
		return nil, err
	}
	opts := []client.ListOption{client.InNamespace(ns)}
	if selector != "" {
		sel, err := parseSelector(selector)
		if err != nil {
			return nil, err
		}
		opts = append(opts, sel)
	}
	var list wfv1.CronWorkflowList
	if err := c.List(ctx, &list, opts...); err != nil {
		return nil, err
	}
	return list.Items, nil
}
