// Package s3 runs a real S3-compatible server for the artifact tests: versitygw (Apache-2.0),
// an S3 gateway over a plain directory, built once from the pinned module in test/s3/server
// into the user cache dir (the way test/cluster builds Kubernetes and etcd) and started as a
// child process per test.
package s3

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/skiff-dev/skiff/test/internal/buildcache"
)

const gatewayModule = "github.com/versity/versitygw"

// repoRoot finds the checkout holding test/s3/server, from the working directory up.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "test", "s3", "server", "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("test/s3/server/go.mod not found above the working directory")
		}
		dir = parent
	}
}

// gatewayVersion reads the pinned versitygw version from test/s3/server/go.mod.
func gatewayVersion(serverDir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(serverDir, "go.mod"))
	if err != nil {
		return "", err
	}
	f, err := modfile.Parse("go.mod", b, nil)
	if err != nil {
		return "", err
	}
	for _, r := range f.Require {
		if r.Mod.Path == gatewayModule {
			return r.Mod.Version, nil
		}
	}
	return "", fmt.Errorf("%s does not require %s", serverDir, gatewayModule)
}

// Binary returns the cached versitygw binary, building it first when missing (one to three
// minutes on two cores; the log is kept next to it). Concurrent callers build it once.
func Binary(ctx context.Context) (string, error) {
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	serverDir := filepath.Join(root, "test", "s3", "server")
	version, err := gatewayVersion(serverDir)
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the cache dir (set XDG_CACHE_HOME or HOME): %w", err)
	}
	dir := filepath.Join(cache, "skiff", "s3", "versitygw-"+version)
	bin := filepath.Join(dir, "versitygw")
	if buildcache.IsExecutable(bin) {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	unlock, err := buildcache.Lock(ctx, filepath.Join(dir, ".build.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if buildcache.IsExecutable(bin) { // built by another process while we waited
		return bin, nil
	}
	logPath := filepath.Join(dir, "build.log")
	log, err := os.Create(logPath)
	if err != nil {
		return "", err
	}
	defer log.Close()
	tmp := bin + ".tmp"
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", tmp, gatewayModule+"/cmd/versitygw")
	cmd.Dir = serverDir
	cmd.Env = append(os.Environ(), "GOWORK=off", "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = log, log
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building versitygw %s (log %s): %w", version, logPath, err)
	}
	fmt.Fprintf(log, "built in %s\n", time.Since(start).Round(time.Second))
	return bin, os.Rename(tmp, bin)
}
