package main

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/spf13/cobra"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// LabelResubmittedFrom names the workflow a resubmitted one was copied from (upstream's label).
const LabelResubmittedFrom = wfv1.LabelResubmittedFrom

// ResubmitOptions holds `kubectl wf resubmit`'s inputs.
type ResubmitOptions struct {
	*cli.Options
	Parameters []string
	Names      []string
}

// NewCmdResubmit returns `kubectl wf resubmit`: a new Workflow with the old one's spec.
func NewCmdResubmit(o *cli.Options) *cobra.Command {
	r := &ResubmitOptions{Options: o}
	cmd := &cobra.Command{
		Use:   "resubmit NAME...",
		Short: "Submit a new Workflow with the spec of an existing one",
		Long: `Resubmit creates a fresh Workflow named <name>-<random> from each named one: the same spec
(with suspend and shutdown cleared), its labels and the label ` + LabelResubmittedFrom + `.
-p NAME=VALUE overrides an argument.`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeWorkflowNames(o),
		RunE: func(cmd *cobra.Command, args []string) error {
			r.Names = args
			return r.Run(cmd.Context())
		},
	}
	cmd.Flags().StringArrayVarP(&r.Parameters, "parameter", "p", nil, "Override an argument: NAME=VALUE (repeatable)")
	return cmd
}

// Run copies and creates each named workflow.
func (r *ResubmitOptions) Run(ctx context.Context) error {
	params := map[string]string{}
	for _, p := range r.Parameters {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return fmt.Errorf("-p %q: want NAME=VALUE", p)
		}
		params[k] = v
	}
	ns, err := r.Namespace()
	if err != nil {
		return err
	}
	c, err := r.NewClient()
	if err != nil {
		return err
	}
	for _, name := range r.Names {
		old := &wfv1.Workflow{}
		if err := c.Get(ctx, client.ObjectKey{Namespace: ns, Name: name}, old); err != nil {
			return err
		}
		wf := resubmission(old, params)
		if err := c.Create(ctx, wf); err != nil {
			return err
		}
		fmt.Fprintf(r.Out, "workflow.argoproj.io/%s created (resubmitted from %s)\n", wf.Name, name)
	}
	return nil
}

// resubmission is old's spec under a new generated name; labels the controller sets on its
// own workflows (workflows.argoproj.io/completed, phase, ...) are not carried over.
func resubmission(old *wfv1.Workflow, params map[string]string) *wfv1.Workflow {
	wf := &wfv1.Workflow{}
	wf.Namespace = old.Namespace
	wf.GenerateName = old.Name + "-"
	wf.Labels = map[string]string{}
	for k, v := range old.Labels {
		if k == wfv1.LabelCompleted || k == wfv1.LabelPhase {
			continue
		}
		wf.Labels[k] = v
	}
	wf.Labels[LabelResubmittedFrom] = old.Name
	wf.Annotations = maps.Clone(old.Annotations)
	delete(wf.Annotations, AnnotationResume)
	delete(wf.Annotations, AnnotationRetry)
	delete(wf.Annotations, AnnotationRetried)
	wf.Spec = *old.Spec.DeepCopy()
	wf.Spec.Shutdown = ""
	wf.Spec.Suspend = nil
	for k, v := range params {
		setParameter(&wf.Spec.Arguments, k, v)
	}
	return wf
}
