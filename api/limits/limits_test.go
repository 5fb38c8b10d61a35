package limits

import (
	"errors"
	"strings"
	"testing"
)

func TestDepth(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"a && b", 0},
		{"(a)", 1},
		{"f(g(h(1)))", 3},
		{"[[1], [2]]", 2},
		{`"((((" + '[[[' + ` + "`{{{`", 0},
		{`"a\"((" == b`, 0},
		{"!a", 1},
		{"!!!a", 3},
		{"!a && !b && !c", 1},
		{"a != b", 0},
		{"- - -1", 3},
		{"a - -1", 1},
		{"a-b-c", 0},
		{"not not a", 2},
		{"a not in b", 0},
		{"!(!(a))", 4},
		{"let x = let y = 1; y; x", 2},
		{"if if a {1} else {2} {3} else {4}", 3},
		{"[!a, !b]", 2},
		{"a.b?.c[0]", 1},
		{"((a)", 2},
		{")))(", 1},
		{strings.Repeat("[", 600000), 600000},
		{strings.Repeat("(", 3000000), 3000000},
		{strings.Repeat("!", 1000) + "a", 1000},
		{"tasks['flip-coin'].outputs.result == 'heads' ? tasks.heads.outputs.result : tasks.tails.outputs.result", 1},
		{"asInt(inputs.parameters.num) == 1? 1: asInt(inputs.parameters.num) == 2? 1: steps['fibonacci-helper'].outputs.parameters.result", 1},
		{"cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 360", 2},
	} {
		if got := Depth(c.in); got != c.want {
			t.Errorf("Depth(%.40q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestExpressionMessages(t *testing.T) {
	for _, c := range []struct {
		in, want string
	}{
		{"=" + strings.Repeat("[", 600002), "is 600003 characters long, more than the 10240 allowed for an expression"},
		{strings.Repeat("é", 10241), "is 10241 characters long, more than the 10240 allowed for an expression"},
		{strings.Repeat("(", 65) + "a" + strings.Repeat(")", 65), "nests 65 levels deep, more than the 64 allowed"},
		{strings.Repeat("!", 100) + "a", "nests 100 levels deep, more than the 64 allowed"},
	} {
		err := Expression(c.in)
		var le *Error
		if !errors.As(err, &le) || err.Error() != c.want {
			t.Errorf("Expression(%.20q...) = %v, want %q", c.in, err, c.want)
		}
	}
	for _, ok := range []string{"", strings.Repeat("é", 10240), strings.Repeat("(", 64) + "a" + strings.Repeat(")", 64)} {
		if err := Expression(ok); err != nil {
			t.Errorf("Expression(%.20q...) = %v, want nil", ok, err)
		}
	}
}

func TestEvaluatedAndSchedule(t *testing.T) {
	if err := Evaluated(strings.Repeat("a", MaxEvaluatedLength)); err != nil {
		t.Errorf("Evaluated at the limit: %v", err)
	}
	if err := Evaluated(strings.Repeat("[", 1000)); err == nil || !strings.Contains(err.Error(), "nests 1000 levels deep") {
		t.Errorf("Evaluated of 1000 '[': %v", err)
	}
	if err := Schedule("0 0 * * *"); err != nil {
		t.Errorf("Schedule: %v", err)
	}
	want := "is 1025 characters long, more than the 1024 allowed for a cron schedule"
	if err := Schedule(strings.Repeat("1,", 512) + "1"); err == nil || err.Error() != want {
		t.Errorf("Schedule of 1025 characters: %v, want %q", err, want)
	}
}

func TestAbbrev(t *testing.T) {
	if got := Abbrev("short"); got != "short" {
		t.Errorf("Abbrev(short) = %q", got)
	}
	got := Abbrev(strings.Repeat("é", 100))
	if want := strings.Repeat("é", 20) + "... (100 characters)"; got != want {
		t.Errorf("Abbrev = %q, want %q", got, want)
	}
}
