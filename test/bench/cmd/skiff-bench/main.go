// Command skiff-bench runs Skiff's benchmarks several times and prints medians with their
// spread (`make bench`): the Go benchmarks (go test -bench -count N, untagged and
// integration-tagged) and the workflow controller measured as its own process (package
// test/bench). The raw output of the run is kept in <out>/bench-<time>.txt and
// <out>/bench-latest.txt, the controller's logs in <out>/logs-<time>/.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.uber.org/zap/zapcore"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/skiff-dev/skiff/test/bench"
	"github.com/skiff-dev/skiff/test/corpus"
)

type config struct {
	runs, workflows, dagTasks, dagLayers, configMaps, configMapBytes int
	settle                                                           time.Duration
	out, controllerBin                                               string
	only                                                             map[string]bool
}

// parts are what -only selects: the Go benchmarks, untagged and integration-tagged, and
// the controller scenarios.
var parts = []string{"go", "integration", "single-step", "dag", "configmaps"}

func main() {
	os.Exit(run())
}

func run() int {
	c, err := parseFlags(os.Args[1:])
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	// envtest and the harness's caches log through controller-runtime: errors only.
	ctrllog.SetLogger(zap.New(zap.WriteTo(os.Stderr), zap.Level(zapcore.ErrorLevel)))
	repo, err := corpus.RepoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if !filepath.IsAbs(c.out) {
		c.out = filepath.Join(repo, c.out)
	}
	stamp := time.Now().UTC().Format("20060102-150405")
	logs := filepath.Join(c.out, "logs-"+stamp)
	if err := os.MkdirAll(logs, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	rawPath := filepath.Join(c.out, "bench-"+stamp+".txt")
	rawFile, err := os.Create(rawPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	raw := io.MultiWriter(os.Stdout, rawFile)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	fmt.Fprintf(raw, "skiff-bench %s UTC: %d CPUs, %s, commit %s, %d runs each\n", time.Now().UTC().Format(time.DateTime), runtime.NumCPU(), runtime.Version(), gitHead(repo), c.runs)
	fmt.Fprintf(raw, "controller logs: %s\n", logs)
	var report bench.Report
	failed := runGoBenchmarks(ctx, repo, c, raw, &report)
	failed = runControllerScenarios(ctx, repo, logs, c, raw, &report) || failed

	fmt.Fprintf(raw, "\n==== Results (%s) ====\n%s\n", stamp, bench.Header(c.runs))
	report.Print(raw)
	if err := rawFile.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := copyFile(rawPath, filepath.Join(c.out, "bench-latest.txt")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("\nraw output: %s (and bench-latest.txt)\n", rawPath)
	if failed {
		fmt.Fprintln(os.Stderr, "some benchmarks failed: see the raw output")
		return 1
	}
	return 0
}

func parseFlags(args []string) (config, error) {
	runs := 3
	if v := os.Getenv("BENCH_RUNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return config{}, fmt.Errorf("BENCH_RUNS=%q: want a whole number of runs, at least 1", v)
		}
		runs = n
	}
	var c config
	var only string
	fs := flag.NewFlagSet("skiff-bench", flag.ContinueOnError)
	fs.IntVar(&c.runs, "runs", runs, "Runs of every benchmark and scenario; $BENCH_RUNS sets the default.")
	fs.StringVar(&c.out, "out", "bin/bench", "Directory for the raw output and the controller's logs (relative to the repository).")
	fs.IntVar(&c.workflows, "workflows", 1000, "Single-step workflows per run.")
	fs.IntVar(&c.dagTasks, "dag-tasks", 1000, "Tasks of the DAG scenario.")
	fs.IntVar(&c.dagLayers, "dag-layers", 10, "Layers of the DAG scenario.")
	fs.IntVar(&c.configMaps, "configmaps", 10000, "Unrelated ConfigMaps created in the memory scenario.")
	fs.IntVar(&c.configMapBytes, "configmap-bytes", 1024, "Bytes of data in each unrelated ConfigMap.")
	fs.DurationVar(&c.settle, "settle", 15*time.Second, "Idle time before each memory reading of the ConfigMap scenario.")
	fs.StringVar(&c.controllerBin, "controller-bin", "", "A skiff-controller binary to measure instead of building ./controller (e.g. an older commit's, to compare).")
	fs.StringVar(&only, "only", "", "Comma-separated parts to run ("+strings.Join(parts, ", ")+"); empty runs all.")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	switch {
	case c.runs < 1, c.workflows < 1, c.configMaps < 0, c.configMapBytes < 0, c.settle < 0:
		return config{}, fmt.Errorf("-runs and -workflows must be at least 1; -configmaps, -configmap-bytes and -settle not negative")
	case c.dagLayers < 1 || c.dagTasks < c.dagLayers || c.dagTasks%c.dagLayers != 0:
		return config{}, fmt.Errorf("-dag-tasks (%d) must be a positive multiple of -dag-layers (%d)", c.dagTasks, c.dagLayers)
	}
	c.only = map[string]bool{}
	for _, p := range strings.Split(only, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !slices.Contains(parts, p) {
			return config{}, fmt.Errorf("-only: unknown part %q; the parts are %s", p, strings.Join(parts, ", "))
		}
		c.only[p] = true
	}
	return c, nil
}

func (c config) wants(part string) bool { return len(c.only) == 0 || c.only[part] }

func gitHead(repo string) string {
	out, err := exec.Command("git", "-C", repo, "describe", "--always", "--dirty").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
