package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// TemplateCreateOptions are the inputs of `kubectl wf template|cluster-template create`.
type TemplateCreateOptions struct {
	*cli.Options
	Output *cli.Output
	kind   tmplKind
	Files  []string
}

func newCmdTemplateCreate(o *cli.Options, k tmplKind) *cobra.Command {
	c := &TemplateCreateOptions{Options: o, Output: cli.NewOutput("created"), kind: k}
	cmd := &cobra.Command{
		Use:               "create (FILE | -)...",
		Short:             fmt.Sprintf("Create %ss from manifests, validated as the admission webhook would", k.Kind),
		Example:           fmt.Sprintf("  kubectl wf %s create my-template.yaml\n  cat t.yaml | kubectl wf %s create -", k.command, k.command),
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeManifests,
		RunE: func(cmd *cobra.Command, args []string) error {
			c.Files = args
			if err := c.Output.Validate(false); err != nil {
				return err
			}
			return c.Run(cmd.Context())
		},
	}
	c.Output.AddFlags(cmd, false)
	return cmd
}

// Run decodes every document (all must be of the verb's kind), validates each against the
// cluster (templateRefs resolved) and creates them in order.
func (c *TemplateCreateOptions) Run(ctx context.Context) error {
	docs, err := cli.ReadDocuments(c.Files, c.In)
	if err != nil {
		return err
	}
	scheme := cli.NewScheme()
	var items []tmplItem
	for _, d := range docs {
		obj, gvk, err := cli.DecodeStrict(scheme, d.Raw)
		if err != nil {
			return fmt.Errorf("%s: %s: %w", d.Source, describe(d), err)
		}
		it, ok := c.kind.item(obj)
		if !ok {
			return fmt.Errorf("%s: %s: `kubectl wf %s create` creates %ss, not %s", d.Source, describe(d), c.kind.command, c.kind.Kind, gvk.Kind)
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return fmt.Errorf("no %s found", c.kind.Kind)
	}
	ns, err := c.kind.namespace(c.Options, false)
	if err != nil {
		return err
	}
	cl, err := c.NewClient()
	if err != nil {
		return err
	}
	for _, it := range items {
		switch {
		case c.kind.cluster:
			it.obj.SetNamespace("")
		case it.obj.GetNamespace() == "" || c.ConfigFlags.Namespace != nil && *c.ConfigFlags.Namespace != "":
			it.obj.SetNamespace(ns)
		}
		res := validate.Object(ctx, it.obj, validate.Options{Lookup: lookup{cl}})
		for _, w := range res.Warnings {
			fmt.Fprintf(c.ErrOut, "Warning: %s\n", w)
		}
		name := it.obj.GetName()
		if name == "" {
			name = it.obj.GetGenerateName()
		}
		if err := res.Errors.ToAggregate(); err != nil {
			return fmt.Errorf("%s %s: %w", c.kind.Kind, name, err)
		}
		if err := cl.Create(ctx, it.obj); err != nil {
			return err
		}
		if !c.Output.Readable() {
			if err := c.Output.Print(it.obj, c.Out); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(c.Out, "%s.argoproj.io/%s created\n", c.kind.resource, it.obj.GetName())
	}
	return nil
}
