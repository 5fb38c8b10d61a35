package limits

import (
	"fmt"
	"unicode/utf8"
)

const (
	// MaxExpressionLength bounds one expression, condition or tag as written.
	MaxExpressionLength = 10240
	// MaxEvaluatedLength bounds an expression after its tags were filled in, just before it
	// is evaluated: as much as one step's outputs together (api/stepcontract).
	MaxEvaluatedLength = 1 << 20
	// MaxDepth bounds nesting: brackets, prefix-operator runs, let and if, nested tags.
	MaxDepth = 64
	// MaxScheduleLength bounds one cron schedule.
	MaxScheduleLength = 1024
)

// Error is a value over a limit. Callers tell it from a parse error with errors.As, to
// report it without echoing the (huge) value.
type Error struct {
	msg string
}

func (e *Error) Error() string { return e.msg }

// Length refuses text longer than max characters; what names the kind of text
// ("an expression", "a cron schedule").
func Length(s string, max int, what string) error {
	// Counting runes of a huge string is linear and cheap; bytes bound it first.
	if len(s) <= max {
		return nil
	}
	if n := utf8.RuneCountInString(s); n > max {
		return &Error{fmt.Sprintf("is %d characters long, more than the %d allowed for %s", n, max, what)}
	}
	return nil
}

// Nesting refuses a depth (from Depth or a parser's own counter) over MaxDepth.
func Nesting(depth int) error {
	if depth <= MaxDepth {
		return nil
	}
	return &Error{fmt.Sprintf("nests %d levels deep, more than the %d allowed", depth, MaxDepth)}
}

// Expression checks an expression as written: its length, then its nesting.
func Expression(s string) error {
	if err := Length(s, MaxExpressionLength, "an expression"); err != nil {
		return err
	}
	return Nesting(Depth(s))
}

// Evaluated checks an expression whose tags were filled in, before it is evaluated.
func Evaluated(s string) error {
	if err := Length(s, MaxEvaluatedLength, "an evaluated expression"); err != nil {
		return err
	}
	return Nesting(Depth(s))
}

// Schedule checks a cron schedule's length (cron parsers do not recurse).
func Schedule(s string) error {
	return Length(s, MaxScheduleLength, "a cron schedule")
}

// Abbrev shortens a value for an error message: a refused value may be megabytes long.
func Abbrev(s string) string {
	const keep = 40
	if len(s) <= 2*keep {
		return s
	}
	cut := keep
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d characters)", s[:cut], utf8.RuneCountInString(s))
}
