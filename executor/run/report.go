package run

import "github.com/skiff-dev/skiff/api/stepcontract"

// Report writes m as the termination message at path (default TerminationLog), fitted to
// stepcontract.MaxTerminationMessage; m.Message is the note. A parameter that had to be left out fails a
// successful step. It returns the exit code to exit with, and the error writing the message. Other executor commands (resource)
// report through it, so the controller reads every step the same way.
func Report(path string, m Message) (int, error) {
	if path == "" {
		path = stepcontract.TerminationLog
	}
	var notes []string
	if m.Message != "" {
		notes = []string{m.Message}
	}
	b, dropped := fit(m, notes, int64(len(m.Result)), false, stepcontract.MaxTerminationMessage)
	if dropped && m.ExitCode == 0 {
		m.ExitCode = 1
		b, _ = fit(m, notes, int64(len(m.Result)), false, stepcontract.MaxTerminationMessage)
	}
	err := writeMessage(path, b)
	if err != nil && m.ExitCode == 0 {
		m.ExitCode = 1
	}
	return m.ExitCode, err
}
