package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// GetOptions are the inputs of `kubectl wf get`.
type GetOptions struct {
	*cli.Options
	Output *cli.Output
	Name   string
	Watch  bool
}

// NewCmdGet returns `kubectl wf get`.
func NewCmdGet(o *cli.Options) *cobra.Command {
	g := &GetOptions{Options: o, Output: cli.NewOutput("")}
	cmd := &cobra.Command{
		Use:               "get NAME",
		Short:             "Show a Workflow and its steps as a tree",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeWorkflowNames(o),
		RunE: func(cmd *cobra.Command, args []string) error {
			g.Name = args[0]
			if err := g.Output.Validate(true); err != nil {
				return err
			}
			if g.Watch {
				w := &WatchOptions{Options: o, Name: g.Name, Interval: time.Second, Wide: g.Output.Wide()}
				return w.Run(cmd.Context())
			}
			return g.Run(cmd.Context())
		},
	}
	cmd.Flags().BoolVarP(&g.Watch, "watch", "w", false, "Redraw the tree when it changes until the workflow completes")
	g.Output.AddFlags(cmd, true)
	return cmd
}

// Run fetches and prints the workflow.
func (g *GetOptions) Run(ctx context.Context) error {
	wf, err := getWorkflow(ctx, g.Options, g.Name)
	if err != nil {
		return err
	}
	if !g.Output.Readable() {
		return g.Output.Print(wf, g.Out)
	}
	_, err = io.WriteString(g.Out, renderWorkflow(wf, g.Now(), g.Output.Wide(), g.Colour()))
	return err
}

func getWorkflow(ctx context.Context, o *cli.Options, name string) (*wfv1.Workflow, error) {
	ns, err := o.Namespace()
	if err != nil {
		return nil, err
	}
	c, err := o.NewClient()
	if err != nil {
		return nil, err
	}
	wf := &wfv1.Workflow{}
	if err := c.Get(ctx, client.ObjectKey{Namespace: ns, Name: name}, wf); err != nil {
		return nil, err
	}
	// A large workflow's nodes are stored compressed; show them like any other (-o json too,
	// as upstream's argo get does).
	if err := wf.Status.InflateNodes(); err != nil {
		return nil, fmt.Errorf("workflow %s: %w", name, err)
	}
	return wf, nil
}

// renderWorkflow is the text of `get` and `watch`: the header fields then the step tree.
func renderWorkflow(wf *wfv1.Workflow, now time.Time, wide bool, c cli.Colour) string {
	var b strings.Builder
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%-16s%s\n", k+":", v)
		}
	}
	when := func(t *time.Time) string {
		if t == nil || t.IsZero() {
			return ""
		}
		return fmt.Sprintf("%s (%s ago)", t.Local().Format("Mon Jan 02 15:04:05 -0700"), cli.Age(now, *t))
	}
	field("Name", wf.Name)
	field("Namespace", wf.Namespace)
	sa := wf.Spec.ServiceAccountName
	if sa == "" {
		sa = "unset (will run with the default ServiceAccount)"
	}
	field("ServiceAccount", sa)
	st := status(wf)
	switch wf.Status.Phase {
	case wfv1.WorkflowSucceeded:
		st = c.Green(st)
	case wfv1.WorkflowFailed, wfv1.WorkflowError:
		st = c.Red(st)
	case wfv1.WorkflowRunning:
		st = c.Blue(st)
	}
	field("Status", st)
	field("Message", wf.Status.Message)
	created := wf.CreationTimestamp.Time
	field("Created", when(&created))
	if wf.Status.StartedAt != nil {
		field("Started", when(&wf.Status.StartedAt.Time))
	}
	if wf.Status.FinishedAt != nil {
		field("Finished", when(&wf.Status.FinishedAt.Time))
	}
	field("Duration", wfDuration(wf, now))
	field("Progress", string(wf.Status.Progress))
	if ps := parameters(wf); len(ps) > 0 {
		b.WriteString("Parameters:\n")
		for _, p := range ps {
			k, v, _ := strings.Cut(p, "=")
			fmt.Fprintf(&b, "  %s: %s\n", k, v)
		}
	}
	main, after := nodeTrees(wf, now, wide, c)
	if main == nil && len(after) == 0 {
		return b.String()
	}
	b.WriteString("\n")
	writeNodeTable(&b, main, after, wide, c)
	return b.String()
}

// writeNodeTable writes the STEP table as upstream `argo get` does: columns two spaces
// apart, the workflow's tree, then after an empty row its exit handler's (and any other
// top-level node's) tree.
func writeNodeTable(out io.Writer, main *cli.TreeNode, after []*cli.TreeNode, wide bool, c cli.Colour) {
	var buf strings.Builder
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	step := "STEP"
	if c.Enabled {
		// Every STEP cell carries one colour code of this width; so must the header, or the
		// tabwriter, which counts the codes, would misalign it.
		step = "\x1b[39m" + step + "\x1b[0m"
	}
	header := []string{step, "TEMPLATE", "PODNAME", "DURATION", "MESSAGE"}
	if wide {
		header = []string{step, "TEMPLATE", "PODNAME", "DURATION", "ARTIFACTS", "MESSAGE", "RESOURCESDURATION", "NODENAME"}
	}
	row := func(cells []string) { fmt.Fprintln(tw, strings.Join(cells, "\t")) }
	row(header)
	if main != nil {
		for _, r := range cli.RenderTree([]*cli.TreeNode{main}) {
			row(r)
		}
	}
	for _, t := range after {
		row(make([]string, len(header)))
		for _, r := range cli.RenderTree([]*cli.TreeNode{t}) {
			row(r)
		}
	}
	_ = tw.Flush()
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		if line != "" {
			fmt.Fprintln(out, strings.TrimRight(line, " \n"))
		}
	}
}

// completeWorkflowNames completes workflow names of the current namespace.
func completeWorkflowNames(o *cli.Options) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		ns, err := o.Namespace()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		c, err := o.NewClient()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var list wfv1.WorkflowList
		if err := c.List(cmd.Context(), &list, client.InNamespace(ns)); err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var out []string
		for _, wf := range list.Items {
			if strings.HasPrefix(wf.Name, prefix) {
				out = append(out, wf.Name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
