package bench

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseGoBench(t *testing.T) {
	out := `goos: linux
pkg: github.com/skiff-dev/skiff/webhook/workflows
BenchmarkWebhookDAG1000-2   	      30	  34012345 ns/op	        33.10 p50-ms	        37.20 p99-ms	 1234 B/op	  56 allocs/op
BenchmarkWebhookDAG1000-2   	      31	  35012345 ns/op	        34.00 p50-ms	        39.00 p99-ms	 1234 B/op	  56 allocs/op
workflow controller: something a benchmark printed
BenchmarkSlow
BenchmarkSlow-2             	       1	1000000000 ns/op
pkg: github.com/skiff-dev/skiff/api/validate
BenchmarkSlow-2             	       2	 900000000 ns/op
PASS
`
	got, err := ParseGoBench(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d benchmarks, want 3 (the same name in two packages is two): %+v", len(got), got)
	}
	dag := got[0]
	if dag.Name != "BenchmarkWebhookDAG1000" || dag.Pkg != "github.com/skiff-dev/skiff/webhook/workflows" {
		t.Errorf("first = %s %s", dag.Pkg, dag.Name)
	}
	if !slices.Equal(dag.Units, []string{"ns/op", "p50-ms", "p99-ms", "B/op", "allocs/op"}) {
		t.Errorf("units = %v", dag.Units)
	}
	if !slices.Equal(dag.Values["p50-ms"], []float64{33.1, 34}) {
		t.Errorf("p50 = %v", dag.Values["p50-ms"])
	}
	if got[1].Name != "BenchmarkSlow" || !slices.Equal(got[1].Values["ns/op"], []float64{1e9}) || got[2].Pkg != "github.com/skiff-dev/skiff/api/validate" {
		t.Errorf("slow = %+v, %+v", got[1], got[2])
	}
	if _, err := ParseGoBench(strings.NewReader("BenchmarkX-2 10 abc ns/op\n")); err == nil {
		t.Error("a bad value parsed without error")
	}
}

func TestBenchPackages(t *testing.T) {
	repo := t.TempDir()
	write := func(path, src string) {
		t.Helper()
		p := filepath.Join(repo, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/x_test.go", "package a\n\nfunc BenchmarkA(b *testing.B) {}\n")
	write("a/y_test.go", "package a\n\nfunc BenchmarkB(b *testing.B) {}\n")
	write("b/x_test.go", "//go:build integration\n\npackage b\n\nfunc BenchmarkC(b *testing.B) {}\n")
	write("c/x_test.go", "package c\n\nfunc TestC(t *testing.T) {}\n")
	write("d/x.go", "package d\n\nfunc BenchmarkNotATest() {}\n")
	write(".hidden/x_test.go", "package h\n\nfunc BenchmarkH(b *testing.B) {}\n")
	for tag, want := range map[string][]string{"": {"./a/"}, "integration": {"./b/"}} {
		got, err := BenchPackages(repo, tag)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("BenchPackages(%q) = %v, %v; want %v", tag, got, err, want)
		}
	}
}
