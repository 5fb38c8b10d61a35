package cluster

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// nodePackages are the Debian packages the node needs: the container runtime, the CNI
// plugins, busybox for the test image, and the netfilter tools kube-proxy calls.
// iproute2 is usually there already; we need its `ip` to set up the pod bridge.
var nodePackages = []string{"containerd", "runc", "containernetworking-plugins", "busybox-static", "iptables", "conntrack", "iproute2"}

// nodeTools are files the packages must have provided; checked after install so a broken or
// differently laid out system fails here rather than deep inside containerd or kubelet.
var nodeTools = []string{
	"/usr/bin/containerd", "/usr/bin/ctr", "/usr/bin/containerd-shim-runc-v2", "/bin/busybox",
	cniBinDir + "/bridge", cniBinDir + "/host-local", cniBinDir + "/loopback",
}

// cniBinDir is where Debian's containernetworking-plugins installs the plugins.
const cniBinDir = "/usr/lib/cni"

// missingPackages returns the packages dpkg does not report as installed.
func missingPackages(ctx context.Context) ([]string, error) {
	if _, err := exec.LookPath("dpkg-query"); err != nil {
		return nil, fmt.Errorf("dpkg-query not found: the local cluster needs a Debian-based host (or install %s yourself)", strings.Join(nodePackages, " "))
	}
	var missing []string
	for _, p := range nodePackages {
		out, _ := exec.CommandContext(ctx, "dpkg-query", "-W", "-f=${Status}", p).Output()
		if !strings.HasSuffix(strings.TrimSpace(string(out)), " installed") {
			missing = append(missing, p)
		}
	}
	return missing, nil
}

// ensurePackages installs the missing node packages with apt-get (one update, one install).
func (c Config) ensurePackages(ctx context.Context) (string, error) {
	missing, err := missingPackages(ctx)
	if err != nil {
		return "", err
	}
	if len(missing) > 0 {
		log := c.logFile("apt")
		if err := os.MkdirAll(c.path("logs"), 0o755); err != nil {
			return "", err
		}
		if err := runLogged(ctx, log, nil, "", "apt-get", "update"); err != nil {
			return "", &StepError{Step: "apt-get update", Err: err, Log: log}
		}
		args := append([]string{"install", "-y", "--no-install-recommends"}, missing...)
		if err := runLogged(ctx, log, []string{"DEBIAN_FRONTEND=noninteractive"}, "", "apt-get", args...); err != nil {
			return "", &StepError{Step: "apt-get install " + strings.Join(missing, " "), Err: err, Log: log}
		}
	}
	for _, f := range nodeTools {
		if _, err := os.Stat(f); err != nil {
			return "", fmt.Errorf("%s is missing after installing %s", f, strings.Join(nodePackages, " "))
		}
	}
	if len(missing) == 0 {
		return "all present", nil
	}
	return "installed " + strings.Join(missing, " "), nil
}

// runLogged runs a command with its output appended to log. env adds to the environment.
func runLogged(ctx context.Context, log string, env []string, dir, name string, args ...string) error {
	f, err := os.OpenFile(log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(f, "\n$ %s %s\n", name, strings.Join(args, " "))
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return nil
}
