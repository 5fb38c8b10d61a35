package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// NewCmdCronLint returns `kubectl wf cron lint`: offline validation of CronWorkflow
// manifests, as the admission webhook would run it; other kinds are skipped.
func NewCmdCronLint(o *cli.Options) *cobra.Command {
	return newLintCmd(o, &cobra.Command{
		Short:   "Validate CronWorkflow manifests offline, as the admission webhook would",
		Example: "  kubectl wf cron lint nightly.yaml\n  kubectl wf cron lint ./crons/",
	}, lintCrons)
}

// lintCrons prints each finding as `lint` does, for CronWorkflows only.
func lintCrons(ctx context.Context, l *LintOptions) error {
	return l.lintDocuments(ctx, func(r LintResult) string {
		// A document whose kind cannot be read is linted, so that its decoding error shows.
		if !r.Skiff || (!strings.HasPrefix(r.Ref, "document ") && !strings.HasPrefix(r.Ref, "CronWorkflow/")) {
			return "not a CronWorkflow"
		}
		return ""
	})
}
