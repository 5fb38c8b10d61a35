package wait

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skiff-dev/skiff/api/stepcontract"
)

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readMessage(t *testing.T, path string) stepcontract.Message {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > stepcontract.MaxTerminationMessage {
		t.Errorf("termination message is %d bytes", len(b))
	}
	var m stepcontract.Message
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSmallReportInTerminationMessage: a report that appears while wait polls is passed
// on whole in the termination message; wait stays until SIGTERM.
func TestSmallReportInTerminationMessage(t *testing.T) {
	dir := t.TempDir()
	term := filepath.Join(t.TempDir(), "term")
	sigs := make(chan os.Signal, 1)
	var stdout bytes.Buffer
	done := make(chan int)
	go func() {
		done <- Run(Options{Dir: dir, TerminationLog: term, Stdout: &stdout, Log: &bytes.Buffer{}, Terminate: sigs, Poll: 10 * time.Millisecond})
	}()
	time.Sleep(50 * time.Millisecond)
	writeJSON(t, filepath.Join(dir, "report.json"), stepcontract.Report{Message: stepcontract.Message{ExitCode: 3, Result: "hi",
		Parameters: []stepcontract.OutputParameter{{Name: "p", Value: "v"}}}})
	select {
	case <-done:
		t.Fatal("wait exited before SIGTERM: the kubelet would restart it")
	case <-time.After(300 * time.Millisecond):
	}
	sigs <- syscall.SIGTERM
	if code := <-done; code != 0 {
		t.Fatalf("exit code %d", code)
	}
	m := readMessage(t, term)
	if m.ExitCode != 3 || m.Result != "hi" || len(m.Parameters) != 1 || m.Outputs != nil || stdout.Len() != 0 {
		t.Errorf("message %+v, stdout %d bytes", m, stdout.Len())
	}
}

// TestLargeReportOnStdout: outputs past the termination message go to stdout as one line
// whose size and SHA-256 the termination message announces.
func TestLargeReportOnStdout(t *testing.T) {
	dir := t.TempDir()
	term := filepath.Join(t.TempDir(), "term")
	big := strings.Repeat(`{"i":1},`, 25000) // 200 KB
	writeJSON(t, filepath.Join(dir, "report.json"), stepcontract.Report{Message: stepcontract.Message{Result: big}})
	sigs := make(chan os.Signal, 1)
	sigs <- syscall.SIGTERM
	var stdout bytes.Buffer
	if code := Run(Options{Dir: dir, TerminationLog: term, Stdout: &stdout, Log: &bytes.Buffer{}, Terminate: sigs}); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	m := readMessage(t, term)
	line := bytes.TrimSuffix(stdout.Bytes(), []byte("\n"))
	sum := sha256.Sum256(line)
	if m.Outputs == nil || m.Outputs.Container != "wait" || m.Outputs.Bytes != int64(len(line)) || m.Outputs.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("termination message %+v does not announce the %d-byte line", m, len(line))
	}
	var full stepcontract.Message
	if err := json.Unmarshal(line, &full); err != nil || full.Result != big {
		t.Errorf("stdout line: %v, result %d bytes", err, len(full.Result))
	}
	t.Logf("a %d-byte result travelled as a %d-byte log line; termination message %d bytes", len(big), len(line), len(mustRead(t, term)))
}

// TestNoReport: SIGTERM with no report (main was killed) is reported as a failure.
func TestNoReport(t *testing.T) {
	term := filepath.Join(t.TempDir(), "term")
	sigs := make(chan os.Signal, 1)
	sigs <- syscall.SIGTERM
	Run(Options{Dir: t.TempDir(), TerminationLog: term, Log: &bytes.Buffer{}, Terminate: sigs, Linger: 50 * time.Millisecond})
	if m := readMessage(t, term); m.ExitCode != 1 || !strings.Contains(m.Message, "without a report") {
		t.Errorf("message %+v", m)
	}
}

// TestReportSymlinkRefused: a report that is a symlink (to a file of wait's own) is refused.
func TestReportSymlinkRefused(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "environ")
	writeJSON(t, secret, stepcontract.Report{Message: stepcontract.Message{Result: "SECRET"}})
	if err := os.Symlink(secret, filepath.Join(dir, "report.json")); err != nil {
		t.Fatal(err)
	}
	term := filepath.Join(t.TempDir(), "term")
	sigs := make(chan os.Signal, 1)
	sigs <- syscall.SIGTERM
	Run(Options{Dir: dir, TerminationLog: term, Log: &bytes.Buffer{}, Terminate: sigs})
	if m := readMessage(t, term); m.ExitCode != 1 || m.Result != "" || !strings.Contains(m.Message, "not a regular file") {
		t.Errorf("message %+v", m)
	}
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
