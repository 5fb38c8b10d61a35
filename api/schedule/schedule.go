// Package schedule reads cron schedules: one (One, for validation of every kind that has a
// schedule) or a CronWorkflow's set in its time zone (Parse), answering "when is the next run"
// and "which run is due". Validation, the controller and `kubectl wf cron` all read schedules
// here, so they agree, and each schedule passes api/limits before the cron parser sees it.
package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/skiff-dev/skiff/api/limits"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// parser reads what upstream accepts: five fields or a descriptor (@hourly, @every 1h), with
// an optional CRON_TZ= / TZ= prefix.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// secondsParser also takes an optional leading seconds field (calendar EventSources).
var secondsParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Set is a CronWorkflow's parsed schedules.
type Set struct {
	specs []cron.Schedule
}

// Parse reads spec.schedules in spec.timezone (the controller's local zone when empty). A
// schedule with its own CRON_TZ= prefix keeps its zone.
func Parse(spec *v1alpha1.CronWorkflowSpec) (*Set, error) {
	if len(spec.Schedules) == 0 {
		return nil, fmt.Errorf("spec.schedules: no schedule given")
	}
	if spec.Timezone != "" {
		if _, err := time.LoadLocation(spec.Timezone); err != nil {
			return nil, fmt.Errorf("spec.timezone: %q is not a known time zone: %v", spec.Timezone, err)
		}
	}
	s := &Set{}
	for i, raw := range spec.Schedules {
		text := strings.TrimSpace(raw)
		if spec.Timezone != "" && !strings.HasPrefix(text, "CRON_TZ=") && !strings.HasPrefix(text, "TZ=") {
			text = "CRON_TZ=" + spec.Timezone + " " + text
		}
		sch, err := One(text)
		if err != nil {
			return nil, fmt.Errorf("spec.schedules[%d]: %q is not a cron schedule: %v", i, raw, err)
		}
		s.specs = append(s.specs, sch)
	}
	return s, nil
}

// One parses one schedule: five fields or a descriptor, with an optional CRON_TZ= or TZ=
// prefix.
func One(text string) (cron.Schedule, error) {
	return parseWith(parser, text)
}

// OneWithSeconds is One with an optional leading seconds field.
func OneWithSeconds(text string) (cron.Schedule, error) {
	return parseWith(secondsParser, text)
}

// parseWith applies the limits, then parses with p. robfig/cron panics on a time zone
// prefix without a schedule after it ("TZ=UTC"), so that case is refused here first.
func parseWith(p cron.Parser, text string) (cron.Schedule, error) {
	if err := limits.Schedule(text); err != nil {
		return nil, err
	}
	if strings.HasPrefix(text, "TZ=") || strings.HasPrefix(text, "CRON_TZ=") {
		if !strings.Contains(text, " ") {
			return nil, fmt.Errorf("time zone prefix %q has no schedule after it", text)
		}
	}
	return p.Parse(text)
}

// Next is the first scheduled time strictly after t over all schedules (zero if none fires,
// e.g. "0 0 30 2 *").
func (s *Set) Next(t time.Time) time.Time {
	var best time.Time
	for _, sch := range s.specs {
		n := sch.Next(t)
		if !n.IsZero() && (best.IsZero() || n.Before(best)) {
			best = n
		}
	}
	return best
}

// Latest is the last scheduled time in (after, now], or zero when none falls there. Callers
// bound after (the controller starts at the oldest time it may still run), and the walk stops
// after maxSteps firings per schedule so that "@every 1s" left alone for a year stays cheap:
// it then answers the latest time the walk reached.
func (s *Set) Latest(after, now time.Time) time.Time {
	var latest time.Time
	for _, sch := range s.specs {
		steps := 0
		for t := sch.Next(after); !t.IsZero() && !t.After(now) && steps < maxSteps; t = sch.Next(t) {
			if t.After(latest) {
				latest = t
			}
			steps++
		}
	}
	return latest
}

const maxSteps = 100000
