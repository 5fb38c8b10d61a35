package run

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/skiff-dev/skiff/api/stepcontract"
)

// Message and OutputParameter are the contract's (api/stepcontract); the names stay here
// for the executor's callers.
type (
	Message         = stepcontract.Message
	OutputParameter = stepcontract.OutputParameter
)

func marshal(m Message) []byte { return stepcontract.Encode(m) }

// fit encodes m in at most limit bytes. It gives up, in this order: the end of the result
// (saying how much was kept), whole parameters from the last one (each an error: a cut
// value would be silently wrong), and the end of the message. notes are the message's
// parts; resultSize is the full size of the output the result was captured from. It
// returns the encoding and whether a parameter had to be dropped.
func fit(m Message, notes []string, resultSize int64, resultCut bool, limit int) ([]byte, bool) {
	if resultCut {
		notes = append(notes, fmt.Sprintf("result truncated to %d of %d bytes (termination message limit %d bytes)", len(m.Result), resultSize, limit))
	}
	m.Message = strings.Join(notes, "; ")
	if b := marshal(m); len(b) <= limit {
		return b, false
	}
	// Cut the result: the longest prefix that fits with its note.
	full := m.Result
	if full != "" {
		base := notes
		if resultCut {
			base = notes[:len(notes)-1]
		}
		try := func(n int) Message {
			t := m
			t.Result = full[:n]
			t.Message = strings.Join(append(base[:len(base):len(base)],
				fmt.Sprintf("result truncated to %d of %d bytes (termination message limit %d bytes)", n, resultSize, limit)), "; ")
			return t
		}
		lo, hi := 0, len(full) // invariant: answer in [lo, hi]
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if len(marshal(try(mid))) <= limit {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		for lo > 0 && lo < len(full) && !utf8.RuneStart(full[lo]) {
			lo--
		}
		t := try(lo)
		if b := marshal(t); len(b) <= limit {
			return b, false
		}
		notes = append(base, fmt.Sprintf("result (%d bytes) left out: it does not fit in the termination message", resultSize))
		m.Result = ""
		m.Message = strings.Join(notes, "; ")
	}
	// Drop parameters from the end.
	dropped := false
	for len(m.Parameters) > 0 {
		if b := marshal(m); len(b) <= limit {
			return b, dropped
		}
		last := m.Parameters[len(m.Parameters)-1]
		m.Parameters = m.Parameters[:len(m.Parameters)-1]
		notes = append(notes, fmt.Sprintf("output parameter %q (%d bytes) left out: it does not fit in the termination message", last.Name, len(last.Value)))
		m.Message = strings.Join(notes, "; ")
		dropped = true
	}
	// Cut the message: the longest prefix (on a character boundary) that fits.
	msg := m.Message
	cut := func(n int) Message {
		t := m
		for n > 0 && n < len(msg) && !utf8.RuneStart(msg[n]) {
			n--
		}
		t.Message = msg[:n]
		if n < len(msg) {
			t.Message += "..."
		}
		return t
	}
	lo, hi := -1, len(msg) // lo: longest known to fit (-1: none)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if len(marshal(cut(mid))) <= limit {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo >= 0 {
		return marshal(cut(lo)), dropped
	}
	return []byte(fmt.Sprintf(`{"exitCode":%d}`, m.ExitCode)), dropped
}

// writeFitted writes m with notes as the termination message at path, fitted to its
// size; a parameter that had to be left out fails a successful step. It returns the exit
// code to exit with.
func writeFitted(path string, log io.Writer, m Message, notes []string, size int64, cut bool) int {
	b, dropped := fit(m, notes, size, cut, stepcontract.MaxTerminationMessage)
	if dropped && m.ExitCode == 0 {
		m.ExitCode = 1
		b, _ = fit(m, notes, size, cut, stepcontract.MaxTerminationMessage)
	}
	if err := writeMessage(path, b); err != nil {
		fmt.Fprintf(log, "skiff-exec: %v\n", err)
		if m.ExitCode == 0 {
			m.ExitCode = 1
		}
	}
	return m.ExitCode
}

// writeReport writes the report for wait atomically (a temporary file renamed into place),
// readable by wait whatever user it runs as.
func writeReport(path string, r stepcontract.Report) (err error) {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encoding the report: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*")
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(b); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// writeMessage writes the termination message to path (a file Kubernetes mounts; it is
// truncated and written in place, not replaced).
func writeMessage(path string, b []byte) error {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("writing the termination message: %w", err)
	}
	return nil
}
