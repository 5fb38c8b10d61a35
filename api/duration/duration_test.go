package duration

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in     string
		want   time.Duration
		reason string // "" when the value parses
	}{
		{in: "30", want: 30 * time.Second},
		{in: "0", want: 0},
		{in: "+5", want: 5 * time.Second},
		{in: "007", want: 7 * time.Second},
		{in: "30s", want: 30 * time.Second},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "1.5s", want: 1500 * time.Millisecond},
		{in: "1.5h", want: 90 * time.Minute},
		{in: "1.5", reason: "not an integer number of seconds or a duration"},
		{in: "1d", reason: "not an integer number of seconds or a duration"},
		{in: " 5", reason: "not an integer"},
		{in: "5 ", reason: "not an integer"},
		{in: "", reason: "not an integer"},
		{in: "abc", reason: "not an integer"},
		{in: "-5", reason: "must not be negative"},
		{in: "-1m", reason: "must not be negative"},
		{in: "-99999999999999999999", reason: "must not be negative"},
		{in: "9223372036", want: 9223372036 * time.Second},
		{in: "9223372037", reason: "more than 9223372036 seconds"},
		{in: "99999999999999999999", reason: "more than 9223372036 seconds"},
		{in: "3000000h", reason: "not an integer"},
		{in: strings.Repeat("1", 10) + "s" + strings.Repeat("0", 60), reason: "longer than 64 characters"},
	} {
		got, err := Parse(c.in)
		if c.reason == "" {
			if err != nil || got != c.want {
				t.Errorf("Parse(%q) = %v, %v; want %v", c.in, got, err, c.want)
			}
			continue
		}
		var de *Error
		if !errors.As(err, &de) || !strings.Contains(de.Reason, c.reason) {
			t.Errorf("Parse(%q) = %v, %v; want an error saying %q", c.in, got, err, c.reason)
		}
	}
}

func TestParseUnit(t *testing.T) {
	for _, c := range []struct {
		in     string
		want   time.Duration
		reason string
	}{
		{in: "30s", want: 30 * time.Second},
		{in: "2h45m", want: 165 * time.Minute},
		{in: "30", reason: "needs a unit, e.g. 30s"},
		{in: "0", reason: "needs a unit"},
		{in: "1.5", reason: "not a duration"},
		{in: "1d", reason: "not a duration"},
		{in: "-30s", reason: "must not be negative"},
		{in: strings.Repeat("9", 65), reason: "longer than 64 characters"},
	} {
		got, err := ParseUnit(c.in)
		if c.reason == "" {
			if err != nil || got != c.want {
				t.Errorf("ParseUnit(%q) = %v, %v; want %v", c.in, got, err, c.want)
			}
			continue
		}
		var de *Error
		if !errors.As(err, &de) || !strings.Contains(de.Reason, c.reason) {
			t.Errorf("ParseUnit(%q) = %v, %v; want an error saying %q", c.in, got, err, c.reason)
		}
	}
}

// FuzzParse checks that no string panics either parser, that an accepted value is within
// the rules (length, sign), that a parsed duration round-trips through its Go spelling, and
// that the two parsers agree wherever both accept.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"30", "0", "+5", "30s", "1h30m", "1.5s", "1.5", "1d", "-5", "-1m", " 5", "",
		"9223372036", "9223372037", "99999999999999999999", "1e3", "0x10", ".5s", "5.s", "1h-5m", "∞", "1µs",
		strings.Repeat("9", 70)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		du, erru := ParseUnit(s)
		for _, r := range []struct {
			d   time.Duration
			err error
		}{{d, err}, {du, erru}} {
			if r.err != nil {
				var de *Error
				if !errors.As(r.err, &de) || de.Reason == "" {
					t.Fatalf("%q: error %v is not a *duration.Error with a reason", s, r.err)
				}
				continue
			}
			if len(s) > MaxLength || r.d < 0 {
				t.Fatalf("%q accepted as %v: over the length limit or negative", s, r.d)
			}
			back, err := ParseUnit(r.d.String())
			if err != nil {
				t.Fatalf("%q = %v, but its spelling %q does not parse: %v", s, r.d, r.d.String(), err)
			}
			if back != r.d {
				t.Fatalf("%q = %v, but %q reads back as %v", s, r.d, r.d.String(), back)
			}
		}
		if erru == nil && (err != nil || d != du) {
			t.Fatalf("%q: ParseUnit = %v but Parse = %v, %v", s, du, d, err)
		}
		if err == nil && erru != nil && !isInteger(s) {
			t.Fatalf("%q: Parse accepts it but ParseUnit refuses a non-integer: %v", s, erru)
		}
	})
}
