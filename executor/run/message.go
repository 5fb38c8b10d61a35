package run

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/skiff-dev/skiff/executor/artifacts"
)

// Message is the termination message the executor writes for the controller.
type Message struct {
	// ExitCode is the container's exit code: the child's, or 1 when the child succeeded but
	// outputs could not be collected, 126/127 when the command could not be started, and
	// 128+N when the child was killed by signal N.
	ExitCode int `json:"exitCode"`
	// Result is the captured standard output (one trailing newline removed), possibly
	// truncated to fit (then Message says so).
	Result string `json:"result,omitempty"`
	// Parameters are the output parameters read from files.
	Parameters []OutputParameter `json:"parameters,omitempty"`
	// Artifacts are the output artifacts uploaded, with their object keys.
	Artifacts []artifacts.Saved `json:"artifacts,omitempty"`
	// Message explains failures, truncation and parameters left to the controller.
	Message string `json:"message,omitempty"`
}

func marshal(m Message) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil { // cannot happen: strings and ints only
		return []byte(fmt.Sprintf(`{"exitCode":%d}`, m.ExitCode))
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

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

// writeMessage writes the termination message to path (a file Kubernetes mounts; it is
// truncated and written in place, not replaced).
func writeMessage(path string, b []byte) error {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("writing the termination message: %w", err)
	}
	return nil
}
