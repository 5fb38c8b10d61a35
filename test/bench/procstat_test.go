package bench

import (
	"os"
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	// A command name with spaces and ')' must not shift the fields.
	stat := "4242 (skiff ) ctl) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 12 0 100 0 0"
	got, err := parseStatCPU(stat)
	if err != nil {
		t.Fatal(err)
	}
	if want := 3250 * time.Millisecond; got != want {
		t.Errorf("cpu = %s, want %s", got, want)
	}
	for _, bad := range []string{"", "1 (x) S 1 2", "1 (x) S 1 2 3 4 5 6 7 8 9 10 x 5 0"} {
		if _, err := parseStatCPU(bad); err == nil {
			t.Errorf("parseStatCPU(%q): no error", bad)
		}
	}
}

func TestParseStatusMem(t *testing.T) {
	m, err := parseStatusMem("Name:\tskiff\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t9\n")
	if err != nil {
		t.Fatal(err)
	}
	if m.RSS != 100<<20 || m.PeakRSS != 200<<20 {
		t.Errorf("got %+v, want RSS 100 MiB, peak 200 MiB", m)
	}
	for _, bad := range []string{"Name:\tx\n", "VmRSS:\t1 kB\n", "VmRSS:\t1 MB\nVmHWM:\t1 kB\n"} {
		if _, err := parseStatusMem(bad); err == nil {
			t.Errorf("parseStatusMem(%q): no error", bad)
		}
	}
}

// The readers work on a live process: this test's own.
func TestProcReadersOnSelf(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	deadline := time.Now().Add(100 * time.Millisecond)
	for time.Now().Before(deadline) { // burn some CPU so utime is at least one tick
	}
	cpu, err := ProcCPU(os.Getpid())
	if err != nil || cpu <= 0 {
		t.Errorf("ProcCPU(self) = %s, %v; want > 0", cpu, err)
	}
	m, err := ReadProcMem(os.Getpid())
	if err != nil || m.RSS == 0 || m.PeakRSS < m.RSS {
		t.Errorf("ReadProcMem(self) = %+v, %v", m, err)
	}
}
