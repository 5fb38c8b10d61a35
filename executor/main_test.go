package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skiff-dev/skiff/executor/run"
)

// The test binary doubles as skiff-exec: run with SKIFF_EXEC_TEST_MAIN=1 it is main().
func TestMain(m *testing.M) {
	if os.Getenv("SKIFF_EXEC_TEST_MAIN") == "1" {
		os.Unsetenv("SKIFF_EXEC_TEST_MAIN")
		main()
		return
	}
	os.Exit(m.Run())
}

// executor returns a command running skiff-exec with args, writing its termination
// message to a temporary file (returned).
func executor(t *testing.T, env []string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(t.TempDir(), "termination-log")
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), append([]string{"SKIFF_EXEC_TEST_MAIN=1", "SKIFF_TERMINATION_LOG=" + log}, env...)...)
	return cmd, log
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	ee, ok := err.(*exec.ExitError)
	if !ok {
		t.Fatalf("running the executor: %v", err)
	}
	return ee.ExitCode()
}

func readMessage(t *testing.T, path string) run.Message {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the termination message: %v", err)
	}
	var m run.Message
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("termination message is not JSON: %v\n%s", err, raw)
	}
	return m
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		nil, {"frobnicate"}, {"init"}, {"init", "a", "b"}, {"run"}, {"run", "--"}, {"run", "--bogus", "x"},
	} {
		var stderr bytes.Buffer
		if code := realMain(args, &stderr); code != exitUsage {
			t.Errorf("%q: exit code %d, want %d", args, code, exitUsage)
		}
		if !strings.Contains(stderr.String(), "skiff-exec: ") || !strings.Contains(stderr.String(), "usage:") {
			t.Errorf("%q: stderr %q lacks an error and the usage", args, stderr.String())
		}
	}
	var stderr bytes.Buffer
	if code := realMain([]string{"--help"}, &stderr); code != 0 || !strings.Contains(stderr.String(), "usage:") {
		t.Errorf("--help: code %d stderr %q", code, stderr.String())
	}
}

func TestInitCopiesOwnBinary(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "skiff", "skiff-exec")
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dest, []byte("old"), 0o600); err != nil { // replaced
		t.Fatal(err)
	}
	cmd, _ := executor(t, nil, "init", dest)
	out, err := cmd.CombinedOutput()
	if code := exitCode(t, err); code != 0 {
		t.Fatalf("init exited %d: %s", code, out)
	}
	self, _ := os.Executable()
	want, _ := os.ReadFile(self)
	got, err := os.ReadFile(dest)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("copy differs from the executor's binary (%d vs %d bytes, %v)", len(got), len(want), err)
	}
	st, _ := os.Stat(dest)
	if st.Mode().Perm() != 0o755 {
		t.Errorf("mode %v, want 0755", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// The copy is a working executor.
	c := exec.Command(dest, "--help")
	c.Env = append(os.Environ(), "SKIFF_EXEC_TEST_MAIN=1")
	if out, err := c.CombinedOutput(); err != nil || !strings.Contains(string(out), "usage:") {
		t.Errorf("the copy does not run: %v %s", err, out)
	}

	// A directory as destination is a clear error.
	cmd, _ = executor(t, nil, "init", filepath.Dir(dest))
	out, err = cmd.CombinedOutput()
	if code := exitCode(t, err); code != 1 || !strings.Contains(string(out), "is a directory") {
		t.Errorf("init onto a directory: code %d, %s", code, out)
	}
}

// startAndWaitReady starts the executor and returns once the child printed "ready".
func startAndWaitReady(t *testing.T, cmd *exec.Cmd) *bytes.Buffer {
	t.Helper()
	pr, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(pr).ReadString('\n')
		line <- s
		_, _ = bufio.NewReader(pr).WriteTo(new(bytes.Buffer))
	}()
	select {
	case s := <-line:
		if s != "ready\n" {
			cmd.Process.Kill()
			t.Fatalf("child printed %q, want ready; stderr %s", s, stderr.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("child never got ready")
	}
	return &stderr
}

func TestSIGTERMForwardedToChild(t *testing.T) {
	cmd, log := executor(t, nil, "run", "--", "/bin/sh", "-c", `trap 'exit 3' TERM; sh -c 'echo ready; exec sleep 30'`)
	startAndWaitReady(t, cmd)
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, cmd.Wait()); code != 3 {
		t.Errorf("executor exited %d, want the child's 3", code)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("took %s after SIGTERM", d)
	}
	m := readMessage(t, log)
	if m.ExitCode != 3 || m.Result != "ready" {
		t.Errorf("termination message %+v", m)
	}
}

func TestSIGQUITKillsChildWithoutTrap(t *testing.T) {
	cmd, log := executor(t, nil, "run", "--", "/bin/sh", "-c", `echo ready; sleep 30`)
	startAndWaitReady(t, cmd)
	if err := cmd.Process.Signal(syscall.SIGQUIT); err != nil {
		t.Fatal(err)
	}
	want := 128 + int(syscall.SIGQUIT)
	if code := exitCode(t, cmd.Wait()); code != want {
		t.Errorf("executor exited %d, want %d", code, want)
	}
	if m := readMessage(t, log); m.ExitCode != want || !strings.Contains(m.Message, "killed by signal 3") {
		t.Errorf("termination message %+v", m)
	}
}

func TestRunScriptTemplateEndToEnd(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "script")
	out := filepath.Join(dir, "out.txt")
	tmpl := `{"name":"gen","script":{"image":"debian","command":["sh"],"source":"ignored"},
	  "outputs":{"parameters":[{"name":"n","valueFrom":{"path":"` + out + `"}},
	                           {"name":"d","valueFrom":{"path":"` + dir + `/none","default":7}}]}}`
	cmd, log := executor(t, []string{
		"SKIFF_TEMPLATE=" + tmpl,
		"SKIFF_SCRIPT=echo 42 > " + out + "\necho done\n",
		"SKIFF_SCRIPT_PATH=" + script,
	}, "run", "--", "sh", script)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if code := exitCode(t, cmd.Run()); code != 0 {
		t.Fatalf("exit code %d; stderr %s", code, stderr.String())
	}
	if stdout.String() != "done\n" {
		t.Errorf("stdout %q", stdout.String())
	}
	m := readMessage(t, log)
	if m.Result != "done" || len(m.Parameters) != 2 || m.Parameters[0] != (run.OutputParameter{Name: "n", Value: "42"}) ||
		m.Parameters[1] != (run.OutputParameter{Name: "d", Value: "7"}) || m.Message != "" {
		t.Errorf("termination message %+v", m)
	}
	raw, _ := os.ReadFile(log)
	if !strings.HasPrefix(string(raw), `{"exitCode":0,"result":"done","parameters":[{"name":"n","value":"42"}`) {
		t.Errorf("termination message JSON %s", raw)
	}
}

func TestBadTemplateIsReported(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	cmd, log := executor(t, []string{"SKIFF_TEMPLATE={not json"}, "run", "--", "touch", marker)
	out, err := cmd.CombinedOutput()
	if code := exitCode(t, err); code != 1 || !strings.Contains(string(out), "SKIFF_TEMPLATE") {
		t.Errorf("code %d output %s", code, out)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the command ran despite the bad template")
	}
	if m := readMessage(t, log); m.ExitCode != 1 || !strings.Contains(m.Message, "SKIFF_TEMPLATE") {
		t.Errorf("termination message %+v", m)
	}
}
