package main

import (
	"context"
	"fmt"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// lintDocuments is the body of every lint verb: it lints each document of l.Paths and
// prints the findings in l.Output's format (lint_format.go), then a summary. skip says why
// a document is left out ("not a ..."), or "" to lint it; skipped documents are noted on
// stderr.
func (l *LintOptions) lintDocuments(ctx context.Context, skip func(LintResult) string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	f := newLintFormat(l.Output, l.Out, l.Colour())
	docs, err := cli.ReadDocuments(l.Paths, l.In)
	if err != nil {
		return err
	}
	scheme := cli.NewScheme()
	var t lintTotals
	for _, d := range docs {
		r := LintDocument(ctx, scheme, d)
		if why := skip(r); why != "" {
			fmt.Fprintf(l.ErrOut, "%s: %s: skipped: %s\n", r.Source, r.Ref, why)
			f.skipped(r, why)
			continue
		}
		t.objects++
		if len(r.Errors) > 0 {
			t.failed++
		}
		t.errors += len(r.Errors)
		t.warnings += len(r.Warnings)
		f.linted(r)
	}
	f.summary(t)
	if t.objects == 0 {
		fmt.Fprintln(l.ErrOut, "no Skiff objects found")
		return cli.ExitError{Code: 1}
	}
	if t.failed > 0 {
		return cli.ExitError{Code: 1}
	}
	return nil
}

// lintTotals are the counts of a lint run.
type lintTotals struct{ objects, failed, errors, warnings int }

func (t lintTotals) String() string {
	return fmt.Sprintf("%d %s, %d %s, %d %s", t.objects, plural(t.objects, "object"), t.errors, plural(t.errors, "error"), t.warnings, plural(t.warnings, "warning"))
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
