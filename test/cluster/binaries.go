package cluster

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/skiff-dev/skiff/test/internal/buildcache"
)

// kubeCommands are built from k8s.io/kubernetes through the test/cluster/kube module.
var kubeCommands = []string{"kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kubectl", "kube-proxy"}

// versionLDFlags stamps the version the binaries report: without it kubectl cannot parse
// the server version and components report v0.0.0.
func versionLDFlags() string {
	major, minor, _ := strings.Cut(strings.TrimPrefix(KubeVersion, "v"), ".")
	minor, _, _ = strings.Cut(minor, ".")
	flags := []string{"-s", "-w"}
	for _, pkg := range []string{"k8s.io/component-base/version", "k8s.io/client-go/pkg/version"} {
		flags = append(flags,
			"-X", pkg+".gitVersion="+KubeVersion,
			"-X", pkg+".gitMajor="+major,
			"-X", pkg+".gitMinor="+minor)
	}
	return strings.Join(flags, " ")
}

// buildSpec says how one cached binary is produced.
type buildSpec struct {
	name string
	dir  string   // working directory of the go command
	args []string // go subcommand and arguments, without -o (added for `go build`)
	env  []string
	// install: `go install pkg@version` into GOBIN instead of `go build -o`.
	install bool
}

func buildSpecs(repo string) []buildSpec {
	var specs []buildSpec
	kubeDir := filepath.Join(repo, "test", "cluster", "kube")
	for _, name := range kubeCommands {
		specs = append(specs, buildSpec{name: name, dir: kubeDir,
			args: []string{"build", "-trimpath", "-ldflags", versionLDFlags(), "k8s.io/kubernetes/cmd/" + name}})
	}
	specs = append(specs,
		buildSpec{name: "etcd", dir: filepath.Join(repo, "test", "cluster", "etcd"),
			args: []string{"build", "-trimpath", "-ldflags", "-s -w", "."}},
		buildSpec{name: "coredns", dir: os.TempDir(), install: true,
			args: []string{"install", "-trimpath", "-ldflags", "-s -w", "github.com/coredns/coredns@" + CoreDNSVersion}},
		// The sandbox image's program: static so it runs in an image with nothing else in it.
		buildSpec{name: "pause", dir: repo, env: []string{"CGO_ENABLED=0"},
			args: []string{"build", "-trimpath", "-ldflags", "-s -w", "./test/cluster/images/pause"}},
	)
	return specs
}

// ensureBinaries builds every binary missing from the cache, one step each.
func (c Config) ensureBinaries(ctx context.Context, p *progress, repo string) error {
	if err := os.MkdirAll(c.CacheDir, 0o755); err != nil {
		return err
	}
	var cached []string
	for _, s := range buildSpecs(repo) {
		if buildcache.IsExecutable(c.Bin(s.name)) {
			cached = append(cached, s.name)
			continue
		}
		log := filepath.Join(c.CacheDir, "build-"+s.name+".log")
		if err := p.step("build "+s.name, log, func() (string, error) { return "", c.build(ctx, p, s, log) }); err != nil {
			return err
		}
	}
	if len(cached) > 0 {
		p.printf("binaries cached in %s: %s", c.CacheDir, strings.Join(cached, " "))
	}
	return nil
}

// build produces one binary: to <name>.tmp, then renamed, under a lock so concurrent runs
// (or a build some other process started for the same output) never build it twice.
func (c Config) build(ctx context.Context, p *progress, s buildSpec, log string) error {
	unlock, err := buildcache.Lock(ctx, filepath.Join(c.CacheDir, ".build.lock"))
	if err != nil {
		return err
	}
	defer unlock()
	dst := c.Bin(s.name)
	tmp := dst + ".tmp"
	if err := waitForeignWriter(ctx, p, tmp); err != nil {
		return err
	}
	if buildcache.IsExecutable(dst) { // someone else built it while we waited
		return nil
	}
	_ = os.RemoveAll(tmp)
	args := append([]string(nil), s.args...)
	env := append([]string{"GOWORK=off"}, s.env...)
	if s.install {
		// go install has no -o: install into a private GOBIN, then move the binary.
		if err := os.MkdirAll(tmp, 0o755); err != nil {
			return err
		}
		env = append(env, "GOBIN="+tmp)
	} else {
		args = append(args[:1], append([]string{"-o", tmp}, args[1:]...)...)
	}
	_ = os.Remove(log)
	if err := runLogged(ctx, log, env, s.dir, "go", args...); err != nil {
		return &StepError{Step: "build " + s.name, Err: err, Log: log}
	}
	if s.install {
		built := filepath.Join(tmp, s.name)
		if err := os.Rename(built, dst); err != nil {
			return fmt.Errorf("moving %s into the cache: %w", built, err)
		}
		return os.RemoveAll(tmp)
	}
	return os.Rename(tmp, dst)
}

// waitForeignWriter waits while another process (e.g. a build started by hand with the same
// output path) is writing path, instead of starting a second multi-minute build.
func waitForeignWriter(ctx context.Context, p *progress, path string) error {
	announced := false
	for {
		pid := processWithArg(path)
		if pid == 0 {
			return nil
		}
		if !announced {
			p.printf("waiting for pid %d, which is already building %s", pid, path)
			announced = true
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Second):
		}
	}
}

// processWithArg returns a live process whose command line contains arg, or 0.
func processWithArg(arg string) int {
	found := 0
	forEachProcess(func(pid int, args []string) {
		if found == 0 && slices.Contains(args, arg) {
			found = pid
		}
	})
	return found
}

// FindRepo returns the root of the skiff module, searching upwards from the working dir;
// the binaries are built from the pinned modules inside it.
func FindRepo() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && modfile.ModulePath(b) == "github.com/skiff-dev/skiff" {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no skiff checkout (go.mod of github.com/skiff-dev/skiff) at or above %s: run from the repository", dir)
		}
	}
}

// Binaries builds whatever pinned binary is missing from the cache (no root needed) and
// returns the cache directory, which also serves as envtest's KUBEBUILDER_ASSETS (etcd,
// kube-apiserver, kubectl).
func (c Config) Binaries(ctx context.Context, out io.Writer, repo string) (string, error) {
	if err := c.ensureBinaries(ctx, newProgress(out), repo); err != nil {
		return "", err
	}
	return c.CacheDir, nil
}
