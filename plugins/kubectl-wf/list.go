package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// ListOptions are the inputs of `kubectl wf list`.
type ListOptions struct {
	*cli.Options
	Output *cli.Output

	Status    []string
	Running   bool
	Completed bool
	Since     time.Duration
	Selector  string
	Watch     bool
	Interval  time.Duration

	selector labels.Selector
	phases   map[string]bool
}

// NewCmdList returns `kubectl wf list`.
func NewCmdList(o *cli.Options) *cobra.Command {
	l := &ListOptions{Options: o, Output: cli.NewOutput("")}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List Workflows",
		Example: "  kubectl wf list -A --running\n  kubectl wf list --status Failed,Error --since 24h",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := l.Complete(); err != nil {
				return err
			}
			if err := l.Validate(); err != nil {
				return err
			}
			return l.Run(cmd.Context())
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&l.Status, "status", nil, "Only workflows in these phases (Pending,Running,Succeeded,Failed,Error)")
	f.BoolVar(&l.Running, "running", false, "Only running workflows")
	f.BoolVar(&l.Completed, "completed", false, "Only completed workflows")
	f.DurationVar(&l.Since, "since", 0, "Only workflows created within this duration (e.g. 1h)")
	f.StringVarP(&l.Selector, "selector", "l", "", "Label selector")
	f.BoolVarP(&l.Watch, "watch", "w", false, "Keep listing, redrawing when the table changes (Ctrl-C ends)")
	f.DurationVar(&l.Interval, "interval", time.Second, "Minimum time between redraws with --watch")
	_ = cmd.RegisterFlagCompletionFunc("status", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"Pending", "Running", "Succeeded", "Failed", "Error"}, cobra.ShellCompDirectiveNoFileComp
	})
	l.Output.AddFlags(cmd, true)
	return cmd
}

// Complete parses the selector and phases.
func (l *ListOptions) Complete() error {
	var err error
	if l.selector, err = labels.Parse(l.Selector); err != nil {
		return err
	}
	l.phases = map[string]bool{}
	for _, s := range l.Status {
		l.phases[strings.ToLower(strings.TrimSpace(s))] = true
	}
	return nil
}

// Validate checks flag combinations.
func (l *ListOptions) Validate() error {
	if l.Running && l.Completed {
		return fmt.Errorf("--running and --completed are exclusive")
	}
	for p := range l.phases {
		switch p {
		case "pending", "running", "succeeded", "failed", "error":
		default:
			return fmt.Errorf("--status %q: want Pending, Running, Succeeded, Failed or Error", p)
		}
	}
	if l.Watch && !l.Output.Readable() {
		return fmt.Errorf("--watch prints the table; it does not combine with -o %s", l.Output.Format())
	}
	return l.Output.Validate(true)
}

// Run lists, filters and prints the workflows, newest first.
func (l *ListOptions) Run(ctx context.Context) error {
	if l.Watch {
		return l.watch(ctx)
	}
	items, err := l.list(ctx)
	if err != nil {
		return err
	}
	if !l.Output.Readable() {
		return l.Output.Print(&wfv1.WorkflowList{Items: items}, l.Out)
	}
	if len(items) == 0 {
		fmt.Fprintln(l.ErrOut, "No workflows found.")
		return nil
	}
	return printWorkflowTable(l.Out, l.Now(), items, l.AllNamespaces, l.Output.Wide())
}

// watch redraws the table when it changes until ctx ends (Ctrl-C), retrying failed reads.
func (l *ListOptions) watch(ctx context.Context) error {
	r := cli.NewRedrawer(l.Out)
	err := cli.Poll(ctx, l.Interval, func() (bool, error) {
		items, err := l.list(ctx)
		if err != nil {
			return false, err
		}
		var b strings.Builder
		if len(items) == 0 {
			b.WriteString("No workflows found.\n")
		} else if err := printWorkflowTable(&b, l.Now(), items, l.AllNamespaces, l.Output.Wide()); err != nil {
			return false, err
		}
		r.Draw(b.String())
		return false, nil
	}, func(err error) { fmt.Fprintf(l.ErrOut, "retrying: %v\n", err) })
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil
	}
	return err
}

func (l *ListOptions) list(ctx context.Context) ([]wfv1.Workflow, error) {
	ns, err := l.ListNamespace()
	if err != nil {
		return nil, err
	}
	c, err := l.NewClient()
	if err != nil {
		return nil, err
	}
	var list wfv1.WorkflowList
	if err := c.List(ctx, &list, client.InNamespace(ns), client.MatchingLabelsSelector{Selector: l.selector}); err != nil {
		return nil, err
	}
	now := l.Now()
	var out []wfv1.Workflow
	for _, wf := range list.Items {
		phase := wf.Status.Phase
		switch {
		case l.Running && phase.Completed(), l.Completed && !phase.Completed():
			continue
		case len(l.phases) > 0 && !l.phases[strings.ToLower(string(phaseOrPending(phase)))]:
			continue
		case l.Since > 0 && wf.CreationTimestamp.Time.Before(now.Add(-l.Since)):
			continue
		}
		out = append(out, wf)
	}
	sort.SliceStable(out, func(i, j int) bool {
		ti, tj := out[i].CreationTimestamp.Time, out[j].CreationTimestamp.Time
		if !ti.Equal(tj) {
			return ti.After(tj)
		}
		return out[i].Namespace+"/"+out[i].Name < out[j].Namespace+"/"+out[j].Name
	})
	return out, nil
}

func phaseOrPending(p wfv1.WorkflowPhase) wfv1.WorkflowPhase {
	if p == "" {
		return wfv1.WorkflowPending
	}
	return p
}

// printWorkflowTable prints the columns of upstream `argo list`.
func printWorkflowTable(out io.Writer, now time.Time, items []wfv1.Workflow, withNamespace, wide bool) error {
	header := []string{"NAME", "STATUS", "AGE", "DURATION", "PRIORITY", "MESSAGE"}
	if wide {
		header = append(header, "P/R/C", "PARAMETERS")
	}
	if withNamespace {
		header = append([]string{"NAMESPACE"}, header...)
	}
	t := cli.NewTable(out, header...)
	for i := range items {
		wf := &items[i]
		row := []string{wf.Name, status(wf), cli.Age(now, wf.CreationTimestamp.Time), wfDuration(wf, now), priority(wf), wf.Status.Message}
		if wide {
			row = append(row, podCounts(wf), strings.Join(parameters(wf), ","))
		}
		if withNamespace {
			row = append([]string{wf.Namespace}, row...)
		}
		t.Row(row...)
	}
	return t.Flush()
}

// podCounts is upstream's P/R/C column: pending, running and completed pods.
func podCounts(wf *wfv1.Workflow) string {
	var p, r, c int
	nodes, err := wf.Status.DecodeNodes()
	if err != nil {
		return "?"
	}
	for _, n := range nodes {
		if n.Type != wfv1.NodeTypePod {
			continue
		}
		switch n.Phase {
		case wfv1.NodePending:
			p++
		case wfv1.NodeRunning:
			r++
		default:
			if n.Phase.Fulfilled() {
				c++
			}
		}
	}
	return fmt.Sprintf("%d/%d/%d", p, r, c)
}
