package cronworkflow

import (
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/limits/limitstest"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// TestCrashInputsAreSpecErrors: a CronWorkflow whose when or stopStrategy would overflow
// expr-lang's parser, or whose schedule panics robfig/cron ("TZ=UTC"), is a SpecError naming
// the field, within the budget; the controller keeps running.
func TestCrashInputsAreSpecErrors(t *testing.T) {
	for _, c := range []struct{ name, extra, field, want string }{
		{"when {{= with 600,000 [", `  when: "` + limitstest.ExprTag() + `"`, "spec.when", "more than the 10240 allowed for an expression"},
		{"stopStrategy of 600,000 (", "  stopStrategy: {expression: \"" + limitstest.Condition("(") + "\"}", "spec.stopStrategy.expression", "more than the 10240 allowed for an expression"},
		{"schedule TZ= alone", "  timezone: UTC", "spec.schedules[0]", `time zone prefix "TZ=UTC" has no schedule after it`},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := cronDoc(c.extra)
			if c.field == "spec.schedules[0]" {
				doc = strings.Replace(doc, `schedules: ["* * * * *"]`, `schedules: ["TZ=UTC"]`, 1)
			}
			h := newHarness(t, doc)
			h.at("10:01:00")
			cost := limitstest.Within(t, "reconcile", func() { h.reconcile() })
			h.wantChildren()
			cond := h.cron().Status.Conditions.Get(v1alpha1.ConditionTypeSpecError)
			if cond == nil || cond.Status != metav1.ConditionTrue || !strings.Contains(cond.Message, c.field) || !strings.Contains(cond.Message, c.want) || len(cond.Message) > 400 {
				t.Fatalf("SpecError %+v\nwant a short message naming %s and %q", cond, c.field, c.want)
			}
			t.Logf("%v: %s", cost, cond.Message)
		})
	}
}

// TestEvalGuardsItself: evalWhen and the stopStrategy check refuse text over the limits even
// when validation was skipped.
func TestEvalGuardsItself(t *testing.T) {
	cw := &v1alpha1.CronWorkflow{Spec: v1alpha1.CronWorkflowSpec{When: limitstest.Condition("[")}}
	var err error
	limitstest.Within(t, "evalWhen", func() { _, err = evalWhen(cw, t0) })
	if err == nil || !strings.Contains(err.Error(), "nests 600000 levels deep, more than the 64 allowed") {
		t.Errorf("evalWhen: %v", err)
	}
	cw.Spec.When = "{{= " + strings.Repeat("!", 100) + "true }}"
	if _, err = evalWhen(cw, t0); err == nil || !strings.Contains(err.Error(), "nests 100 levels deep") {
		t.Errorf("evalWhen of 100 '!': %v", err)
	}
	cw = &v1alpha1.CronWorkflow{Spec: v1alpha1.CronWorkflowSpec{StopStrategy: &v1alpha1.StopStrategy{Expression: limitstest.Condition("(")}}}
	limitstest.Within(t, "stopHolds", func() { _, err = stopHolds(cw) })
	if err == nil || !strings.Contains(err.Error(), "stopStrategy.expression is 600000 characters long") {
		t.Errorf("stopHolds: %v", err)
	}
}

// FuzzCronWhen: any when or stopStrategy text, through the controller's evaluation.
func FuzzCronWhen(f *testing.F) {
	limitstest.SeedStrings(f, []string{
		"{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 360 }}",
		"'{{cronworkflow.name}}' == 'tick'", "cronworkflow.failed >= 3", "{{=" + strings.Repeat("(", 70) + "}}", "{{", "{{= }}",
	}, func(k, _ string) bool { return k == "when" || k == "expression" })
	f.Fuzz(func(t *testing.T, s string) {
		cw := &v1alpha1.CronWorkflow{ObjectMeta: metav1.ObjectMeta{Name: "tick"},
			Spec: v1alpha1.CronWorkflowSpec{When: s, StopStrategy: &v1alpha1.StopStrategy{Expression: s}}}
		limitstest.Within(t, "cron when and stopStrategy", func() {
			_, _ = evalWhen(cw, t0)
			_, _ = stopHolds(cw)
		})
	})
}
