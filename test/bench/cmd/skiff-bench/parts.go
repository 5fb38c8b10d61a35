package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/skiff-dev/skiff/test/bench"
)

// runGoBenchmarks runs the untagged and the integration-tagged Go benchmarks with -count
// runs; it reports whether any failed.
func runGoBenchmarks(ctx context.Context, repo string, c config, raw io.Writer, report *bench.Report) bool {
	failed := false
	for _, part := range []struct{ name, tag string }{{"go", ""}, {"integration", "integration"}} {
		if !c.wants(part.name) {
			continue
		}
		pkgs, err := bench.BenchPackages(repo, part.tag)
		if err == nil && len(pkgs) == 0 {
			err = fmt.Errorf("no packages with benchmarks")
		}
		var results []*bench.GoBench
		if err == nil {
			fmt.Fprintf(raw, "\n== Go benchmarks (%s), %d runs each\n", part.name, c.runs)
			results, err = bench.RunGoBenchmarks(ctx, repo, part.tag, pkgs, c.runs, raw)
		}
		if err != nil {
			fmt.Fprintf(raw, "FAILED: %s benchmarks: %v\n", part.name, err)
			failed = true
		}
		for _, g := range results {
			report.AddGoBench(g)
		}
	}
	return failed
}

// runControllerScenarios builds the controller and runs each scenario c.runs times, round
// robin (run 1 of every scenario, then run 2...), so that load from other work on the
// machine spreads over all scenarios rather than landing on one.
func runControllerScenarios(ctx context.Context, repo, logs string, c config, raw io.Writer, report *bench.Report) bool {
	if !c.wants("single-step") && !c.wants("dag") && !c.wants("configmaps") {
		return false
	}
	fmt.Fprintf(raw, "\n== Workflow controller as its own process, %d runs each\n", c.runs)
	bin := c.controllerBin
	if bin == "" {
		binDir, err := os.MkdirTemp("", "skiff-bench-")
		if err != nil {
			fmt.Fprintf(raw, "FAILED: %v\n", err)
			return true
		}
		defer os.RemoveAll(binDir)
		if bin, err = bench.BuildController(repo, binDir); err != nil {
			fmt.Fprintf(raw, "FAILED: %v\n", err)
			return true
		}
	} else if _, err := os.Stat(bin); err != nil {
		fmt.Fprintf(raw, "FAILED: -controller-bin: %v\n", err)
		return true
	}
	defaults := bench.DefaultsText(bin)
	fmt.Fprintf(raw, "%s\n", defaults)
	var scenarios []bench.Scenario
	if c.wants("single-step") {
		scenarios = append(scenarios, bench.SingleStep("single-step", c.workflows, defaults))
		scenarios = append(scenarios, tunedSingleStep(bin, c, raw)...)
	}
	if c.wants("dag") {
		scenarios = append(scenarios, bench.DAG(c.dagTasks, c.dagLayers, defaults))
	}
	if c.wants("configmaps") {
		scenarios = append(scenarios, bench.ConfigMaps(c.configMaps, c.configMapBytes, c.settle, defaults))
	}
	figures := make([][][]bench.Figure, len(scenarios))
	fails := make([]int, len(scenarios))
	for i := 1; i <= c.runs; i++ {
		for j, s := range scenarios {
			if ctx.Err() != nil {
				return true
			}
			figs, err := bench.RunOnce(ctx, repo, logs, bin, s, i, raw)
			if err != nil {
				fmt.Fprintf(raw, "run %d %s FAILED: %v\n", i, s.Name, err)
				fails[j]++
				continue
			}
			figures[j] = append(figures[j], figs)
			fmt.Fprintf(raw, "run %d %s:", i, s.Name)
			for _, f := range figs {
				fmt.Fprintf(raw, " %s=%.*f", f.Name, f.Digits, f.Value)
			}
			fmt.Fprintln(raw)
		}
	}
	failed := false
	for j, s := range scenarios {
		report.AddScenario(s, figures[j], fails[j])
		failed = failed || fails[j] > 0
	}
	return failed
}

// tunedSingleStep is the single-step scenario at --kube-api-qps 50 --kube-api-burst 100,
// unless those already are the binary's defaults (then the default run is that run).
func tunedSingleStep(bin string, c config, raw io.Writer) []bench.Scenario {
	qps, err1 := bench.ControllerFlagDefault(bin, "kube-api-qps")
	burst, err2 := bench.ControllerFlagDefault(bin, "kube-api-burst")
	if err1 != nil || err2 != nil {
		fmt.Fprintf(os.Stderr, "reading the controller's client defaults: %v %v\n", err1, err2)
	}
	if qps == "50" && burst == "100" {
		fmt.Fprintln(raw, "--kube-api-qps 50 --kube-api-burst 100 are the controller's defaults: the single-step scenario at defaults is that run.")
		return nil
	}
	fmt.Fprintf(raw, "the controller's defaults are --kube-api-qps %s --kube-api-burst %s: also running single-step at 50/100.\n", qps, burst)
	return []bench.Scenario{bench.SingleStep("single-step-qps50", c.workflows, "controller defaults but --kube-api-qps 50 --kube-api-burst 100",
		"--kube-api-qps", "50", "--kube-api-burst", "100")}
}
