package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// lintFormats are the values of lint's -o, as `argo lint` names them: pretty (the default)
// groups findings under each object with ✖ markers; simple is one "file: Kind/name: message"
// line per finding, for grep and editors; json is one document for programs.
var lintFormats = []string{"pretty", "simple", "json"}

// lintFormat prints lint results as they come and a summary at the end.
type lintFormat interface {
	linted(r LintResult)
	skipped(r LintResult, why string)
	summary(t lintTotals)
}

// newLintFormat returns the printer for -o name (checked by LintOptions.Validate).
func newLintFormat(name string, w io.Writer, c cli.Colour) lintFormat {
	switch name {
	case "simple":
		return simpleLint{w: w}
	case "json":
		return &jsonLint{w: w}
	}
	return prettyLint{w: w, c: c}
}

type prettyLint struct {
	w io.Writer
	c cli.Colour
}

func (p prettyLint) linted(r LintResult) {
	if len(r.Errors)+len(r.Warnings) == 0 {
		return
	}
	fmt.Fprintf(p.w, "%s: %s:\n", r.Source, r.Ref)
	for _, e := range r.Errors {
		fmt.Fprintf(p.w, "   %s %s\n", p.c.Red("✖"), e)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(p.w, "   %s %s\n", p.c.Yellow("⚠ warning:"), w)
	}
	fmt.Fprintln(p.w)
}

func (p prettyLint) skipped(LintResult, string) {}

func (p prettyLint) summary(t lintTotals) {
	switch {
	case t.objects == 0:
	case t.failed == 0:
		fmt.Fprintf(p.w, "%s no linting errors found (%s)\n", p.c.Green("✔"), t)
	default:
		fmt.Fprintf(p.w, "%s %d of %d %s failed (%s)\n", p.c.Red("✖"), t.failed, t.objects, plural(t.objects, "object"), t)
	}
}

type simpleLint struct{ w io.Writer }

func (s simpleLint) linted(r LintResult) {
	for _, e := range r.Errors {
		fmt.Fprintf(s.w, "%s: %s: %s\n", r.Source, r.Ref, e)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(s.w, "%s: %s: warning: %s\n", r.Source, r.Ref, w)
	}
}

func (s simpleLint) skipped(LintResult, string) {}

func (s simpleLint) summary(t lintTotals) {
	switch {
	case t.objects == 0:
	case t.failed == 0:
		fmt.Fprintf(s.w, "no linting errors found (%s)\n", t)
	default:
		fmt.Fprintf(s.w, "%d of %d %s failed (%s)\n", t.failed, t.objects, plural(t.objects, "object"), t)
	}
}

// jsonLint collects every document's result and writes them as one JSON document.
type jsonLint struct {
	w       io.Writer
	results []jsonLintResult
}

type jsonLintResult struct {
	File     string   `json:"file"`
	Object   string   `json:"object"`
	Linted   bool     `json:"linted"`
	Skipped  string   `json:"skipped,omitempty"`
	Errors   []string `json:"errors"`
	Warnings []string `json:"warnings"`
}

func (j *jsonLint) linted(r LintResult) {
	j.results = append(j.results, jsonLintResult{File: r.Source, Object: r.Ref, Linted: true,
		Errors: orEmpty(r.Errors), Warnings: orEmpty(r.Warnings)})
}

func (j *jsonLint) skipped(r LintResult, why string) {
	j.results = append(j.results, jsonLintResult{File: r.Source, Object: r.Ref, Skipped: why, Errors: []string{}, Warnings: []string{}})
}

func (j *jsonLint) summary(t lintTotals) {
	out := struct {
		Results        []jsonLintResult `json:"results"`
		Success        bool             `json:"success"`
		AnythingLinted bool             `json:"anythingLinted"`
		Objects        int              `json:"objects"`
		Failed         int              `json:"failed"`
		Errors         int              `json:"errors"`
		Warnings       int              `json:"warnings"`
	}{orEmpty(j.results), t.objects > 0 && t.failed == 0, t.objects > 0, t.objects, t.failed, t.errors, t.warnings}
	data, _ := json.MarshalIndent(out, "", "  ")
	fmt.Fprintln(j.w, string(data))
}

// orEmpty keeps empty lists as [] in JSON, so programs need not check for null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
