package limitstest

import (
	"testing"
	"time"
)

var sink []byte

// TestMeasureSeesAllocationAndCPU: the budget can fail — it sees 200 MB allocated and a
// fifth of a second of CPU (spun until the process's own clock says so: on a loaded
// machine wall time runs ahead of it).
func TestMeasureSeesAllocationAndCPU(t *testing.T) {
	c := Measure(func() { sink = make([]byte, 200<<20) })
	if c.Alloc < 200<<20 {
		t.Errorf("allocating 200 MB measured %v", c)
	}
	sink = nil
	c = Measure(func() {
		for start := cpuTime(); cpuTime()-start < 200*time.Millisecond; {
		}
	})
	if c.CPU < 200*time.Millisecond || c.Wall < c.CPU/2 {
		t.Errorf("a 200 ms CPU busy loop measured %v", c)
	}
	t.Logf("busy loop: %v", c)
}
