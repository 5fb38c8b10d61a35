package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/util/duration"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// CronGetOptions are the inputs of `kubectl wf cron get`.
type CronGetOptions struct {
	*cli.Options
	Output *cli.Output
	Name   string
}

// NewCmdCronGet returns `kubectl wf cron get`.
func NewCmdCronGet(o *cli.Options) *cobra.Command {
	g := &CronGetOptions{Options: o, Output: cli.NewOutput("")}
	return newGetNamedCmd("Show a CronWorkflow: schedules, policies, last and next run, active workflows",
		completeCronNames(o), g.Output, func(ctx context.Context, name string) error {
			g.Name = name
			return g.Run(ctx)
		})
}

// Run fetches and prints the CronWorkflow.
func (g *CronGetOptions) Run(ctx context.Context) error {
	ns, err := g.Namespace()
	if err != nil {
		return err
	}
	c, err := g.NewClient()
	if err != nil {
		return err
	}
	cw := &wfv1.CronWorkflow{}
	if err := c.Get(ctx, client.ObjectKey{Namespace: ns, Name: g.Name}, cw); err != nil {
		return err
	}
	return printFetched(g.Output, g.Out, cw, func() string { return renderCron(cw, g.Now()) })
}

// renderCron is the summary of `cron get` and `cron create`, in upstream's field order.
func renderCron(cw *wfv1.CronWorkflow, now time.Time) string {
	var b strings.Builder
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%-31s%s\n", k+":", v)
		}
	}
	stamp := func(t time.Time) string { return t.Local().Format("Mon Jan 02 15:04:05 -0700") }
	field("Name", cw.Name)
	field("Namespace", cw.Namespace)
	if !cw.CreationTimestamp.IsZero() {
		field("Created", fmt.Sprintf("%s (%s ago)", stamp(cw.CreationTimestamp.Time), cli.Age(now, cw.CreationTimestamp.Time)))
	}
	field("Schedules", schedules(cw))
	field("Timezone", cw.Spec.Timezone)
	field("Suspended", fmt.Sprint(suspended(cw)))
	if d := cw.Spec.StartingDeadlineSeconds; d != nil {
		field("StartingDeadlineSeconds", fmt.Sprint(*d))
	}
	policy := cw.Spec.ConcurrencyPolicy
	if policy == "" {
		policy = wfv1.ConcurrencyPolicyAllow
	}
	field("ConcurrencyPolicy", string(policy))
	if ss := cw.Spec.StopStrategy; ss != nil {
		field("StopStrategy", ss.Expression)
	}
	field("When", cw.Spec.When)
	field("Phase", string(cw.Status.Phase))
	if t := cw.Status.LastScheduledTime; t != nil {
		field("LastScheduledTime", fmt.Sprintf("%s (%s ago)", stamp(t.Time), cli.Age(now, t.Time)))
	}
	if n := nextRun(cw, now); !n.IsZero() {
		field("NextScheduledTime", fmt.Sprintf("%s (%s from now)", stamp(n), duration.HumanDuration(n.Sub(now))))
	}
	if cw.Status.Succeeded > 0 || cw.Status.Failed > 0 || cw.Status.LastScheduledTime != nil {
		field("Succeeded", fmt.Sprint(cw.Status.Succeeded))
		field("Failed", fmt.Sprint(cw.Status.Failed))
	}
	var active []string
	for _, ref := range cw.Status.Active {
		active = append(active, ref.Name)
	}
	field("Active Workflows", strings.Join(active, ", "))
	for _, c := range cw.Status.Conditions {
		switch c.Type {
		case wfv1.ConditionTypeSpecError, wfv1.ConditionTypeSubmissionError:
			field("Conditions", fmt.Sprintf("%s: %s", c.Type, c.Message))
		}
	}
	return b.String()
}
