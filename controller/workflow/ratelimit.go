package workflow

import (
	"fmt"
	"math"
	"time"

	"golang.org/x/time/rate"
)

// NewPodCreateLimiter is the token bucket for pod creation; nil when qps is 0 (no limit).
func NewPodCreateLimiter(qps float64, burst int) (*rate.Limiter, error) {
	switch {
	case qps < 0 || math.IsNaN(qps) || math.IsInf(qps, 0):
		return nil, fmt.Errorf("--pod-create-qps must be 0 (no limit) or positive, got %v", qps)
	case burst < 1:
		return nil, fmt.Errorf("--pod-create-burst must be at least 1, got %d", burst)
	case qps == 0:
		return nil, nil
	}
	return rate.NewLimiter(rate.Limit(qps), burst), nil
}

// mayCreatePod takes a token for one pod creation. Without one the caller creates nothing
// now and the workflow is requeued when the next token is due: waiting is not an error.
func (o *operation) mayCreatePod() bool {
	lim := o.r.PodCreates
	if lim == nil {
		return true
	}
	res := lim.Reserve()
	wait := res.Delay()
	if wait == 0 {
		return true
	}
	res.Cancel()
	o.requeueAfter(max(wait, 10*time.Millisecond))
	return false
}

// podRateLimited is the node message while a pod waits for the creation rate limit.
const podRateLimited = "Waiting for the pod creation rate limit (--pod-create-qps)"
