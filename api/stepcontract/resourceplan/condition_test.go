package resourceplan

import (
	"strings"
	"testing"
)

func TestConditions(t *testing.T) {
	obj := map[string]any{
		"metadata": map[string]any{"name": "pi", "labels": map[string]any{"app": "x"}},
		"status": map[string]any{
			"succeeded":  int64(1),
			"failed":     int64(0),
			"phase":      "Failed",
			"ready":      true,
			"gone":       nil,
			"conditions": []any{map[string]any{"type": "Complete", "status": "True"}},
		},
	}
	cases := []struct {
		cond string
		all  bool
	}{
		{"status.succeeded > 0", true},
		{"status.succeeded > 1", false},
		{"status.failed < 1", true},
		{"status.phase in (Failed, Error)", true},
		{"status.phase notin (Failed, Error)", false},
		{"status.phase == Failed", true},
		{"status.phase = Failed", true},
		{"status.phase != Failed", false},
		{"metadata.name == pi", true},
		{"metadata.name == pi,status.succeeded > 0", true},
		{"metadata.name == pi,status.succeeded > 5", false},
		{"status.ready == true", true},
		{"status.gone", true}, // present, null
		{"status.missing", false},
		{"!status.missing", true},
		{"!status.phase", false},
		{"status.conditions.0.type == Complete", true},
		{"status.conditions.1.type == Complete", false},
		{"status.phase.deeper == x", false},
		{"status.phase > 0", false}, // not a number: never greater
	}
	for _, c := range cases {
		cond, err := ParseCondition("successCondition", c.cond)
		if err != nil {
			t.Fatalf("%q: %v", c.cond, err)
		}
		_, got := cond.AllHold(obj)
		if got != c.all {
			t.Errorf("%q: all hold = %v, want %v", c.cond, got, c.all)
		}
	}
}

func TestFailureConditionAnyRequirement(t *testing.T) {
	obj := map[string]any{"status": map[string]any{"failed": int64(3), "phase": "Running"}}
	cond, err := ParseCondition("failureCondition", "status.failed > 2,status.phase == Failed")
	if err != nil {
		t.Fatal(err)
	}
	req, ok := cond.AnyHolds(obj)
	if !ok || !strings.Contains(req, "status.failed") {
		t.Fatalf("AnyHolds = %q, %v; want the status.failed requirement", req, ok)
	}
	if _, ok := cond.AllHold(obj); ok {
		t.Fatal("AllHold: want false, one requirement does not hold")
	}
}

func TestConditionParseErrors(t *testing.T) {
	for _, bad := range []string{"status.phase in Failed", "status.x > abc", "a b c", "status.x == (a"} {
		if _, err := ParseCondition("resource.successCondition", bad); err == nil || !strings.Contains(err.Error(), "resource.successCondition") {
			t.Errorf("%q: err = %v, want an error naming the field", bad, err)
		}
	}
}

func TestText(t *testing.T) {
	for v, want := range map[any]string{nil: "", "s": "s", true: "true", int64(42): "42", 1.5: "1.5", float64(3): "3"} {
		if got := text(v); got != want {
			t.Errorf("text(%#v) = %q, want %q", v, got, want)
		}
	}
	if got := text(map[string]any{"a": int64(1)}); got != `{"a":1}` {
		t.Errorf("map: %q", got)
	}
}
