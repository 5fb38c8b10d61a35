package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/skiff-dev/skiff/api/limits/limitstest"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// TestOneRefusesWhatCrashesTheCronParser: robfig/cron panics on a time zone prefix alone,
// and a megabyte of schedule is refused by length before it is split into fields.
func TestOneRefusesWhatCrashesTheCronParser(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"TZ=UTC", `time zone prefix "TZ=UTC" has no schedule after it`},
		{"CRON_TZ=Europe/Paris\t0\t0\t*\t*\t*", "has no schedule after it"},
		{"CRON_TZ=", "has no schedule after it"},
		{strings.Repeat("1,", 500000) + "1 * * * *", "is 1000009 characters long, more than the 1024 allowed for a cron schedule"},
	} {
		var err error
		cost := limitstest.Within(t, c.in[:min(len(c.in), 20)], func() { _, err = One(c.in) })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("One(%.30q) = %v, want %q", c.in, err, c.want)
		}
		t.Logf("One(%.20q...): %v (%v)", c.in, err, cost)
	}
	if _, err := OneWithSeconds("TZ=UTC"); err == nil {
		t.Error("OneWithSeconds(TZ=UTC) accepted")
	}
	if _, err := OneWithSeconds("*/10 * * * * *"); err != nil {
		t.Errorf("OneWithSeconds with a seconds field: %v", err)
	}
	_, err := Parse(&v1alpha1.CronWorkflowSpec{Schedules: []string{"0 0 * * *", "TZ=UTC"}})
	if err == nil || !strings.Contains(err.Error(), "spec.schedules[1]") {
		t.Errorf("Parse with a bare TZ= schedule: %v", err)
	}
}

// FuzzSchedule: any text, with or without spec.timezone, parses or fails within the budget,
// and what parses answers Next and Latest within it too.
func FuzzSchedule(f *testing.F) {
	for _, s := range []string{
		"0 0 * * *", "*/5 * * * *", "@hourly", "@every 90s", "CRON_TZ=Asia/Tokyo 0 9 * * *",
		"TZ=UTC 0 0 1 1 *", "0 0 30 2 *", "0-59/7 1,2,3 1-31 JAN-DEC MON-FRI", "TZ=UTC", "@every 1ns",
	} {
		f.Add(s, "")
		f.Add(s, "America/New_York")
	}
	from := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text, tz string) {
		limitstest.Within(t, "schedule", func() {
			if _, err := OneWithSeconds(text); err != nil {
				_ = err
			}
			set, err := Parse(&v1alpha1.CronWorkflowSpec{Schedules: []string{text}, Timezone: tz})
			if err != nil {
				return
			}
			set.Next(from)
			set.Latest(from.Add(-time.Hour), from)
		})
	})
}
