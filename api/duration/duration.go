// Package duration reads the duration strings of the Workflow family (suspend.duration,
// retryStrategy.backoff, template timeout, memoize.maxAge, podGC.deleteDelayDuration) with
// upstream Argo Workflows' rules, once, for the webhook, lint and the controller alike.
//
// Upstream's ParseStringToDuration takes an integer number of seconds ("30") or a Go
// duration string ("30s", "1h30m", "1.5h"); anything else ("1.5", "1d", " 5") is an error.
// Skiff follows that and is stricter in three ways, each a value upstream reads as something
// the user cannot have meant: a negative duration, an integer of seconds too large for a
// time.Duration (upstream silently overflows), and a string over MaxLength characters.
package duration

import (
	"fmt"
	"strconv"
	"time"
)

// MaxLength is the longest string parsed: real durations are a few characters, and a bound
// keeps a hostile value from costing more than that.
const MaxLength = 64

// maxSeconds is the largest integer of seconds a time.Duration holds.
const maxSeconds = int64(1<<63-1) / int64(time.Second)

// Error says why a string is not a duration; Reason reads well after a field path.
type Error struct {
	Value  string
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("invalid duration %q: %s", e.Value, e.Reason) }

// Parse reads seconds ("30") or a Go duration string ("30s", "5m", "1h30m"): the fields
// upstream reads with ParseStringToDuration (suspend.duration, retryStrategy.backoff.*,
// podGC.deleteDelayDuration).
func Parse(s string) (time.Duration, error) {
	if err := checkLength(s); err != nil {
		return 0, err
	}
	if isInteger(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		switch {
		case s[0] == '-' && (err != nil || n != 0):
			return 0, &Error{s, "must not be negative"}
		case err != nil || n > maxSeconds:
			return 0, &Error{s, fmt.Sprintf("more than %d seconds", maxSeconds)}
		}
		return time.Duration(n) * time.Second, nil
	}
	return parseGo(s, "an integer number of seconds or a duration such as 30s, 5m or 1h30m")
}

// ParseUnit reads a Go duration string only ("30s", "1h"): the fields upstream reads with
// time.ParseDuration and whose validation refuses a bare number (template timeout,
// memoize.maxAge).
func ParseUnit(s string) (time.Duration, error) {
	if err := checkLength(s); err != nil {
		return 0, err
	}
	if isInteger(s) {
		return 0, &Error{s, "needs a unit, e.g. " + s + "s"}
	}
	return parseGo(s, "a duration such as 30s, 5m or 1h30m")
}

func parseGo(s, want string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, &Error{s, "not " + want}
	}
	if d < 0 {
		return 0, &Error{s, "must not be negative"}
	}
	return d, nil
}

func checkLength(s string) error {
	if len(s) > MaxLength {
		// The value is cut so the error stays short too.
		return &Error{s[:MaxLength] + "...", fmt.Sprintf("longer than %d characters", MaxLength)}
	}
	return nil
}

// isInteger says whether s is an optionally signed run of decimal digits, as strconv reads
// integers.
func isInteger(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
