package bench

import (
	"testing"
	"time"
)

type metrics map[string]float64

func (m metrics) ReportMetric(n float64, unit string) { m[unit] = n }

func TestReportPercentiles(t *testing.T) {
	var lat []time.Duration
	for i := 200; i >= 1; i-- { // 1..200 ms, unsorted
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	m := metrics{}
	ReportPercentiles(m, lat)
	if m["p50-ms"] != 100 || m["p99-ms"] != 198 || m["samples"] != 200 {
		t.Errorf("got %v, want p50 100, p99 198, 200 samples", m)
	}
	if lat[0] != 200*time.Millisecond {
		t.Error("ReportPercentiles sorted its input in place")
	}
	m = metrics{}
	ReportPercentiles(m, nil)
	if len(m) != 0 {
		t.Errorf("no samples reported %v", m)
	}
}
