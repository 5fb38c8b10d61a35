package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// CronCreateOptions are the inputs of `kubectl wf cron create`.
type CronCreateOptions struct {
	*cli.Options
	Output *cli.Output

	Files          []string
	Schedules      []string
	Parameters     []string
	Entrypoint     string
	ServiceAccount string
	GenerateName   string
}

// NewCmdCronCreate returns `kubectl wf cron create`.
func NewCmdCronCreate(o *cli.Options) *cobra.Command {
	cc := &CronCreateOptions{Options: o, Output: cli.NewOutput("created")}
	cmd := &cobra.Command{
		Use:               "create (FILE | -)...",
		Short:             "Create CronWorkflows from manifests",
		Example:           "  kubectl wf cron create nightly.yaml\n  kubectl wf cron create nightly.yaml --schedule '0 2 * * *' -p env=prod",
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeManifests,
		RunE: func(cmd *cobra.Command, args []string) error {
			cc.Files = args
			if err := cc.Output.Validate(false); err != nil {
				return err
			}
			return cc.Run(cmd.Context())
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&cc.Schedules, "schedule", nil, "Replace spec.schedules (repeatable: one cron expression each)")
	f.StringArrayVarP(&cc.Parameters, "parameter", "p", nil, "Set a workflow argument: NAME=VALUE (repeatable)")
	f.StringVar(&cc.Entrypoint, "entrypoint", "", "Override spec.workflowSpec.entrypoint")
	f.StringVar(&cc.ServiceAccount, "serviceaccount", "", "Override spec.workflowSpec.serviceAccountName")
	f.StringVar(&cc.GenerateName, "generate-name", "", "Override metadata.generateName (and drop metadata.name)")
	cc.Output.AddFlags(cmd, false)
	return cmd
}

// Run decodes, overrides, validates (as admission would) and creates each CronWorkflow.
func (cc *CronCreateOptions) Run(ctx context.Context) error {
	crons, err := cc.read()
	if err != nil {
		return err
	}
	ns, err := cc.Namespace()
	if err != nil {
		return err
	}
	c, err := cc.NewClient()
	if err != nil {
		return err
	}
	for _, cw := range crons {
		if cw.Namespace == "" || cc.ConfigFlags.Namespace != nil && *cc.ConfigFlags.Namespace != "" {
			cw.Namespace = ns
		}
		if err := cc.apply(cw); err != nil {
			return err
		}
		res := validate.Object(ctx, cw, validate.Options{Lookup: lookup{c}})
		for _, w := range res.Warnings {
			fmt.Fprintf(cc.ErrOut, "Warning: %s\n", w)
		}
		if err := res.Errors.ToAggregate(); err != nil {
			return fmt.Errorf("CronWorkflow/%s: %w", cw.Name+cw.GenerateName, err)
		}
		if err := c.Create(ctx, cw); err != nil {
			return err
		}
		if !cc.Output.Readable() {
			if err := cc.Output.Print(cw, cc.Out); err != nil {
				return err
			}
			continue
		}
		if _, err := io.WriteString(cc.Out, renderCron(cw, cc.Now())); err != nil {
			return err
		}
	}
	return nil
}

func (cc *CronCreateOptions) read() ([]*wfv1.CronWorkflow, error) {
	docs, err := cli.ReadDocuments(cc.Files, cc.In)
	if err != nil {
		return nil, err
	}
	scheme := cli.NewScheme()
	var out []*wfv1.CronWorkflow
	for _, d := range docs {
		obj, gvk, err := cli.DecodeStrict(scheme, d.Raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", d.Source, describe(d), err)
		}
		cw, ok := obj.(*wfv1.CronWorkflow)
		if !ok {
			return nil, fmt.Errorf("%s: %s: only CronWorkflows can be created here, not %s", d.Source, describe(d), gvk.Kind)
		}
		out = append(out, cw)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no CronWorkflow found", strings.Join(cc.Files, ", "))
	}
	return out, nil
}

func (cc *CronCreateOptions) apply(cw *wfv1.CronWorkflow) error {
	if len(cc.Schedules) > 0 {
		cw.Spec.Schedules = append([]string(nil), cc.Schedules...)
	}
	if cc.GenerateName != "" {
		cw.GenerateName, cw.Name = cc.GenerateName, ""
	}
	if cc.Entrypoint != "" {
		cw.Spec.WorkflowSpec.Entrypoint = cc.Entrypoint
	}
	if cc.ServiceAccount != "" {
		cw.Spec.WorkflowSpec.ServiceAccountName = cc.ServiceAccount
	}
	for _, p := range cc.Parameters {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return fmt.Errorf("-p %q: want NAME=VALUE", p)
		}
		setParameter(&cw.Spec.WorkflowSpec.Arguments, k, v)
	}
	return nil
}
