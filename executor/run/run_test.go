package run

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// runSh runs /bin/sh -c script through Run and returns the exit code, the streamed
// stdout and stderr, and the decoded termination message.
func runSh(t *testing.T, o Options, script string) (int, string, string, Message) {
	t.Helper()
	dir := t.TempDir()
	if o.Command == nil {
		o.Command = []string{"/bin/sh", "-c", script}
	}
	o.TerminationLog = filepath.Join(dir, "termination-log")
	var stdout, stderr, log bytes.Buffer
	o.Stdout, o.Stderr, o.Log = &stdout, &stderr, &log
	code := Run(o)
	raw, err := os.ReadFile(o.TerminationLog)
	if err != nil {
		t.Fatalf("no termination message: %v (log: %s)", err, log.String())
	}
	if len(raw) > stepcontract.MaxTerminationMessage {
		t.Errorf("termination message is %d bytes, over %d", len(raw), stepcontract.MaxTerminationMessage)
	}
	var m Message
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("termination message is not JSON: %v\n%s", err, raw)
	}
	if m.ExitCode != code {
		t.Errorf("termination message exitCode %d, Run returned %d", m.ExitCode, code)
	}
	return code, stdout.String(), stderr.String() + log.String(), m
}

func TestStdoutStreamedAndCaptured(t *testing.T) {
	code, stdout, stderr, m := runSh(t, Options{}, `echo hello; echo world; echo oops >&2`)
	if code != 0 {
		t.Fatalf("exit code %d, want 0", code)
	}
	if stdout != "hello\nworld\n" {
		t.Errorf("streamed stdout %q", stdout)
	}
	if !strings.Contains(stderr, "oops") {
		t.Errorf("stderr not streamed: %q", stderr)
	}
	if m.Result != "hello\nworld" { // one trailing newline trimmed
		t.Errorf("result %q, want %q", m.Result, "hello\nworld")
	}
	if m.Message != "" {
		t.Errorf("unexpected message %q", m.Message)
	}
}

func TestOnlyOneTrailingNewlineTrimmed(t *testing.T) {
	_, _, _, m := runSh(t, Options{}, `printf 'a\n\n'`)
	if m.Result != "a\n" {
		t.Errorf("result %q, want %q", m.Result, "a\n")
	}
}

func TestStdinIsClosed(t *testing.T) {
	code, stdout, _, _ := runSh(t, Options{}, `if read x; then echo got "$x"; else echo eof; fi`)
	if code != 0 || stdout != "eof\n" {
		t.Errorf("code %d stdout %q, want 0 and eof", code, stdout)
	}
}

func TestExitCodePropagated(t *testing.T) {
	for _, want := range []int{0, 1, 3, 42, 255} {
		code, _, _, m := runSh(t, Options{}, "exit "+itoa(want))
		if code != want || m.ExitCode != want {
			t.Errorf("exit %d: got code %d, message exitCode %d", want, code, m.ExitCode)
		}
	}
}

func TestKilledBySignal(t *testing.T) {
	code, _, _, m := runSh(t, Options{}, `kill -KILL $$`)
	if code != 128+9 {
		t.Errorf("exit code %d, want 137", code)
	}
	if !strings.Contains(m.Message, "killed by signal 9") {
		t.Errorf("message %q does not say the child was killed", m.Message)
	}
}

func TestCommandNotFound(t *testing.T) {
	code, _, log, m := runSh(t, Options{Command: []string{"/nonexistent/skiff-no-such-command"}}, "")
	if code != 127 {
		t.Errorf("exit code %d, want 127", code)
	}
	if !strings.Contains(m.Message, "skiff-no-such-command") || !strings.Contains(log, "skiff-no-such-command") {
		t.Errorf("message %q / log %q do not name the command", m.Message, log)
	}
}

