package validate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/duration"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Spec- and template-level policies: retries, deadlines, locks, pod GC, TTL, timeouts.

var podGCStrategies = []string{"", "OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion", "OnWorkflowSuccess"}

var retryPolicies = []string{"Always", "OnFailure", "OnError", "OnTransientError"}

// validateSpecFields checks the spec-level policies.
func (v *wfValidator) validateSpecFields() {
	s, p := v.spec, v.path
	v.denyUnimplemented(p, s.UnimplementedFields())
	if s.Parallelism != nil && *s.Parallelism < 1 {
		v.errorf(field.Invalid(p.Child("parallelism"), *s.Parallelism, "must be at least 1"))
	}
	if s.ActiveDeadlineSeconds != nil && *s.ActiveDeadlineSeconds < 0 {
		v.errorf(field.Invalid(p.Child("activeDeadlineSeconds"), *s.ActiveDeadlineSeconds, "activeDeadlineSeconds must be a positive integer"))
	}
	if g := s.PodGC; g != nil {
		gp := p.Child("podGC")
		if g.Strategy != nil && !contains(podGCStrategies, string(*g.Strategy)) {
			v.errorf(field.NotSupported(gp.Child("strategy"), string(*g.Strategy), podGCStrategies[1:]))
		}
		checkDuration(v.res, gp.Child("deleteDelayDuration"), g.DeleteDelayDuration, true)
	}
	if t := s.TTLStrategy; t != nil {
		tp := p.Child("ttlStrategy")
		for name, val := range map[string]*int32{"secondsAfterCompletion": t.SecondsAfterCompletion, "secondsAfterSuccess": t.SecondsAfterSuccess, "secondsAfterFailure": t.SecondsAfterFailure} {
			if val != nil && *val < 0 {
				v.errorf(field.Invalid(tp.Child(name), *val, "must be non-negative"))
			}
		}
	}
	v.validateSynchronization(p.Child("synchronization"), s.Synchronization)
	v.validateRetryStrategy(p.Child("retryStrategy"), s.RetryStrategy)
}

// validateTemplatePolicies checks what any template (or templateDefaults) may set.
func (v *wfValidator) validateTemplatePolicies(p *field.Path, t *v1alpha1.Template) {
	if a := t.ActiveDeadlineSeconds; a != nil {
		if n, ok := intOrStringValue(a); ok && n < 0 {
			v.errorf(field.Invalid(p.Child("activeDeadlineSeconds"), a.String(), "activeDeadlineSeconds must be a positive integer"))
		} else if !ok && !strings.Contains(a.String(), "{{") {
			v.errorf(field.Invalid(p.Child("activeDeadlineSeconds"), a.String(), "must be a number of seconds or a {{...}} expression"))
		}
	}
	v.validateRetryStrategy(p.Child("retryStrategy"), t.RetryStrategy)
	v.validateSynchronization(p.Child("synchronization"), t.Synchronization)
	checkDuration(v.res, p.Child("timeout"), t.Timeout, false)
	checkDuration(v.res, p.Child("pendingTimeout"), t.PendingTimeout, false)
	if t.Parallelism != nil && *t.Parallelism < 1 {
		v.errorf(field.Invalid(p.Child("parallelism"), *t.Parallelism, "must be at least 1"))
	}
	if m := t.Memoize; m != nil {
		if m.Key == "" {
			v.errorf(field.Required(p.Child("memoize", "key"), ""))
		}
		checkDuration(v.res, p.Child("memoize", "maxAge"), m.MaxAge, false)
	}
	if t.Suspend != nil {
		checkDuration(v.res, p.Child("suspend", "duration"), t.Suspend.Duration, true)
	}
}

