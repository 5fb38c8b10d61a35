package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

func newCmdTemplateLint(o *cli.Options, k tmplKind) *cobra.Command {
	l := &LintOptions{Options: o}
	return &cobra.Command{
		Use:   "lint (FILE | DIR | -)...",
		Short: fmt.Sprintf("Validate %s manifests offline, as the admission webhook would", k.Kind),
		Long: fmt.Sprintf(`Validate the %ss of files and directories without a cluster (other kinds
are skipped; "kubectl wf lint" checks every kind). Exits 1 when any error is found.`, k.Kind),
		Example: fmt.Sprintf("  kubectl wf %s lint templates/", k.command),
		Args:    cobra.MinimumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"yaml", "yml", "json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			l.Paths = args
			if err := l.Validate(); err != nil {
				return err
			}
			return lintKind(cmd, l, k)
		},
	}
}

// lintKind is `kubectl wf lint` restricted to one kind.
func lintKind(cmd *cobra.Command, l *LintOptions, k tmplKind) error {
	return l.lintDocuments(cmd.Context(), func(r LintResult) string {
		if !r.Skiff || !strings.HasPrefix(r.Ref, k.Kind+"/") {
			return "not a " + k.Kind
		}
		return ""
	})
}