func TestSignalForwardedToProcessGroup(t *testing.T) {
	dir := t.TempDir()
	ready := filepath.Join(dir, "ready")
	sigs := make(chan os.Signal, 1)
	go func() {
		for range 500 { // wait for the trap to be installed
			if _, err := os.Stat(ready); err == nil {
				sigs <- syscall.SIGTERM
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	// The foreground command (sh, then sleep) writes the ready file itself, so it is in the
	// process group when the signal is sent. sh only runs its trap once its foreground
	// command is gone, which happens at once only because the whole group gets the signal.
	start := time.Now()
	code, _, _, _ := runSh(t, Options{Signals: sigs}, `trap 'exit 3' TERM; sh -c 'touch `+ready+`; exec sleep 30'`)
	if code != 3 {
		t.Errorf("exit code %d, want 3 (from the child's trap)", code)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("took %s: the signal did not reach the foreground sleep", d)
	}
}

func TestSignalKillsChildWithoutTrap(t *testing.T) {
	sigs := make(chan os.Signal, 1)
	sigs <- syscall.SIGINT // queued before the child starts: forwarded once it runs
	// No shell: sh -c catches SIGINT and would wait for a sleep the signal missed.
	start := time.Now()
	code, _, _, _ := runSh(t, Options{Signals: sigs, Command: []string{"sleep", "30"}}, "")
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("took %s: the signal was not forwarded", d)
	}
	if code != 128+int(syscall.SIGINT) {
		t.Errorf("exit code %d, want %d", code, 128+int(syscall.SIGINT))
	}
}

func tmpl(params ...v1alpha1.Parameter) *v1alpha1.Template {
	return &v1alpha1.Template{Name: "t", Outputs: v1alpha1.Outputs{Parameters: params}}
}

func TestOutputParameters(t *testing.T) {
	dir := t.TempDir()
	present := filepath.Join(dir, "present")
	missing := filepath.Join(dir, "missing")
	tp := tmpl(
		v1alpha1.Parameter{Name: "present", ValueFrom: &v1alpha1.ValueFrom{Path: present}},
		v1alpha1.Parameter{Name: "vfdefault", ValueFrom: &v1alpha1.ValueFrom{Path: missing, Default: v1alpha1.AnyStringPtr("from-valueFrom")}},
		v1alpha1.Parameter{Name: "pdefault", Default: v1alpha1.AnyStringPtr("from-param"), ValueFrom: &v1alpha1.ValueFrom{Path: missing}},
		v1alpha1.Parameter{Name: "approval", ValueFrom: &v1alpha1.ValueFrom{Supplied: &v1alpha1.SuppliedValueFrom{}}},
	)
	code, _, _, m := runSh(t, Options{Template: tp}, `printf 'line1\nline2\n' > `+present)
	if code != 0 {
		t.Fatalf("exit code %d, want 0; message %q", code, m.Message)
	}
	want := []OutputParameter{{Name: "present", Value: "line1\nline2"}, {Name: "vfdefault", Value: "from-valueFrom"}, {Name: "pdefault", Value: "from-param"}}
	if !equalParams(m.Parameters, want) {
		t.Errorf("parameters %+v, want %+v", m.Parameters, want)
	}
	if !strings.Contains(m.Message, "approval (valueFrom.supplied)") {
		t.Errorf("message %q does not list the supplied parameter", m.Message)
	}
}

func TestMissingOutputParameterFailsStep(t *testing.T) {
	dir := t.TempDir()
	tp := tmpl(
		v1alpha1.Parameter{Name: "ok", ValueFrom: &v1alpha1.ValueFrom{Path: filepath.Join(dir, "ok")}},
		v1alpha1.Parameter{Name: "needed", ValueFrom: &v1alpha1.ValueFrom{Path: filepath.Join(dir, "nope")}},
	)
	code, _, log, m := runSh(t, Options{Template: tp}, `echo yes > `+filepath.Join(dir, "ok"))
	if code != 1 {
		t.Errorf("exit code %d, want 1 (child succeeded, output missing)", code)
	}
	if !strings.Contains(m.Message, `"needed"`) || !strings.Contains(log, `"needed"`) {
		t.Errorf("message %q / log %q do not name the parameter", m.Message, log)
	}
	if !equalParams(m.Parameters, []OutputParameter{{Name: "ok", Value: "yes"}}) {
		t.Errorf("parameters %+v", m.Parameters)
	}

	// A failing child keeps its own exit code.
	code, _, _, m = runSh(t, Options{Template: tp}, `exit 5`)
	if code != 5 || !strings.Contains(m.Message, `"needed"`) {
		t.Errorf("exit code %d message %q, want 5 naming the parameter", code, m.Message)
	}
}

func TestScriptWrittenAndRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "skiff", "script")
	src := "#!/bin/sh\necho from-script \"$1\"\n"
	code, stdout, _, m := runSh(t, Options{Script: &src, ScriptPath: path, Command: []string{path, "arg"}}, "")
	if code != 0 || stdout != "from-script arg\n" || m.Result != "from-script arg" {
		t.Errorf("code %d stdout %q result %q", code, stdout, m.Result)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o755 {
		t.Errorf("script mode %v, want 0755", st.Mode().Perm())
	}
	// Interpreted like a script template: command [sh] + the script path.
	src2 := "echo interpreted\nexit 4\n"
	code, stdout, _, _ = runSh(t, Options{Script: &src2, ScriptPath: path, Command: []string{"sh", path}}, "")
	if code != 4 || stdout != "interpreted\n" {
		t.Errorf("code %d stdout %q", code, stdout)
	}
}

func TestResultCappedToTerminationMessage(t *testing.T) {
	// 10000 bytes of output: the result is cut, the JSON stays under 4096 bytes, the
	// message says so, and parameters are kept.
	dir := t.TempDir()
	p := filepath.Join(dir, "p")
	tp := tmpl(v1alpha1.Parameter{Name: "p", ValueFrom: &v1alpha1.ValueFrom{Path: p}})
	code, stdout, _, m := runSh(t, Options{Template: tp},
		`echo small > `+p+`; i=0; while [ $i -lt 1000 ]; do printf '123456789\n'; i=$((i+1)); done`)
	if code != 0 {
		t.Fatalf("exit code %d", code)
	}
	if len(stdout) != 10000 {
		t.Errorf("streamed %d bytes, want all 10000", len(stdout))
	}
	if len(m.Result) < 3000 || !strings.HasPrefix(strings.Repeat("123456789\n", 400), m.Result) {
		t.Errorf("result of %d bytes is not a long prefix of the output", len(m.Result))
	}
	if !strings.Contains(m.Message, "result truncated to") || !strings.Contains(m.Message, "of 10000 bytes") {
		t.Errorf("message %q does not say the result was truncated", m.Message)
	}
	if !equalParams(m.Parameters, []OutputParameter{{Name: "p", Value: "small"}}) {
		t.Errorf("parameters %+v", m.Parameters)
	}
}

func TestResultJustUnderLimitNotTruncated(t *testing.T) {
	// 4000 bytes plus the JSON around them fits: no truncation note.
	code, _, _, m := runSh(t, Options{}, `head -c 4000 /dev/zero | tr '\0' a`)
	if code != 0 || m.Result != strings.Repeat("a", 4000) || m.Message != "" {
		t.Errorf("code %d, result %d bytes, message %q", code, len(m.Result), m.Message)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func equalParams(a, b []OutputParameter) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBackgroundProcessHoldingStdoutDoesNotHang(t *testing.T) {
	start := time.Now()
	// The background sleep is short so the test leaves nothing running for long.
	code, _, _, m := runSh(t, Options{WaitDelay: 200 * time.Millisecond}, `sleep 3 & echo hi`)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s: waited for the background process", d)
	}
	if code != 0 || m.Result != "hi" || !strings.Contains(m.Message, "kept its standard output open") {
		t.Errorf("code %d result %q message %q", code, m.Result, m.Message)
	}
}

func TestNoCommandReported(t *testing.T) {
	code, _, log, m := runSh(t, Options{Command: []string{}}, "")
	if code != 1 || m.Message != "no command to run" || !strings.Contains(log, "no command to run") {
		t.Errorf("code %d message %q log %q", code, m.Message, log)
	}
}
