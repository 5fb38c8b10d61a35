package workflow

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func TestPodCreationRateLimit(t *testing.T) {
	h := newHarness(t, fanOut(5))
	h.r.PodCreates = rate.NewLimiter(rate.Every(time.Hour), 2)
	res := h.reconcile()
	if got := len(h.pods()); got != 2 {
		t.Fatalf("%d pods created, want the burst of 2", got)
	}
	if res.RequeueAfter <= 0 {
		t.Errorf("no requeue while pods wait for the rate limit")
	}
	waiting := 0
	for _, n := range h.wf().Status.Nodes {
		if n.Type == v1alpha1.NodeTypePod && n.Message == podRateLimited {
			waiting++
			if n.Phase != v1alpha1.NodePending {
				t.Errorf("waiting node %s is %s", n.Name, n.Phase)
			}
		}
	}
	if waiting != 3 {
		t.Errorf("%d nodes say they wait for the rate limit, want 3", waiting)
	}
	h.wantPhase(v1alpha1.WorkflowRunning)
	h.r.PodCreates.SetLimit(rate.Inf)
	h.reconcile()
	if got := len(h.pods()); got != 5 {
		t.Fatalf("%d pods once tokens are there, want 5", got)
	}
	h.reconcile() // the pods are seen: the waiting message goes
	for _, n := range h.wf().Status.Nodes {
		if n.Message == podRateLimited {
			t.Errorf("%s still says it waits", n.Name)
		}
	}
}

func TestPodCreateLimiterFlags(t *testing.T) {
	if l, err := NewPodCreateLimiter(0, 1); l != nil || err != nil {
		t.Errorf("qps 0: %v %v, want no limiter", l, err)
	}
	if l, err := NewPodCreateLimiter(10, 20); err != nil || l.Limit() != 10 || l.Burst() != 20 {
		t.Errorf("10/20: %v %v", l, err)
	}
	for _, c := range []struct {
		qps   float64
		burst int
		want  string
	}{{-1, 1, "--pod-create-qps"}, {5, 0, "--pod-create-burst"}} {
		if _, err := NewPodCreateLimiter(c.qps, c.burst); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v/%d: got %v, want an error naming %s", c.qps, c.burst, err, c.want)
		}
	}
}
