package workflow

import (
	"fmt"
	"strconv"
	"time"

	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/skiff-dev/skiff/api/duration"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// A template's durations are read by api/duration, the parser the webhook uses. Admission
// already denied bad literals; these checks catch what only substitution reveals (a
// "{{inputs.parameters.wait}}" that became "1.5"), which errors the node naming the field and
// the value instead of reading as 0 (a suspend that ends at once, a retry window that is
// already over, a timeout that is silently off).

type durationField struct {
	path, value string
	parse       func(string) (time.Duration, error)
}

// policyDurationError checks what executeTemplate reads around the body: the retry backoff
// and the memoization age.
func policyDurationError(tmpl *v1alpha1.Template) error {
	var fs []durationField
	if rs := tmpl.RetryStrategy; rs != nil && rs.Backoff != nil {
		b := rs.Backoff
		fs = append(fs, durationField{"retryStrategy.backoff.duration", b.Duration, duration.Parse},
			durationField{"retryStrategy.backoff.maxDuration", b.MaxDuration, duration.Parse},
			durationField{"retryStrategy.backoff.cap", b.Cap, duration.Parse})
	}
	if m := tmpl.Memoize; m != nil {
		fs = append(fs, durationField{"memoize.maxAge", m.MaxAge, duration.ParseUnit})
	}
	return checkDurationFields(tmpl.Name, fs)
}

// bodyDurationError checks what the body (one attempt, for a retried template) reads: the
// suspend duration and the pod's deadlines.
func bodyDurationError(tmpl *v1alpha1.Template) error {
	var fs []durationField
	if tmpl.Suspend != nil {
		fs = append(fs, durationField{"suspend.duration", tmpl.Suspend.Duration, duration.Parse})
	}
	fs = append(fs, durationField{"timeout", tmpl.Timeout, duration.ParseUnit})
	if err := checkDurationFields(tmpl.Name, fs); err != nil {
		return err
	}
	if a := tmpl.ActiveDeadlineSeconds; a != nil && a.Type == intstr.String {
		if n, err := strconv.Atoi(a.StrVal); err != nil || n < 0 { // as IntValue reads it in pod.go
			return fmt.Errorf("template %q: activeDeadlineSeconds: invalid value %q: not a non-negative integer number of seconds", tmpl.Name, a.StrVal)
		}
	}
	return nil
}

func checkDurationFields(tmplName string, fs []durationField) error {
	for _, f := range fs {
		if f.value == "" {
			continue
		}
		if _, err := f.parse(f.value); err != nil {
			return fmt.Errorf("template %q: %s: %w", tmplName, f.path, err)
		}
	}
	return nil
}

// parseDuration reads a duration policyDurationError or bodyDurationError accepted before
// the template ran; an empty one is 0.
func parseDuration(s string) time.Duration {
	d, _ := duration.Parse(s)
	return d
}

// errorNode records the node nodeName as Error with msg, creating it when it does not exist.
func (o *operation) errorNode(nodeName string, typ v1alpha1.NodeType, tmplName, boundaryID, msg string) v1alpha1.NodeStatus {
	if n, ok := o.get(nodeName); ok {
		return o.setPhase(n, v1alpha1.NodeError, msg)
	}
	return o.initNode(nodeName, typ, tmplName, boundaryID, v1alpha1.NodeError, msg)
}
