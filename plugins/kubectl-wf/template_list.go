package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// TemplateListOptions are the inputs of `kubectl wf template|cluster-template list`.
type TemplateListOptions struct {
	*cli.Options
	Output *cli.Output
	kind   tmplKind
}

func newCmdTemplateList(o *cli.Options, k tmplKind) *cobra.Command {
	l := &TemplateListOptions{Options: o, Output: cli.NewOutput(""), kind: k}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   fmt.Sprintf("List %ss", k.Kind),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := l.Output.Validate(false); err != nil {
				return err
			}
			return l.Run(cmd.Context())
		},
	}
	l.Output.AddFlags(cmd, false)
	return cmd
}

// Run prints NAME and AGE (NAMESPACE first with -A), sorted by namespace and name.
func (l *TemplateListOptions) Run(ctx context.Context) error {
	ns, err := l.kind.namespace(l.Options, true)
	if err != nil {
		return err
	}
	c, err := l.NewClient()
	if err != nil {
		return err
	}
	items, list, err := l.kind.list(ctx, c, ns)
	if err != nil {
		return err
	}
	if !l.Output.Readable() {
		return l.Output.Print(list, l.Out)
	}
	if len(items) == 0 {
		fmt.Fprintf(l.ErrOut, "No %ss found.\n", l.kind.Kind)
		return nil
	}
	withNS := l.AllNamespaces && !l.kind.cluster
	header := []string{"NAME", "AGE"}
	if withNS {
		header = append([]string{"NAMESPACE"}, header...)
	}
	t := cli.NewTable(l.Out, header...)
	for _, it := range items {
		row := []string{it.obj.GetName(), cli.Age(l.Now(), it.obj.GetCreationTimestamp().Time)}
		if withNS {
			row = append([]string{it.obj.GetNamespace()}, row...)
		}
		t.Row(row...)
	}
	return t.Flush()
}
