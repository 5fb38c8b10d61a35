package cluster

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proc is one long-running cluster process.
type proc struct {
	name   string
	binary string
	args   []string
}

// exits records how processes this command started ended, for error messages.
var exits sync.Map // name -> error from Wait

// start launches p detached (own session, stdin from /dev/null, output to its log) so it
// outlives this command, and records its pid.
func (c Config) start(p proc) (int, error) {
	for _, d := range []string{c.path("logs"), c.path("run")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return 0, err
		}
	}
	log, err := os.OpenFile(c.logFile(p.name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, err
	}
	defer log.Close()
	fmt.Fprintf(log, "\n==== %s started by skiff-cluster: %s %s\n", time.Now().Format(time.RFC3339), p.binary, strings.Join(p.args, " "))
	null, err := os.Open(os.DevNull)
	if err != nil {
		return 0, err
	}
	defer null.Close()
	cmd := exec.Command(p.binary, p.args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = null, log, log
	cmd.Env = componentEnv()
	cmd.Dir = c.DataDir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("starting %s: %w", p.binary, err)
	}
	exits.Delete(p.name)
	go func() { exits.Store(p.name, cmd.Wait()) }() // reaps it if it dies while we still run
	pid := cmd.Process.Pid
	if err := writeAtomic(c.pidFile(p.name), []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		return pid, err
	}
	return pid, nil
}

// componentEnv is our environment without proxy settings (the cluster must never send its
// traffic through a proxy off the machine) and with the sbin dirs kubelet and kube-proxy
// need for mount, iptables and friends.
func componentEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(k) {
		case "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "KUBECONFIG":
			continue
		case "PATH":
			kv = "PATH=" + v + ":/usr/local/sbin:/usr/sbin:/sbin"
		}
		env = append(env, kv)
	}
	return env
}

// running returns the pid of the named process if its pid file points at a live process
// running binary; a pid reused by something else, or a zombie, does not count.
func (c Config) running(name, binary string) (int, bool) {
	b, err := os.ReadFile(c.pidFile(name))
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0, false
	}
	return pid, pidRuns(pid, binary)
}

// pidRuns reports whether pid is alive and executing binary.
func pidRuns(pid int, binary string) bool {
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	if err != nil { // gone, a zombie, or not ours to inspect
		return false
	}
	exe = strings.TrimSuffix(exe, " (deleted)") // the binary was replaced while running
	want, err := filepath.EvalSymlinks(binary)
	if err != nil {
		want = binary
	}
	return exe == want || exe == binary
}

// stop ends the named process: SIGTERM, then SIGKILL after grace. It reports what it did.
func (c Config) stop(ctx context.Context, name, binary string, grace time.Duration) (string, error) {
	pid, alive := c.running(name, binary)
	defer os.Remove(c.pidFile(name))
	if !alive {
		return "not running", nil
	}
	_ = syscall.Kill(pid, syscall.SIGTERM)
	if waitGone(ctx, pid, binary, grace) {
		return fmt.Sprintf("stopped pid %d", pid), nil
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	if waitGone(ctx, pid, binary, 10*time.Second) {
		return fmt.Sprintf("killed pid %d (did not stop within %s of SIGTERM)", pid, grace), nil
	}
	return "", fmt.Errorf("pid %d (%s) survived SIGKILL", pid, name)
}

func waitGone(ctx context.Context, pid int, binary string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if !pidRuns(pid, binary) {
			return true
		}
		select {
		case <-ctx.Done():
			return !pidRuns(pid, binary)
		case <-time.After(100 * time.Millisecond):
		}
	}
	return !pidRuns(pid, binary)
}

// exitedError says why a process we started is no longer running, if we know.
func (c Config) exitedError(name string) error {
	if v, ok := exits.Load(name); ok {
		if err, _ := v.(error); err != nil {
			return fmt.Errorf("%s exited: %w", name, err)
		}
		return fmt.Errorf("%s exited", name)
	}
	return fmt.Errorf("%s is not running", name)
}
