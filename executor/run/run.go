package run

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/skiff-dev/skiff/api/stepcontract"
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
	// ScriptPath defaults to stepcontract.ScriptPath.
	ScriptPath string
	// TerminationLog defaults to stepcontract.TerminationLog.
	TerminationLog string
	// InputsDir is where init staged the input artifacts (default stepcontract.InputsDir).
	InputsDir string
	// ReportPath, when set, is where the report for the wait container goes: the outputs
	// are then held to the stepcontract limits instead of the termination message's size,
	// and the output artifacts are packed into OutputsDir for wait to upload.
	ReportPath string
	// OutputsDir defaults to stepcontract.OutputsDir.
	OutputsDir string
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
}

func (o *Options) defaults() {
	o.ScriptPath = cmp.Or(o.ScriptPath, stepcontract.ScriptPath)
	o.TerminationLog = cmp.Or(o.TerminationLog, stepcontract.TerminationLog)
	o.InputsDir = cmp.Or(o.InputsDir, stepcontract.InputsDir)
	o.OutputsDir = cmp.Or(o.OutputsDir, stepcontract.OutputsDir)
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
}

// Run places the staged input artifacts, runs the command, collects the template's outputs,
// reports them (in the termination message, or with a wait container in the report and
// the packed output artifacts) and returns the exit code the executor should exit with:
// the child's (128+N when killed by signal N), 126/127 when it could not be started, 1 when
// the child succeeded but an output could not be collected or the executor could not set up
// or report.
func Run(o Options) int {
	o.defaults()
	logf := func(format string, args ...any) { fmt.Fprintf(o.Log, "skiff-exec: "+format+"\n", args...) }
	if len(o.Command) == 0 {
		logf("no command to run")
		return o.finish(Message{ExitCode: 1}, []string{"no command to run"}, nil, 0, false)
	}
	if o.Script != nil {
		if err := WriteScript(o.ScriptPath, *o.Script); err != nil {
			logf("%v", err)
			return o.finish(Message{ExitCode: 1}, []string{err.Error()}, nil, 0, false)
		}
	}
	var inputs []v1alpha1.Artifact
	if o.Template != nil {
		inputs = o.Template.Inputs.Artifacts
	}
	notes, err := artifacts.Place(inputs, o.InputsDir)
	if err != nil {
		notes = append(notes, err.Error())
	}
	for _, n := range notes {
		logf("%s", n)
	}
	if err != nil {
		return o.finish(Message{ExitCode: 1}, notes, nil, 0, false)
	}

	max := stepcontract.MaxTerminationMessage
	if o.ReportPath != "" {
		max = stepcontract.MaxOutputValue + 1 // one more: a result past the limit is refused, not cut
	}
	out := &tee{out: o.Stdout, max: max}
	code, childNotes := runChild(o, out)
	for _, n := range childNotes {
		logf("%s", n)
	}
	notes = append(notes, childNotes...)
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
	if len(c.skipped) > 0 {
		notes = append(notes, "output parameters left to the controller: "+strings.Join(c.skipped, ", "))
	}
	var packed []stepcontract.PackedArtifact
	if o.Template != nil && len(o.Template.Outputs.Artifacts) > 0 {
		var artNotes, artErrs []string
		if o.ReportPath == "" {
			artErrs = []string{"output artifacts need the wait container, and this pod has none"}
		} else {
			packed, artNotes, artErrs = artifacts.Pack(o.Template.Outputs.Artifacts, o.OutputsDir)
		}
		for _, e := range append(artNotes, artErrs...) {
			logf("%s", e)
		}
		notes = append(append(notes, artNotes...), artErrs...)
		if len(artErrs) > 0 && m.ExitCode == 0 {
			m.ExitCode = 1
		}
	}
	return o.finish(m, notes, packed, out.total, cut)
}

// finish reports m: without a wait container in the termination message, fitted to its
// size; with one in the report (the outputs held to the stepcontract limits) and, for
// the exit code and the notes, in the termination message too.
func (o Options) finish(m Message, notes []string, packed []stepcontract.PackedArtifact, size int64, cut bool) int {
	if o.ReportPath == "" {
		return writeFitted(o.TerminationLog, o.Log, m, notes, size, cut)
	}
	sizeErr := ""
	if cut {
		sizeErr = fmt.Sprintf("outputs.result is %d bytes, over the limit of %d bytes per output value", size, stepcontract.MaxOutputValue)
	} else if err := stepcontract.CheckOutputSizes(&m); err != nil {
		sizeErr = err.Error()
	}
	if sizeErr != "" { // past the limits the step fails: a cut value would be silently wrong
		m.Result, m.Parameters = "", nil
		notes = append(notes, sizeErr)
		if m.ExitCode == 0 {
			m.ExitCode = 1
		}
	}
	m.Message = strings.Join(notes, "; ")
	if err := writeReport(o.ReportPath, stepcontract.Report{Message: m, Packed: packed}); err != nil {
		fmt.Fprintf(o.Log, "skiff-exec: %v\n", err)
		notes = append(notes, err.Error())
		if m.ExitCode == 0 {
			m.ExitCode = 1
		}
	}
	return writeFitted(o.TerminationLog, o.Log, Message{ExitCode: m.ExitCode}, notes, 0, false)
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
	return writeFitted(o.TerminationLog, o.Log, Message{ExitCode: 1}, []string{msg}, 0, false)
}
