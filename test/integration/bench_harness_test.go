//go:build integration

package integration

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/skiff-dev/skiff/test/bench"
	"github.com/skiff-dev/skiff/test/corpus"
)

// TestBenchHarness runs `make bench`'s controller scenarios small, once each: the real
// controller binary as its own process against a fresh API server, pods completed by the
// simulated kubelet, CPU and memory read from the controller's /proc entries. It checks the
// figures are there and plausible, so a harness that measures nothing fails here.
func TestBenchHarness(t *testing.T) {
	repo, err := corpus.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin, err := bench.BuildController(repo, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"single-step": {"workflows/min", "controller CPU s", "CPU ms/workflow", "peak RSS MiB", "reconciles"},
		"dag-20":      {"elapsed s", "ms/task", "last pod created s", "controller CPU s", "peak RSS MiB", "reconciles"},
		"configmaps":  {"RSS before MiB", "RSS after MiB", "peak RSS MiB"},
	}
	for _, s := range []bench.Scenario{bench.SingleStep("single-step", 20, "defaults"), bench.DAG(20, 2, "defaults"), bench.ConfigMaps(200, 64, time.Second, "defaults")} {
		var log strings.Builder
		figs, err := bench.RunOnce(context.Background(), repo, dir, bin, s, 1, &log)
		t.Logf("%s:\n%s", s.Name, log.String())
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		got := map[string]float64{}
		for _, f := range figs {
			if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
				t.Errorf("%s: %s = %v", s.Name, f.Name, f.Value)
			}
			got[f.Name] = f.Value
		}
		for _, name := range want[s.Name] {
			if got[name] <= 0 {
				t.Errorf("%s: %s = %v, want > 0 (figures %v)", s.Name, name, got[name], got)
			}
		}
		// A Go controller with its caches started holds more than 10 MiB; less means the
		// wrong process was read.
		if got["peak RSS MiB"] < 10 {
			t.Errorf("%s: controller peak RSS %.1f MiB", s.Name, got["peak RSS MiB"])
		}
		if s.Name == "single-step" && got["reconciles"] < 20 {
			t.Errorf("%s: %v workflow reconciles, want at least one per workflow", s.Name, got["reconciles"])
		}
	}
}
