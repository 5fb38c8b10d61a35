package bench

import (
	"fmt"
	"math"
	"slices"
)

// Spread summarises one figure over several runs: the median, and the lowest and highest run.
type Spread struct {
	Median, Min, Max float64
	N                int
}

// Summarise returns the median and range of values; N is 0 for no values.
func Summarise(values []float64) Spread {
	if len(values) == 0 {
		return Spread{Median: math.NaN(), Min: math.NaN(), Max: math.NaN()}
	}
	v := slices.Clone(values)
	slices.Sort(v)
	mid := len(v) / 2
	med := v[mid]
	if len(v)%2 == 0 {
		med = (v[mid-1] + v[mid]) / 2
	}
	return Spread{Median: med, Min: v[0], Max: v[len(v)-1], N: len(v)}
}

// Format prints the median and, for more than one run, the range: "42.1 (40.3–45.0)".
// digits is the number of decimals.
func (s Spread) Format(digits int) string {
	if s.N == 0 {
		return "–"
	}
	med := fmt.Sprintf("%.*f", digits, s.Median)
	if s.N == 1 {
		return med
	}
	return fmt.Sprintf("%s (%.*f–%.*f)", med, digits, s.Min, digits, s.Max)
}
