package run

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/executor/artifacts"
)

// Options say what to run and where the results go.
type Options struct {
	// Command is the user's command and its arguments.
	Command []string
	// Template is the step's template (inputs substituted); nil collects no outputs.
	Template *v1alpha1.Template
	// Script, when not nil, is written to ScriptPath (mode 0755) before the command starts.
	Script *string
	// ScriptPath defaults to the package's ScriptPath.
	ScriptPath string
	// TerminationLog defaults to the package's TerminationLog.
	TerminationLog string
	// Stdout and Stderr receive the child's output as it is written (default: this
	// process's). Standard output is also captured for outputs.result.
	Stdout, Stderr io.Writer
	// Log receives the executor's own diagnostics (default os.Stderr).
	Log io.Writer
	// Signals are forwarded to the child's process group while it runs.
	Signals <-chan os.Signal
	// WaitDelay bounds how long, after the child exits, the executor waits for processes
	// the child left behind to close its standard output (default 3s).
	WaitDelay time.Duration
	// Env looks up the artifact credentials the controller passed (default os.LookupEnv).
	Env artifacts.Env
}

func (o *Options) defaults() {
	if o.ScriptPath == "" {
		o.ScriptPath = ScriptPath
	}
	if o.TerminationLog == "" {
		o.TerminationLog = TerminationLog
	}
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	if o.WaitDelay == 0 {
		o.WaitDelay = 3 * time.Second
	}
	if o.Env == nil {
		o.Env = os.LookupEnv
	}
}

// Run runs the command, collects the template's outputs, writes the termination message
// and returns the exit code the executor should exit with: the child's (128+N when killed
// by signal N), 126/127 when it could not be started, 1 when the child succeeded but an
// output could not be collected or the executor could not set up or report.
func Run(o Options) int {
	o.defaults()
	logf := func(format string, args ...any) { fmt.Fprintf(o.Log, "skiff-exec: "+format+"\n", args...) }
	report := func(m Message, notes []string, size int64, cut bool) int {
		b, dropped := fit(m, notes, size, cut, MaxMessage)
		if dropped && m.ExitCode == 0 {
			m.ExitCode = 1
			b, _ = fit(m, notes, size, cut, MaxMessage)
		}
		if err := writeMessage(o.TerminationLog, b); err != nil {
			logf("%v", err)
			if m.ExitCode == 0 {
				m.ExitCode = 1
			}
		}
		return m.ExitCode
	}
	if len(o.Command) == 0 {
		logf("no command to run")
		return report(Message{ExitCode: 1}, []string{"no command to run"}, 0, false)
	}
	if o.Script != nil {
		if err := WriteScript(o.ScriptPath, *o.Script); err != nil {
			logf("%v", err)
			return report(Message{ExitCode: 1}, []string{err.Error()}, 0, false)
		}
	}

	artNotes, err := loadInputs(o)
	for _, n := range artNotes {
		logf("%s", n)
	}
	if err != nil {
		logf("%v", err)
		return report(Message{ExitCode: 1}, append(artNotes, err.Error()), 0, false)
	}

	out := &tee{out: o.Stdout, max: MaxMessage}
	code, notes := runChild(o, out)
	notes = append(artNotes, notes...)
	for _, n := range notes {
		logf("%s", n)
	}
	result, cut := out.result()
	m := Message{ExitCode: code, Result: result}
	c := collectParameters(o.Template)
	m.Parameters = c.params
	for _, e := range c.errs {
		logf("%s", e)
	}
	notes = append(notes, c.errs...)
	if len(c.errs) > 0 && m.ExitCode == 0 {
		m.ExitCode = 1
	}
	saved, artNotes, artErrs := saveOutputs(o)
	m.Artifacts = saved
	for _, e := range append(artNotes, artErrs...) {
		logf("%s", e)
	}
	notes = append(append(notes, artNotes...), artErrs...)
	if len(artErrs) > 0 && m.ExitCode == 0 {
		m.ExitCode = 1
	}
	if len(c.skipped) > 0 {
		notes = append(notes, "output parameters left to the controller: "+strings.Join(c.skipped, ", "))
	}
	return report(m, notes, out.total, cut)
}

// runChild starts the command in its own process group, forwards signals to that group
// until it exits, and returns its exit code and what to say about it.
func runChild(o Options, stdout io.Writer) (int, []string) {
	cmd := exec.Command(o.Command[0], o.Command[1:]...)
	cmd.Stdin = nil // /dev/null: the step reads no input
	cmd.Stdout = stdout
	cmd.Stderr = o.Stderr
	cmd.WaitDelay = o.WaitDelay
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var err error
	for range 5 { // a script just written may still be open in a concurrent fork: ETXTBSY
		if err = cmd.Start(); err == nil || !errors.Is(err, syscall.ETXTBSY) {
			break
		}
		time.Sleep(50 * time.Millisecond)
		cmd = cloneCmd(cmd)
	}
	if err != nil {
		code := 126
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			code = 127
		}
		return code, []string{fmt.Sprintf("starting %s: %v", o.Command[0], err)}
	}
	done := make(chan struct{})
	forwarded := make(chan struct{})
	go func() {
		defer close(forwarded)
		for {
			select {
			case s := <-o.Signals:
				forward(cmd.Process, s)
			case <-done:
				return
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	<-forwarded

	var notes []string
	if errors.Is(err, exec.ErrWaitDelay) {
		notes = append(notes, fmt.Sprintf("processes the command left behind kept its standard output open; stopped reading it %s after the command exited", o.WaitDelay))
	}
	st := cmd.ProcessState
	if st == nil { // cannot happen after a successful Start
		return 1, append(notes, fmt.Sprintf("waiting for %s: %v", o.Command[0], err))
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal()), append(notes, fmt.Sprintf("%s was killed by signal %d (%s)", o.Command[0], int(ws.Signal()), ws.Signal()))
	}
	return st.ExitCode(), notes
}

func cloneCmd(c *exec.Cmd) *exec.Cmd {
	n := exec.Command(c.Path, c.Args[1:]...)
	n.Stdin, n.Stdout, n.Stderr = c.Stdin, c.Stdout, c.Stderr
	n.WaitDelay, n.SysProcAttr = c.WaitDelay, c.SysProcAttr
	return n
}

// forward sends s to the child's process group (so a shell's foreground command gets it
// too), or to the child alone when that fails.
func forward(p *os.Process, s os.Signal) {
	if sig, ok := s.(syscall.Signal); ok {
		if err := syscall.Kill(-p.Pid, sig); err == nil {
			return
		}
	}
	_ = p.Signal(s)
}

// Fail reports an error found before the command could run: it logs it, writes a
// termination message with exit code 1 and returns 1.
func Fail(o Options, msg string) int {
	o.defaults()
	fmt.Fprintf(o.Log, "skiff-exec: %s\n", msg)
	b, _ := fit(Message{ExitCode: 1}, []string{msg}, 0, false, MaxMessage)
	if err := writeMessage(o.TerminationLog, b); err != nil {
		fmt.Fprintf(o.Log, "skiff-exec: %v\n", err)
	}
	return 1
}
