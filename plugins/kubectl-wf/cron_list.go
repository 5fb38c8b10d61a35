package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/duration"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// CronListOptions are the inputs of `kubectl wf cron list`.
type CronListOptions struct {
	*cli.Options
	Output   *cli.Output
	Selector string
}

// NewCmdCronList returns `kubectl wf cron list`.
func NewCmdCronList(o *cli.Options) *cobra.Command {
	l := &CronListOptions{Options: o, Output: cli.NewOutput("")}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List CronWorkflows with their last and next runs",
		Example: "  kubectl wf cron list\n  kubectl wf cron list -A -o name",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := l.Output.Validate(false); err != nil {
				return err
			}
			return l.Run(cmd.Context())
		},
	}
	cmd.Flags().StringVarP(&l.Selector, "selector", "l", "", "Label selector")
	l.Output.AddFlags(cmd, false)
	return cmd
}

// Run lists and prints the CronWorkflows by name.
func (l *CronListOptions) Run(ctx context.Context) error {
	items, err := listCrons(ctx, l.Options, true, l.Selector)
	if err != nil {
		return err
	}
	sort.SliceStable(items, func(i, j int) bool {
		return items[i].Namespace+"/"+items[i].Name < items[j].Namespace+"/"+items[j].Name
	})
	if !l.Output.Readable() {
		return l.Output.Print(&wfv1.CronWorkflowList{Items: items}, l.Out)
	}
	if len(items) == 0 {
		fmt.Fprintln(l.ErrOut, "No cron workflows found.")
		return nil
	}
	return printCronTable(l.Out, l.Now(), items, l.AllNamespaces)
}

// printCronTable prints the columns of upstream `argo cron list`.
func printCronTable(out io.Writer, now time.Time, items []wfv1.CronWorkflow, withNamespace bool) error {
	header := []string{"NAME", "AGE", "LAST RUN", "NEXT RUN", "SCHEDULES", "TIMEZONE", "SUSPENDED"}
	if withNamespace {
		header = append([]string{"NAMESPACE"}, header...)
	}
	t := cli.NewTable(out, header...)
	for i := range items {
		cw := &items[i]
		last, next := "N/A", "N/A"
		if cw.Status.LastScheduledTime != nil {
			last = cli.Age(now, cw.Status.LastScheduledTime.Time)
		}
		if n := nextRun(cw, now); !n.IsZero() {
			next = duration.HumanDuration(n.Sub(now))
		}
		row := []string{cw.Name, cli.Age(now, cw.CreationTimestamp.Time), last, next, schedules(cw), cw.Spec.Timezone, fmt.Sprint(suspended(cw))}
		if withNamespace {
			row = append([]string{cw.Namespace}, row...)
		}
		t.Row(row...)
	}
	return t.Flush()
}

func parseSelector(s string) (client.ListOption, error) {
	sel, err := labels.Parse(s)
	if err != nil {
		return nil, err
	}
	return client.MatchingLabelsSelector{Selector: sel}, nil
}
