package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// BuildController builds the real controller binary (./controller) into dir.
func BuildController(repo, dir string) (string, error) {
	bin := filepath.Join(dir, "skiff-controller")
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	build := exec.Command(goCmd, "build", "-o", bin, "./controller")
	build.Dir = repo
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the controller: %v\n%s", err, out)
	}
	return bin, nil
}

// Controller is a running skiff-controller process.
type Controller struct {
	Pid     int
	Args    []string
	LogPath string
	metrics string // host:port of /metrics
	cmd     *exec.Cmd
	exited  chan error
}

// BaseControllerArgs are the flags every bench run sets: the envtest kubeconfig, no leader
// election (one replica; electing would only add Lease traffic), metrics on a free loopback
// port over plain HTTP (read for the reconcile count; a binary with --metrics-secure would
// otherwise want a token the API server reviews), no health probes, and an executor image
// that is never pulled (no kubelet runs the pods).
func BaseControllerArgs(bin, kubeconfig, metricsAddr string) []string {
	args := []string{"--kubeconfig", kubeconfig, "--leader-elect=false",
		"--metrics-bind-address", metricsAddr, "--health-probe-bind-address", "0",
		"--executor-image", "skiff.local/skiff:bench"}
	if _, err := ControllerFlagDefault(bin, "metrics-secure"); err == nil {
		args = append(args, "--metrics-secure=false")
	}
	return args
}

// StartController starts bin with the base flags plus extra, its output in logPath.
func StartController(bin, kubeconfig, logPath string, extra ...string) (*Controller, error) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	args := append(BaseControllerArgs(bin, kubeconfig, addr), extra...)
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), "KUBECONFIG="+kubeconfig)
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	c := &Controller{Pid: cmd.Process.Pid, Args: args, LogPath: logPath, metrics: addr, cmd: cmd, exited: make(chan error, 1)}
	go func() {
		c.exited <- cmd.Wait()
		logf.Close()
	}()
	return c, nil
}

// WaitReady waits until the workflow controller's workers have started, which
// controller-runtime logs only after its caches synced.
func (c *Controller) WaitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		raw, _ := os.ReadFile(c.LogPath)
		for _, line := range bytes.Split(raw, []byte("\n")) {
			if bytes.Contains(line, []byte("Starting workers")) && bytes.Contains(line, []byte(`"controller":"workflow"`)) {
				return nil
			}
		}
		select {
		case err := <-c.exited:
			c.exited <- err
			return fmt.Errorf("controller exited before it was ready (%v):\n%s", err, tail(raw, 20))
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("controller not ready after %s:\n%s", timeout, tail(raw, 20))
		}
	}
}

// Alive reports an error if the process has exited.
func (c *Controller) Alive() error {
	select {
	case err := <-c.exited:
		c.exited <- err
		raw, _ := os.ReadFile(c.LogPath)
		return fmt.Errorf("controller exited (%v):\n%s", err, tail(raw, 20))
	default:
		return nil
	}
}

// Stop sends SIGTERM and waits for the graceful shutdown, killing the process after 40 s.
func (c *Controller) Stop() {
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-c.exited:
		c.exited <- err
	case <-time.After(40 * time.Second):
		_ = c.cmd.Process.Kill()
		c.exited <- <-c.exited
	}
}

// WorkflowReconciles reads controller-runtime's reconcile counter for the workflow
// controller from the process's /metrics.
func (c *Controller) WorkflowReconciles(ctx context.Context) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+c.metrics+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return sumCounter(resp.Body, "controller_runtime_reconcile_total", `controller="workflow"`)
}

// sumCounter adds the samples of a Prometheus text-format counter whose labels contain label.
func sumCounter(r io.Reader, name, label string) (int, error) {
	var total float64
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name+"{") || !strings.Contains(line, label) {
			continue
		}
		f := strings.Fields(line)
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err != nil {
			return 0, fmt.Errorf("metrics line %q: %w", line, err)
		}
		total += v
	}
	return int(total), sc.Err()
}

func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func tail(raw []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// ControllerFlagDefault reads a flag's default from the binary's --help, so the bench states
// the defaults the binary really has rather than what this file assumes: "" for a zero
// value, an error when the binary has no such flag.
func ControllerFlagDefault(bin, name string) (string, error) {
	out, _ := exec.Command(bin, "--help").CombinedOutput() // exit status of --help varies by flag package
	return flagDefault(string(out), name)
}

func flagDefault(help, name string) (string, error) {
	lines := strings.Split(help, "\n")
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) == 0 || f[0] != "-"+name {
			continue
		}
		for _, d := range lines[i+1:] { // the usage text, up to the next flag
			if strings.HasPrefix(strings.TrimSpace(d), "-") {
				break
			}
			if _, v, ok := strings.Cut(d, "(default "); ok {
				return strings.TrimSuffix(strings.TrimSpace(v), ")"), nil
			}
		}
		return "", nil // Go's flag package prints no default for a zero value
	}
	return "", fmt.Errorf("the controller's --help has no --%s", name)
}

// DefaultsText describes the binary's defaults for the settings that bound workflow
// throughput, read from its --help.
func DefaultsText(bin string) string {
	var parts []string
	for _, name := range []string{"workflow-workers", "kube-api-qps", "kube-api-burst", "pod-create-qps"} {
		v, err := ControllerFlagDefault(bin, name)
		switch {
		case err != nil:
			v = "?"
		case v == "":
			v = "0"
		}
		parts = append(parts, fmt.Sprintf("--%s %s", name, v))
	}
	return "controller defaults (" + strings.Join(parts, " ") + ")"
}
