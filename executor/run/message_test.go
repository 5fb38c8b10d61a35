package run

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skiff-dev/skiff/api/stepcontract"
)

func decode(t *testing.T, b []byte) Message {
	t.Helper()
	if len(b) > stepcontract.MaxTerminationMessage {
		t.Fatalf("encoded %d bytes, over %d", len(b), stepcontract.MaxTerminationMessage)
	}
	var m Message
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return m
}

func TestFitSmallUnchanged(t *testing.T) {
	m := Message{ExitCode: 0, Result: "hi", Parameters: []OutputParameter{{Name: "a", Value: "<b>&"}}}
	b, dropped := fit(m, nil, 2, false, stepcontract.MaxTerminationMessage)
	if dropped || string(b) != `{"exitCode":0,"result":"hi","parameters":[{"name":"a","value":"<b>&"}]}` {
		t.Errorf("got %s dropped=%v", b, dropped)
	}
	if b, _ := fit(Message{ExitCode: 0}, nil, 0, false, stepcontract.MaxTerminationMessage); string(b) != `{"exitCode":0}` {
		t.Errorf("empty fields not omitted: %s", b)
	}
}

func TestFitEscapeHeavyAndUTF8(t *testing.T) {
	// Control characters take 6 bytes each in JSON; multi-byte characters must not be cut.
	for _, unit := range []string{"\x01", "é", "日本", "\"\\"} {
		full := strings.Repeat(unit, 5000)
		got := decode(t, mustFit(t, Message{ExitCode: 2, Result: full[:stepcontract.MaxTerminationMessage]}, int64(len(full)), true))
		if !strings.HasPrefix(full, got.Result) || !utf8.ValidString(got.Result) || len(got.Result) < 500 {
			t.Errorf("%q: result of %d bytes is not a valid prefix", unit, len(got.Result))
		}
		if got.ExitCode != 2 || !strings.Contains(got.Message, "result truncated to") {
			t.Errorf("%q: exitCode %d message %q", unit, got.ExitCode, got.Message)
		}
	}
}

func mustFit(t *testing.T, m Message, size int64, cut bool) []byte {
	t.Helper()
	b, dropped := fit(m, nil, size, cut, stepcontract.MaxTerminationMessage)
	if dropped {
		t.Errorf("parameters dropped")
	}
	return b
}

func TestFitDropsParametersThatDoNotFit(t *testing.T) {
	m := Message{Result: "r", Parameters: []OutputParameter{
		{Name: "small", Value: "ok"}, {Name: "big", Value: strings.Repeat("x", 3000)}, {Name: "big2", Value: strings.Repeat("y", 3000)},
	}}
	b, dropped := fit(m, []string{"earlier note"}, 1, false, stepcontract.MaxTerminationMessage)
	got := decode(t, b)
	if !dropped {
		t.Error("dropped = false")
	}
	if len(got.Parameters) != 2 || got.Parameters[1].Name != "big" || got.Result != "" {
		t.Errorf("kept %+v result %q", got.Parameters, got.Result)
	}
	for _, s := range []string{"earlier note", `"big2" (3000 bytes) left out`, "result (1 bytes) left out"} {
		if !strings.Contains(got.Message, s) {
			t.Errorf("message %q lacks %q", got.Message, s)
		}
	}
}

func TestFitCutsAHugeMessage(t *testing.T) {
	notes := []string{strings.Repeat("ü", 5000)}
	b, _ := fit(Message{ExitCode: 7}, notes, 0, false, stepcontract.MaxTerminationMessage)
	got := decode(t, b)
	if got.ExitCode != 7 || !strings.HasSuffix(got.Message, "...") || !utf8.ValidString(got.Message) || len(got.Message) < 3000 {
		t.Errorf("exitCode %d, message of %d bytes", got.ExitCode, len(got.Message))
	}
}
