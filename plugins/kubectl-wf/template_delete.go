package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// TemplateDeleteOptions are the inputs of `kubectl wf template|cluster-template delete`.
type TemplateDeleteOptions struct {
	*cli.Options
	kind  tmplKind
	Names []string
	All   bool
}

func newCmdTemplateDelete(o *cli.Options, k tmplKind) *cobra.Command {
	d := &TemplateDeleteOptions{Options: o, kind: k}
	cmd := &cobra.Command{
		Use:               "delete (NAME... | --all)",
		Short:             fmt.Sprintf("Delete %ss (running workflows keep the copy they stored)", k.Kind),
		ValidArgsFunction: k.completeNames(o),
		RunE: func(cmd *cobra.Command, args []string) error {
			d.Names = args
			switch {
			case len(args) > 0 && d.All:
				return errors.New("give names or --all, not both")
			case len(args) == 0 && !d.All:
				return fmt.Errorf("give %s names or --all", k.Kind)
			}
			return d.Run(cmd.Context())
		},
	}
	cmd.Flags().BoolVar(&d.All, "all", false, fmt.Sprintf("Delete all %ss (of the namespace; -A: of all namespaces)", k.Kind))
	return cmd
}

// Run deletes the named templates, or all of them; a missing named one is an error.
func (d *TemplateDeleteOptions) Run(ctx context.Context) error {
	c, err := d.NewClient()
	if err != nil {
		return err
	}
	ns, err := d.kind.namespace(d.Options, d.All)
	if err != nil {
		return err
	}
	var targets []tmplItem
	if d.All {
		if targets, _, err = d.kind.list(ctx, c, ns); err != nil {
			return err
		}
		if len(targets) == 0 {
			fmt.Fprintf(d.ErrOut, "No %ss to delete.\n", d.kind.Kind)
			return nil
		}
	} else {
		for _, n := range d.Names {
			targets = append(targets, d.kind.newObject(ns, n))
		}
	}
	for _, it := range targets {
		err := c.Delete(ctx, it.obj)
		if apierrors.IsNotFound(err) && d.All {
			continue
		}
		if err != nil {
			return err
		}
		name := it.obj.GetName()
		if d.AllNamespaces && !d.kind.cluster {
			name = it.obj.GetNamespace() + "/" + name
		}
		fmt.Fprintf(d.Out, "%s %s deleted\n", d.kind.resource, name)
	}
	return nil
}
