package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// NewCmdCronLint returns `kubectl wf cron lint`: offline validation of CronWorkflow
// manifests, as the admission webhook would run it; other kinds are skipped.
func NewCmdCronLint(o *cli.Options) *cobra.Command {
	l := &LintOptions{Options: o}
	return &cobra.Command{
		Use:     "lint (FILE | DIR | -)...",
		Short:   "Validate CronWorkflow manifests offline, as the admission webhook would",
		Example: "  kubectl wf cron lint nightly.yaml\n  kubectl wf cron lint ./crons/",
		Args:    cobra.MinimumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"yaml", "yml", "json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			l.Paths = args
			if err := l.Validate(); err != nil {
				return err
			}
			return lintCrons(cmd.Context(), l)
		},
	}
}

// lintCrons prints each finding as `lint` does, for CronWorkflows only.
func lintCrons(ctx context.Context, l *LintOptions) error {
	docs, err := cli.ReadDocuments(l.Paths, l.In)
	if err != nil {
		return err
	}
	scheme := cli.NewScheme()
	c := l.Colour()
	var objects, failed, errs, warns int
	for _, d := range docs {
		r := LintDocument(ctx, scheme, d)
		// A document whose kind cannot be read is linted, so that its decoding error shows.
		if !r.Skiff || (!strings.HasPrefix(r.Ref, "document ") && !strings.HasPrefix(r.Ref, "CronWorkflow/")) {
			fmt.Fprintf(l.ErrOut, "%s: %s: skipped: not a CronWorkflow\n", r.Source, r.Ref)
			continue
		}
		objects++
		for _, e := range r.Errors {
			fmt.Fprintf(l.Out, "%s: %s: %s\n", r.Source, r.Ref, c.Red(e))
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(l.Out, "%s: %s: %s %s\n", r.Source, r.Ref, c.Yellow("warning:"), w)
		}
		if len(r.Errors) > 0 {
			failed++
		}
		errs += len(r.Errors)
		warns += len(r.Warnings)
	}
	return l.summary(l.Out, c, objects, failed, errs, warns)
}
