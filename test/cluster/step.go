package cluster

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// StepError is a failed step: what failed, why, and where its log is, so the user sees the
// cause without digging.
type StepError struct {
	Step string
	Err  error
	Log  string // log file of the process or build that failed; "" when none
}

func (e *StepError) Error() string { return fmt.Sprintf("%s: %v", e.Step, e.Err) }
func (e *StepError) Unwrap() error { return e.Err }

// Report prints err for a user: the tail of the relevant log if any, then the cause last,
// where it is seen first.
func Report(w io.Writer, err error) {
	var se *StepError
	if errors.As(err, &se) && se.Log != "" {
		fmt.Fprintf(w, "\n--- last lines of %s ---\n%s--- end of %s ---\n", se.Log, tail(se.Log, 25), se.Log)
	}
	fmt.Fprintf(w, "\nFAILED: %v\n", err)
}

// tail returns the last n lines of a file (reading at most its last 64 KiB).
func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(cannot read log: %v)\n", err)
	}
	defer f.Close()
	const max = 64 << 10
	if st, err := f.Stat(); err == nil && st.Size() > max {
		_, _ = f.Seek(st.Size()-max, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	if len(lines) == 1 && len(lines[0]) == 0 {
		return "(log is empty)\n"
	}
	return string(bytes.Join(lines, []byte("\n"))) + "\n"
}

// progress prints steps with their durations and the time since the command started.
type progress struct {
	out   io.Writer
	start time.Time
}

func newProgress(out io.Writer) *progress { return &progress{out: out, start: time.Now()} }

// step runs fn as a named step and prints how long it took. log names the file to show on
// failure (may be "").
func (p *progress) step(name, log string, fn func() (string, error)) error {
	t := time.Now()
	fmt.Fprintf(p.out, "[%6.1fs] %s ...\n", time.Since(p.start).Seconds(), name)
	detail, err := fn()
	if err != nil {
		var se *StepError
		if errors.As(err, &se) {
			return err
		}
		return &StepError{Step: name, Err: err, Log: log}
	}
	if detail != "" {
		detail = ": " + detail
	}
	fmt.Fprintf(p.out, "[%6.1fs] %s done in %s%s\n", time.Since(p.start).Seconds(), name, round(time.Since(t)), detail)
	return nil
}

func (p *progress) printf(format string, args ...any) {
	fmt.Fprintf(p.out, "[%6.1fs] %s\n", time.Since(p.start).Seconds(), strings.TrimRight(fmt.Sprintf(format, args...), "\n"))
}

func round(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}
