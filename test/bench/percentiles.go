package bench

import (
	"slices"
	"time"
)

// MetricReporter is what a Go benchmark (*testing.B) reports extra figures through.
type MetricReporter interface {
	ReportMetric(n float64, unit string)
}

// ReportPercentiles reports the p50 and p99 of one benchmark run's latencies in ms, and how
// many samples they come from: with under 100 samples p99 is the slowest one.
func ReportPercentiles(b MetricReporter, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	pct := func(p int) float64 { return float64(s[(len(s)-1)*p/100].Microseconds()) / 1000 }
	b.ReportMetric(pct(50), "p50-ms")
	b.ReportMetric(pct(99), "p99-ms")
	b.ReportMetric(float64(len(s)), "samples")
}
