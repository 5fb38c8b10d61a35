package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// AnnotationRetry asks the controller to run a finished, unsuccessful workflow's failed steps
// again (succeeded ones are kept); its value is the time of the request.
const AnnotationRetry = wfv1.AnnotationRetry

// AnnotationRetried is the controller's record of the last retry request it carried out.
const AnnotationRetried = wfv1.AnnotationRetried

// RetryOptions holds `kubectl wf retry`'s inputs.
type RetryOptions struct {
	*cli.Options
	Names []string
}

// NewCmdRetry returns `kubectl wf retry`: only Failed or Error workflows, as upstream.
func NewCmdRetry(o *cli.Options) *cobra.Command {
	r := &RetryOptions{Options: o}
	return &cobra.Command{
		Use:   "retry NAME...",
		Short: "Run the failed steps of Failed or Error Workflows again, keeping the succeeded ones",
		Long: `Retry asks the controller to run a finished workflow again from where it failed: nodes that
succeeded are kept, failed and errored ones (with their pods) are removed and run anew. A
stopped or terminated workflow's shutdown is cleared. Only Failed or Error workflows can be
retried; resubmit starts a fresh copy of any workflow.`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeWorkflowNames(o),
		RunE: func(cmd *cobra.Command, args []string) error {
			r.Names = args
			return r.Run(cmd.Context())
		},
	}
}

// Run checks each workflow's phase, then sets the retry annotation and clears spec.shutdown.
func (r *RetryOptions) Run(ctx context.Context) error {
	ns, err := r.Namespace()
	if err != nil {
		return err
	}
	c, err := r.NewClient()
	if err != nil {
		return err
	}
	patch, err := json.Marshal(map[string]any{
		"metadata": map[string]any{"annotations": map[string]any{AnnotationRetry: r.Now().UTC().Format(time.RFC3339Nano)}},
		"spec":     map[string]any{"shutdown": nil},
	})
	if err != nil {
		return err
	}
	for _, name := range r.Names {
		wf := &wfv1.Workflow{}
		if err := c.Get(ctx, client.ObjectKey{Namespace: ns, Name: name}, wf); err != nil {
			return err
		}
		if p := wf.Status.Phase; p != wfv1.WorkflowFailed && p != wfv1.WorkflowError {
			return fmt.Errorf("workflow %s is %s: only a Failed or Error workflow can be retried (resubmit runs a new copy)", name, phaseOrPending(p))
		}
		if err := c.Patch(ctx, wf, client.RawPatch(types.MergePatchType, patch)); err != nil {
			return err
		}
		fmt.Fprintf(r.Out, "workflow %s retried\n", name)
	}
	return nil
}
