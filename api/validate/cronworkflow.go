package validate

import (
	"context"
	"fmt"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/limits"
	"github.com/skiff-dev/skiff/api/schedule"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

var concurrencyPolicies = []string{"Allow", "Forbid", "Replace"}

// CronWorkflow validates a CronWorkflow: its schedules, time zone and policies, and its
// workflowSpec as a Workflow's spec (paths under spec.workflowSpec).
func CronWorkflow(ctx context.Context, c *v1alpha1.CronWorkflow, opts Options) Result {
	var r Result
	p := field.NewPath("spec")
	s := &c.Spec
	if len(s.Schedules) == 0 && s.Schedule == "" {
		r.Errors = append(r.Errors, field.Required(p.Child("schedules"), "a CronWorkflow needs at least one schedule"))
	}
	if s.Schedule != "" {
		r.Errors = append(r.Errors, field.Forbidden(p.Child("schedule"), "removed in Argo Workflows v4: use schedules (a list); `argo convert` rewrites it"))
	}
	for i, sch := range s.Schedules {
		if err := checkSchedule(sch); err != nil {
			r.Errors = append(r.Errors, invalidText(p.Child("schedules").Index(i), sch, err.Error(), err))
		}
	}
	if s.Timezone != "" {
		if _, err := time.LoadLocation(s.Timezone); err != nil {
			r.Errors = append(r.Errors, field.Invalid(p.Child("timezone"), s.Timezone, "not a known time zone (want an IANA name such as Europe/Paris)"))
		}
	}
	if s.ConcurrencyPolicy != "" && !contains(concurrencyPolicies, string(s.ConcurrencyPolicy)) {
		r.Errors = append(r.Errors, field.NotSupported(p.Child("concurrencyPolicy"), string(s.ConcurrencyPolicy), concurrencyPolicies))
	}
	if d := s.StartingDeadlineSeconds; d != nil && *d < 0 {
		r.Errors = append(r.Errors, field.Invalid(p.Child("startingDeadlineSeconds"), *d, "must be non-negative"))
	}
	if l := s.SuccessfulJobsHistoryLimit; l != nil && *l < 0 {
		r.Errors = append(r.Errors, field.Invalid(p.Child("successfulJobsHistoryLimit"), *l, "must be non-negative"))
	}
	if l := s.FailedJobsHistoryLimit; l != nil && *l < 0 {
		r.Errors = append(r.Errors, field.Invalid(p.Child("failedJobsHistoryLimit"), *l, "must be non-negative"))
	}
	if st := s.StopStrategy; st != nil {
		if st.Expression == "" {
			r.Errors = append(r.Errors, field.Required(p.Child("stopStrategy", "expression"), ""))
		} else {
			checkExpr(&r, p.Child("stopStrategy", "expression"), st.Expression)
		}
	}
	if s.When != "" {
		if e := checkCondition(p.Child("when"), s.When); e != nil {
			r.Errors = append(r.Errors, e)
		}
		tagChecker{res: &r}.check(p.Child("when"), s.When, cronScope{})
	}
	v := newWFValidator(ctx, opts, &r, &s.WorkflowSpec, p.Child("workflowSpec"), c.Namespace, false)
	v.validateRunnable()
	return r
}

// checkSchedule parses one schedule, with an optional "CRON_TZ=" prefix as upstream allows.
func checkSchedule(s string) error {
	if err := limits.Schedule(s); err != nil {
		return err
	}
	if strings.Contains(s, "{{") {
		return nil
	}
	if _, err := schedule.One(strings.TrimSpace(s)); err != nil {
		return fmt.Errorf("not a cron schedule: %v", err)
	}
	return nil
}

// cronScope resolves tags of a CronWorkflow's when: only expressions ({{= ...}}) are usual
// there; plain tags are left to run time.
type cronScope struct{}

func (cronScope) resolve(string) bool { return true }
