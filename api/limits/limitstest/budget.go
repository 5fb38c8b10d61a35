// Package limitstest holds the budget fuzz and regression tests hold a parser call to:
// every call on user text finishes in under a second and allocates under 100 MB. The second
// is CPU time (user + system, the process's rusage): the machines tests run on are shared,
// and wall time there measures the neighbours; wall time still fails at MaxWallTime.
package limitstest

import (
	"fmt"
	"runtime/metrics"
	"syscall"
	"testing"
	"time"
)

const (
	// MaxTime is the CPU time one call may take.
	MaxTime = time.Second
	// MaxWallTime is the wall time one call may take, however loaded the machine.
	MaxWallTime = 10 * time.Second
	// MaxAlloc is what one call may allocate (TotalAlloc growth, bytes).
	MaxAlloc = 100 << 20
	// hangAfter stops a run that would never end, so that the fuzzer records the input as
	// a crasher instead of waiting forever.
	hangAfter = 20 * time.Second
)

// Cost is what one call took.
type Cost struct {
	CPU, Wall time.Duration
	Alloc     uint64
}

func (c Cost) String() string {
	return fmt.Sprintf("%v CPU (%v wall), %.1f MB allocated", c.CPU.Round(time.Microsecond), c.Wall.Round(time.Microsecond), float64(c.Alloc)/(1<<20))
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// allocated is the heap bytes allocated so far (runtime.MemStats.TotalAlloc without the
// stop-the-world of ReadMemStats, which would slow fuzzing down several times).
func allocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// Measure runs fn once and returns its time and allocation.
func Measure(fn func()) Cost {
	before := allocated()
	watchdog := time.AfterFunc(hangAfter, func() {
		panic(fmt.Sprintf("a call on user text still runs after %v", hangAfter))
	})
	start, cpu := time.Now(), cpuTime()
	fn()
	c := Cost{CPU: cpuTime() - cpu, Wall: time.Since(start)}
	watchdog.Stop()
	c.Alloc = allocated() - before
	return c
}

// Within runs fn once and fails the test when it takes MaxTime of CPU or more (or
// MaxWallTime), or allocates MaxAlloc or more. what names the call in the failure. It
// returns the cost.
func Within(t testing.TB, what string, fn func()) Cost {
	t.Helper()
	c := Measure(fn)
	if c.CPU >= MaxTime || c.Wall >= MaxWallTime || c.Alloc >= MaxAlloc {
		t.Fatalf("%s: %v, over the budget of %v CPU (%v wall) and %d MB", what, c, MaxTime, MaxWallTime, MaxAlloc>>20)
	}
	return c
}
