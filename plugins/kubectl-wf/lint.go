package main

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	Paths []string
}

// NewCmdLint returns `kubectl wf lint`: offline validation of manifests.
func NewCmdLint(o *cli.Options) *cobra.Command {
	l := &LintOptions{Options: o}
	return &cobra.Command{
		Use:   "lint (FILE | DIR | -)...",
		Short: "Validate Workflow manifests offline, as the admission webhook would",
		Long: `Validate Workflows, WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows
(and any other Skiff kind) without a cluster. Unknown fields are errors, fields Skiff does
not implement are denied with "not supported by Skiff". Exits 1 when any error is found.`,
		Example: "  kubectl wf lint hello-world.yaml\n  kubectl wf lint ./workflows/\n  cat wf.yaml | kubectl wf lint -",
		Args:    cobra.MinimumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"yaml", "yml", "json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			l.Paths = args
			if err := l.Validate(); err != nil {
				return err
			}
			return l.Run(cmd.Context())
		},
	}
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

// Run lints every document and prints one line per finding, "file: Kind/name: message"
// (warnings marked "warning:"), then a summary.
func (l *LintOptions) Run(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	docs, err := cli.ReadDocuments(l.Paths, l.In)
	if err != nil {
		return err
	}
	scheme := cli.NewScheme()
	c := l.Colour()
	var objects, failed, errs, warns int
	for _, d := range docs {
		r := LintDocument(ctx, scheme, d)
		if !r.Skiff {
			fmt.Fprintf(l.ErrOut, "%s: %s: skipped: not a Skiff kind\n", r.Source, r.Ref)
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

func (l *LintOptions) summary(w io.Writer, c cli.Colour, objects, failed, errs, warns int) error {
	if objects == 0 {
		fmt.Fprintln(l.ErrOut, "no Skiff objects found")
		return cli.ExitError{Code: 1}
	}
	counts := fmt.Sprintf("%d %s, %d %s, %d %s", objects, plural(objects, "object"), errs, plural(errs, "error"), warns, plural(warns, "warning"))
	if failed == 0 {
		fmt.Fprintf(w, "%s no linting errors found (%s)\n", c.Green("✔"), counts)
		return nil
	}
	fmt.Fprintf(w, "%s %d of %d %s failed (%s)\n", c.Red("✖"), failed, objects, plural(objects, "object"), counts)
	return cli.ExitError{Code: 1}
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// LintDocument decodes one document strictly and validates it offline.
func LintDocument(ctx context.Context, scheme *runtime.Scheme, d cli.Document) LintResult {
	r := LintResult{Source: d.Source, Ref: describe(d)}
	obj, _, err := cli.DecodeStrict(scheme, d.Raw)
	if errors.Is(err, cli.ErrNotSkiff) {
		return r
	}
	r.Skiff = true
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
