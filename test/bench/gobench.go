package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// GoBench is one Go benchmark's results over -count runs: each unit's values, one per run.
type GoBench struct {
	Pkg, Name string
	Units     []string // in the order go test printed them
	Values    map[string][]float64
}

// BenchPackages lists the packages under repo with Go benchmarks, as ./relative/paths:
// untagged ones and those behind the given build tag (files starting with //go:build tag).
// test/bench itself has none. vendor-like and hidden directories are skipped.
func BenchPackages(repo, tag string) ([]string, error) {
	var pkgs []string
	err := filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != repo && (strings.HasPrefix(name, ".") || name == "testdata" || name == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Contains(raw, []byte("\nfunc Benchmark")) || buildTag(raw) != tag {
			return nil
		}
		rel, err := filepath.Rel(repo, filepath.Dir(path))
		if err != nil {
			return err
		}
		if pkg := "./" + filepath.ToSlash(rel) + "/"; !slices.Contains(pkgs, pkg) {
			pkgs = append(pkgs, pkg)
		}
		return nil
	})
	slices.Sort(pkgs)
	return pkgs, err
}

var buildLine = regexp.MustCompile(`(?m)^//go:build (\S+)\s*$`)

// buildTag is the single tag a file's //go:build line names, or "" without one.
func buildTag(src []byte) string {
	if m := buildLine.FindSubmatch(src); m != nil {
		return string(m[1])
	}
	return ""
}

// RunGoBenchmarks runs `go test -run ^$ -bench . -count n` in repo on pkgs (with -tags tag
// when tag is set), copying go test's output to raw, and returns its results.
func RunGoBenchmarks(ctx context.Context, repo, tag string, pkgs []string, count int, raw io.Writer) ([]*GoBench, error) {
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	args := []string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-count", strconv.Itoa(count), "-timeout", "30m"}
	if tag != "" {
		args = append(args, "-tags", tag)
	}
	cmd := exec.CommandContext(ctx, goCmd, append(args, pkgs...)...)
	cmd.Dir = repo
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(&out, raw)
	cmd.Stderr = raw
	fmt.Fprintf(raw, "$ %s %s\n", goCmd, strings.Join(cmd.Args[1:], " "))
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go test -bench (%s): %w", strings.Join(pkgs, " "), err)
	}
	return ParseGoBench(&out)
}

// ParseGoBench reads go test -bench output: "pkg:" lines, and result lines
// "BenchmarkX-2  <iterations>  <value> <unit>  <value> <unit> ...".
func ParseGoBench(r io.Reader) ([]*GoBench, error) {
	var (
		out   []*GoBench
		index = map[string]*GoBench{}
		pkg   string
	)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue // a benchmark's own printing, or a name line without results
		}
		if _, err := strconv.ParseInt(f[1], 10, 64); err != nil {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i] // the GOMAXPROCS suffix
			}
		}
		b := index[pkg+"."+name]
		if b == nil {
			b = &GoBench{Pkg: pkg, Name: name, Values: map[string][]float64{}}
			index[pkg+"."+name] = b
			out = append(out, b)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("benchmark line %q: %w", line, err)
			}
			unit := f[i+1]
			if _, seen := b.Values[unit]; !seen {
				b.Units = append(b.Units, unit)
			}
			b.Values[unit] = append(b.Values[unit], v)
		}
	}
	return out, sc.Err()
}
