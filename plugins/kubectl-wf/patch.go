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
	ns, err := o.Namespace()
	if err != nil {
		return err
	}
	c, err := o.NewClient()
	if err != nil {
		return err
	}
	data, err := json.Marshal(patch)
	if err != nil {
		return err
	}
	for _, name := range names {
		wf := &wfv1.Workflow{}
		wf.Namespace, wf.Name = ns, name
		if err := c.Patch(ctx, wf, client.RawPatch(types.MergePatchType, data)); err != nil {
			return err
		}
		fmt.Fprintf(o.Out, "workflow %s %s\n", name, done)
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