// validateRetryStrategy checks limit, policy and backoff.
func (v *wfValidator) validateRetryStrategy(p *field.Path, rs *v1alpha1.RetryStrategy) {
	if rs == nil {
		return
	}
	if l := rs.Limit; l != nil {
		if n, ok := intOrStringValue(l); ok && n < 0 {
			v.errorf(field.Invalid(p.Child("limit"), l.String(), "must be non-negative"))
		} else if !ok && !strings.Contains(l.String(), "{{") {
			v.errorf(field.Invalid(p.Child("limit"), l.String(), "must be a number or a {{...}} expression"))
		}
	}
	if rs.RetryPolicy != "" && !contains(retryPolicies, string(rs.RetryPolicy)) {
		v.errorf(field.NotSupported(p.Child("retryPolicy"), string(rs.RetryPolicy), retryPolicies))
	}
	if b := rs.Backoff; b != nil {
		bp := p.Child("backoff")
		checkDuration(v.res, bp.Child("duration"), b.Duration, true)
		checkDuration(v.res, bp.Child("maxDuration"), b.MaxDuration, true)
		checkDuration(v.res, bp.Child("cap"), b.Cap, true)
		if f := b.Factor; f != nil {
			if n, ok := intOrStringValue(f); ok && n < 0 {
				v.errorf(field.Invalid(bp.Child("factor"), f.String(), "must be non-negative"))
			}
		}
	}
	if rs.Expression != "" {
		checkExpr(v.res, p.Child("expression"), rs.Expression)
	}
}

// validateSynchronization checks that each mutex has a name and each semaphore a limit.
func (v *wfValidator) validateSynchronization(p *field.Path, s *v1alpha1.Synchronization) {
	if s == nil {
		return
	}
	for i, m := range s.Mutexes {
		if m.Name == "" {
			v.errorf(field.Required(p.Child("mutexes").Index(i).Child("name"), "a mutex needs a name"))
		}
	}
	for i, sem := range s.Semaphores {
		sp := p.Child("semaphores").Index(i)
		switch {
		case sem.Database != nil:
			// Reported by Scope as not supported.
		case sem.ConfigMapKeyRef == nil:
			v.errorf(field.Required(sp.Child("configMapKeyRef"), "a semaphore needs the ConfigMap key holding its limit"))
		default:
			if sem.ConfigMapKeyRef.Name == "" {
				v.errorf(field.Required(sp.Child("configMapKeyRef", "name"), ""))
			}
			if sem.ConfigMapKeyRef.Key == "" {
				v.errorf(field.Required(sp.Child("configMapKeyRef", "key"), ""))
			}
		}
	}
}

// checkDuration reports a string that is not a duration by the controller's own parser
// (api/duration): with seconds, an integer of seconds or a Go duration, as upstream's
// ParseStringToDuration; without, a Go duration only. A {{...}} expression is checked when
// the controller resolves it.
func checkDuration(r *Result, p *field.Path, s string, seconds bool) {
	if s == "" || strings.Contains(s, "{{") {
		return
	}
	parse := duration.ParseUnit
	if seconds {
		parse = duration.Parse
	}
	if _, err := parse(s); err != nil {
		var de *duration.Error
		if errors.As(err, &de) {
			r.Errors = append(r.Errors, field.Invalid(p, de.Value, de.Reason))
			return
		}
		r.Errors = append(r.Errors, field.Invalid(p, s, err.Error()))
	}
}

// checkExpr reports an expr-language expression that does not parse.
func checkExpr(r *Result, p *field.Path, s string) {
	if strings.Contains(s, "{{") {
		return
	}
	if _, err := parseExpr(s); overLimit(err) {
		r.Errors = append(r.Errors, invalidText(p, s, "expression "+err.Error(), err))
	} else if err != nil {
		r.Errors = append(r.Errors, field.Invalid(p, s, "expression does not parse: "+firstLine(err.Error())))
	}
}

// intOrStringValue returns the number an IntOrString holds, if it holds one.
func intOrStringValue(v *intstr.IntOrString) (int64, bool) {
	if v.Type == intstr.Int {
		return int64(v.IntVal), true
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v.StrVal), 10, 64)
	return n, err == nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// denyUnimplemented denies fields (paths relative to p) Skiff models but does not carry out,
// with the same words as the pattern-based Scope check.
func (v *wfValidator) denyUnimplemented(p *field.Path, rel []string) {
	for _, f := range rel {
		fp := p.Child(f)
		v.errorf(field.Forbidden(fp, fmt.Sprintf("%s: %s", v1alpha1.UnsupportedMessage, fp)))
	}
}
