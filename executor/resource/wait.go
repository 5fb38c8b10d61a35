package resource

import (
	"context"
	"fmt"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// wait reads the object every interval until the failureCondition holds (checked first: the
// step fails) or the successCondition does (all its requirements; the step succeeds). With
// only a failureCondition, the first read where it does not hold succeeds, as upstream. The
// object being deleted meanwhile fails the step; other read errors are retried. The pod's
// deadline (activeDeadlineSeconds) bounds the wait.
func (x *executor) wait(ctx context.Context, p *plan, obj *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	name := obj.GetKind() + "/" + obj.GetName()
	if ns := obj.GetNamespace(); ns != "" {
		name = ns + "/" + name
	}
	if p.Success != nil {
		fmt.Fprintf(x.o.Log, "waiting for %s: successCondition %q\n", name, p.Success.Text)
	}
	if p.Failure != nil {
		fmt.Fprintf(x.o.Log, "failing %s on failureCondition %q\n", name, p.Failure.Text)
	}
	t, err := x.resolve(ctx, &plan{Flags: p.Flags, Object: obj})
	if err != nil {
		return nil, err
	}
	t.name = obj.GetName()
	last := ""
	for {
		if p.Failure != nil {
			if req, ok := p.Failure.AnyHolds(obj.Object); ok {
				return nil, fmt.Errorf("%s: failureCondition %q holds (%s)", name, p.Failure.Text, req)
			}
		}
		if p.Success == nil {
			return obj, nil
		}
		missing, ok := p.Success.AllHold(obj.Object)
		if ok {
			fmt.Fprintf(x.o.Log, "%s: successCondition %q holds\n", name, p.Success.Text)
			return obj, nil
		}
		if now := strings.Join(missing, ", "); now != last {
			fmt.Fprintf(x.o.Log, "%s: waiting for %s\n", name, now)
			last = now
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%s: stopped while waiting for successCondition %q (not yet: %s): %w", name, p.Success.Text, last, ctx.Err())
		case <-time.After(x.interval()):
		}
		for {
			cur, err := t.res.Get(ctx, t.name, metav1.GetOptions{})
			if err == nil {
				obj = cur
				break
			}
			if notFound(err) {
				return nil, fmt.Errorf("%s was deleted while waiting for its successCondition", name)
			}
			if !retryable(err) {
				return nil, fmt.Errorf("reading %s: %w", name, err)
			}
			fmt.Fprintf(x.o.Log, "reading %s: %v (retrying)\n", name, err)
			select {
			case <-ctx.Done():
				return nil, fmt.Errorf("%s: stopped while waiting for successCondition %q: %w", name, p.Success.Text, ctx.Err())
			case <-time.After(x.interval()):
			}
		}
	}
}

// retryable: errors a later read may not hit (the server busy, unreachable or timing out).
// Forbidden or bad requests will not change and fail the step.
func retryable(err error) bool {
	switch {
	case apierrors.IsForbidden(err), apierrors.IsUnauthorized(err), apierrors.IsBadRequest(err),
		apierrors.IsMethodNotSupported(err), apierrors.IsNotAcceptable(err), apierrors.IsInvalid(err):
		return false
	}
	return true
}
