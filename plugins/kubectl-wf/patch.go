package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// patchWorkflows merge-patches each named workflow and reports it, "workflow <name> <done>".
func patchWorkflows(ctx context.Context, o *cli.Options, names []string, patch map[string]any, done string) error {
	data, err := json.Marshal(patch)
	if err != nil {
		return err
	}
	return patchNamed(ctx, o, "workflow", func() client.Object { return &wfv1.Workflow{} }, names, data, done)
}

// patchNamed merge-patches each named object of the namespace (newObj gives an empty one of
// the kind) and reports it, "<kind> <name> <done>".
func patchNamed(ctx context.Context, o *cli.Options, kind string, newObj func() client.Object, names []string, patch []byte, done string) error {
	ns, err := o.Namespace()
	if err != nil {
		return err
	}
	c, err := o.NewClient()
	if err != nil {
		return err
	}
	for _, name := range names {
		obj := newObj()
		obj.SetNamespace(ns)
		obj.SetName(name)
		if err := c.Patch(ctx, obj, client.RawPatch(types.MergePatchType, patch)); err != nil {
			return err
		}
		fmt.Fprintf(o.Out, "%s %s %s\n", kind, name, done)
	}
	return nil
}

// newPatchCmd builds the verbs that only patch named workflows (suspend, resume, stop,
// terminate).
func newPatchCmd(o *cli.Options, use, short, done string, patch func() map[string]any) *cobra.Command {
	return &cobra.Command{
		Use:               use + " NAME...",
		Short:             short,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeWorkflowNames(o),
		RunE: func(cmd *cobra.Command, args []string) error {
			return patchWorkflows(cmd.Context(), o, args, patch(), done)
		},
	}
}
