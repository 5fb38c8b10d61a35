package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/runtime"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// LintOptions are the inputs of `kubectl wf lint`.
type LintOptions struct {
	*cli.Options
	Paths  []string
	Output string // pretty, simple or json (lint_format.go)
}

// NewCmdLint returns `kubectl wf lint`: offline validation of manifests.
func NewCmdLint(o *cli.Options) *cobra.Command {
	return newLintCmd(o, &cobra.Command{
		Short: "Validate Workflow manifests offline, as the admission webhook would",
		Long: `Validate Workflows, WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows
(and any other Skiff kind) without a cluster. Unknown fields are errors, fields Skiff does
not implement are denied with "not supported by Skiff". Every problem of a document is
reported, unknown fields and validation errors alike. Exits 1 when any error is found.`,
		Example: "  kubectl wf lint hello-world.yaml\n  kubectl wf lint ./workflows/\n  cat wf.yaml | kubectl wf lint -",
	}, func(ctx context.Context, l *LintOptions) error { return l.Run(ctx) })
}

// newLintCmd completes a lint verb's command: one or more files, directories or "-",
// checked, then handed to run.
func newLintCmd(o *cli.Options, cmd *cobra.Command, run func(context.Context, *LintOptions) error) *cobra.Command {
	l := &LintOptions{Options: o}
	cmd.Use = "lint (FILE | DIR | -)..."
	cmd.Args = cobra.MinimumNArgs(1)
	cmd.ValidArgsFunction = completeManifests
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		l.Paths = args
		if err := l.Validate(); err != nil {
			return err
		}
		return run(cmd.Context(), l)
	}
	cmd.Flags().StringVarP(&l.Output, "output", "o", "pretty", "Output format: pretty (findings grouped by object), simple (one line per finding) or json")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(lintFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// Validate checks the arguments.
func (l *LintOptions) Validate() error {
	stdin := 0
	for _, p := range l.Paths {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return errors.New(`"-" (stdin) may be given once`)
	}
	if !slices.Contains(lintFormats, l.Output) {
		return fmt.Errorf("--output %q: use one of %s", l.Output, strings.Join(lintFormats, ", "))
	}
	return nil
}

// LintResult is what linting one document found.
type LintResult struct {
	Source   string
	Ref      string // Kind/name, or "document N" when the kind cannot be read
	Skiff    bool   // the document is a Skiff kind (others are skipped)
	Errors   []string
	Warnings []string
}

// UnsupportedOnly reports a document denied only for fields Skiff does not implement.
func (r LintResult) UnsupportedOnly() bool {
	if len(r.Errors) == 0 {
		return false
	}
	for _, e := range r.Errors {
		if !strings.Contains(e, v1alpha1.UnsupportedMessage) {
			return false
		}
	}
	return true
}

// Run lints every document and prints the findings in the -o format, then a summary.
func (l *LintOptions) Run(ctx context.Context) error {
	return l.lintDocuments(ctx, func(r LintResult) string {
		if !r.Skiff {
			return "not a Skiff kind"
		}
		return ""
	})
}

// LintDocument decodes one document and validates it offline. Every strict-decoding problem
// (duplicate keys, unknown fields, a wrongly typed value) is an error, and the document is
// still validated as read leniently, so one typo does not hide the other mistakes.
func LintDocument(ctx context.Context, scheme *runtime.Scheme, d cli.Document) LintResult {
	r := LintResult{Source: d.Source, Ref: describe(d)}
	obj, _, problems, err := cli.DecodeAll(scheme, d.Raw)
	if errors.Is(err, cli.ErrNotSkiff) {
		return r
	}
	r.Skiff = true
	r.Errors = problems
	if err != nil {
		r.Errors = append(r.Errors, err.Error())
		return r
	}
	res := validate.Object(ctx, obj, validate.Options{Lint: true})
	for _, e := range res.Errors {
		r.Errors = append(r.Errors, e.Error())
	}
	r.Warnings = append(r.Warnings, res.Warnings...)
	return r
}

// describe names a document "Kind/name" from a lenient reading, so a document that fails
// strict decoding is still named.
func describe(d cli.Document) string {
	var m struct {
		Kind     string `json:"kind"`
		Metadata struct {
			Name         string `json:"name"`
			GenerateName string `json:"generateName"`
		} `json:"metadata"`
	}
	if err := sigsyaml.Unmarshal(d.Raw, &m); err != nil || m.Kind == "" {
		return fmt.Sprintf("document %d", d.Index)
	}
	name := m.Metadata.Name
	if name == "" {
		name = m.Metadata.GenerateName
	}
	return m.Kind + "/" + name
}
