package main

import (
	"context"
	"fmt"
	"io"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// lintDocuments is the body of every lint verb: it lints each document of l.Paths and prints
// one line per finding, "file: Kind/name: message" (warnings marked "warning:"), then a
// summary. skip says why a document is left out ("not a ..."), or "" to lint it.
func (l *LintOptions) lintDocuments(ctx context.Context, skip func(LintResult) string) error {
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
		if why := skip(r); why != "" {
			fmt.Fprintf(l.ErrOut, "%s: %s: skipped: %s\n", r.Source, r.Ref, why)
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
