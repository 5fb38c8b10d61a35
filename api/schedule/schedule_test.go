package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func mustParse(t *testing.T, tz string, schedules ...string) *Set {
	t.Helper()
	s, err := Parse(&v1alpha1.CronWorkflowSpec{Schedules: schedules, Timezone: tz})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestNextInTimezone(t *testing.T) {
	s := mustParse(t, "America/New_York", "0 9 * * *")
	for _, tc := range []struct{ from, want string }{
		{"2026-01-15T12:00:00Z", "2026-01-15T14:00:00Z"}, // EST: UTC-5
		{"2026-01-15T14:00:00Z", "2026-01-16T14:00:00Z"}, // strictly after
		{"2026-07-15T12:00:00Z", "2026-07-15T13:00:00Z"}, // EDT: UTC-4
	} {
		if got := s.Next(utc(tc.from)).UTC(); !got.Equal(utc(tc.want)) {
			t.Errorf("Next(%s) = %s, want %s", tc.from, got, tc.want)
		}
	}
	// A schedule's own CRON_TZ wins over spec.timezone.
	s = mustParse(t, "America/New_York", "CRON_TZ=Asia/Tokyo 0 9 * * *")
	if got := s.Next(utc("2026-01-15T12:00:00Z")).UTC(); !got.Equal(utc("2026-01-16T00:00:00Z")) {
		t.Errorf("CRON_TZ schedule: Next = %s", got)
	}
	// Without a time zone, the schedule is read in the controller's local zone.
	s = mustParse(t, "", "30 10 * * *")
	from := time.Date(2026, 1, 15, 0, 0, 0, 0, time.Local)
	if got := s.Next(from); !got.Equal(time.Date(2026, 1, 15, 10, 30, 0, 0, time.Local)) {
		t.Errorf("local: Next = %s", got)
	}
}

func TestNextOverSeveralSchedules(t *testing.T) {
	s := mustParse(t, "UTC", "0 12 * * *", "@hourly", "*/20 * * * *")
	if got := s.Next(utc("2026-01-15T10:05:00Z")); !got.Equal(utc("2026-01-15T10:20:00Z")) {
		t.Errorf("Next = %s", got)
	}
	if got := s.Next(utc("2026-01-15T10:45:00Z")); !got.Equal(utc("2026-01-15T11:00:00Z")) {
		t.Errorf("Next = %s", got)
	}
}

func TestLatest(t *testing.T) {
	s := mustParse(t, "UTC", "* * * * *")
	if got := s.Latest(utc("2026-01-15T10:01:00Z"), utc("2026-01-15T10:05:40Z")); !got.Equal(utc("2026-01-15T10:05:00Z")) {
		t.Errorf("Latest = %s", got)
	}
	if got := s.Latest(utc("2026-01-15T10:05:00Z"), utc("2026-01-15T10:05:40Z")); !got.IsZero() {
		t.Errorf("nothing after the last run: Latest = %s", got)
	}
	// The upper bound is inclusive.
	if got := s.Latest(utc("2026-01-15T10:05:00Z"), utc("2026-01-15T10:06:00Z")); !got.Equal(utc("2026-01-15T10:06:00Z")) {
		t.Errorf("Latest = %s", got)
	}
}

func TestDaylightSavingStart(t *testing.T) {
	// 02:30 does not exist in Los Angeles on 2020-03-08: that day's run is skipped.
	s := mustParse(t, "America/Los_Angeles", "30 2 * * *")
	got := s.Next(utc("2020-03-08T09:00:00Z"))
	if want := utc("2020-03-09T09:30:00Z"); !got.Equal(want) {
		t.Errorf("Next = %s, want %s", got.UTC(), want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		spec v1alpha1.CronWorkflowSpec
		want string
	}{
		{v1alpha1.CronWorkflowSpec{}, "spec.schedules: no schedule given"},
		{v1alpha1.CronWorkflowSpec{Schedules: []string{"* * * * *", "61 * * * *"}}, `spec.schedules[1]: "61 * * * *" is not a cron schedule`},
		{v1alpha1.CronWorkflowSpec{Schedules: []string{"* * * * *"}, Timezone: "Mars/Olympus"}, `spec.timezone: "Mars/Olympus" is not a known time zone`},
	} {
		_, err := Parse(&tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%v) = %v, want %q", tc.spec, err, tc.want)
		}
	}
}
