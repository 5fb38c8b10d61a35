package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

func newCmdTemplateLint(o *cli.Options, k tmplKind) *cobra.Command {
	return newLintCmd(o, &cobra.Command{
		Short: fmt.Sprintf("Validate %s manifests offline, as the admission webhook would", k.Kind),
		Long: fmt.Sprintf(`Validate the %ss of files and directories without a cluster (other kinds
are skipped; "kubectl wf lint" checks every kind). Exits 1 when any error is found.`, k.Kind),
		Example: fmt.Sprintf("  kubectl wf %s lint templates/", k.command),
	}, func(ctx context.Context, l *LintOptions) error { return lintKind(ctx, l, k) })
}

// lintKind is `kubectl wf lint` restricted to one kind.
func lintKind(ctx context.Context, l *LintOptions, k tmplKind) error {
	return l.lintDocuments(ctx, func(r LintResult) string {
		if !r.Skiff || !strings.HasPrefix(r.Ref, k.Kind+"/") {
			return "not a " + k.Kind
		}
		return ""
	})
}
