package bench

import (
	"fmt"
	"io"
	"path"
	"strings"
)

// goBenchLabels says what each Go benchmark measures, printed beside its figures.
var goBenchLabels = map[string]string{
	"BenchmarkWebhookTypicalWorkflow":          "validating handler in-process over HTTPS (httptest TLS server: controller-runtime decoder, typed validator, api/validate), no API server; a steps + DAG Workflow of 5 templates; one client, sequential",
	"BenchmarkWebhookDAG1000":                  "as above, a 1,000-task DAG whose tasks read the previous task's output",
	"BenchmarkWebhookAPIServerTypicalWorkflow": "dry-run create through envtest's kube-apiserver, both webhooks (served in the test process over HTTPS) and back, as a non-admin user; a 4-task DAG Workflow; one client, sequential",
	"BenchmarkWebhookAPIServerDAG1000":         "as above, a 1,000-task DAG",
	"BenchmarkWorkflowDAG5000":                 "api/validate alone (a pure function, no HTTP) on a 5,000-task DAG",
	"BenchmarkOperate5000NodeDAG":              "one reconcile's walk over a 5,000-node status with nothing to change, in memory (no API server)",
	"BenchmarkCompressNodes5000":               "gzip + base64 of a 5,000-node status and back, in memory",
}

// Report collects the figures of every run and prints them as medians with their spread.
type Report struct {
	blocks []block
}

type block struct {
	title, simulates string
	names            []string
	values           map[string][]float64
	digits           map[string]int
	failed           int
	controller       bool // a controller scenario: Common applies
}

// AddScenario records a controller scenario's runs; failed counts runs that did not finish.
func (r *Report) AddScenario(s Scenario, runs [][]Figure, failed int) {
	b := block{title: s.Name, simulates: s.Simulates, values: map[string][]float64{}, digits: map[string]int{}, failed: failed, controller: true}
	for _, run := range runs {
		for _, f := range run {
			if _, seen := b.values[f.Name]; !seen {
				b.names = append(b.names, f.Name)
			}
			b.values[f.Name] = append(b.values[f.Name], f.Value)
			b.digits[f.Name] = f.Digits
		}
	}
	r.blocks = append(r.blocks, b)
}

// AddGoBench records a Go benchmark's -count runs: time per op in ms and its own metrics;
// allocation figures stay in the raw output.
func (r *Report) AddGoBench(g *GoBench) {
	label := goBenchLabels[g.Name]
	if label == "" {
		label = "(no description in test/bench/report.go)"
	}
	b := block{title: path.Base(g.Pkg) + " " + g.Name, simulates: label, values: map[string][]float64{}, digits: map[string]int{}}
	for _, unit := range g.Units {
		name, scale := unit, 1.0
		switch unit {
		case "B/op", "allocs/op", "MB/s":
			continue
		case "ns/op":
			name, scale = "ms/op", 1e-6
		}
		for _, v := range g.Values[unit] {
			b.values[name] = append(b.values[name], v*scale)
		}
		b.names = append(b.names, name)
		b.digits[name] = 2
		if unit == "samples" || strings.HasSuffix(unit, "-bytes") {
			b.digits[name] = 0
		}
	}
	r.blocks = append(r.blocks, b)
}

// Print writes one block per scenario or benchmark: its name and what it simulates, then
// each figure's median with the range over the runs and the number of runs.
func (r *Report) Print(w io.Writer) {
	commonSaid := false
	for _, b := range r.blocks {
		if b.controller && !commonSaid {
			fmt.Fprintf(w, "\n%s\n", Common)
			commonSaid = true
		}
		fmt.Fprintf(w, "\n%s — %s\n", b.title, b.simulates)
		if b.failed > 0 {
			fmt.Fprintf(w, "  %d run(s) FAILED and are not counted (see the raw output)\n", b.failed)
		}
		for _, n := range b.names {
			s := Summarise(b.values[n])
			fmt.Fprintf(w, "  %-22s %-28s runs %d\n", n, s.Format(b.digits[n]), s.N)
		}
		if len(b.names) == 0 {
			fmt.Fprintln(w, "  no figures")
		}
	}
}

// Header is the line above the table: medians of how many runs, and the figures' format.
func Header(runs int) string {
	return fmt.Sprintf("Figures: median (min–max) of %d runs each (Go benchmarks: go test -count %d).", runs, runs)
}
