package bench

import (
	"math"
	"testing"
)

func TestSummarise(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want Spread
		text string
	}{
		{[]float64{3, 1, 2}, Spread{2, 1, 3, 3}, "2.0 (1.0–3.0)"},
		{[]float64{4, 1, 3, 2}, Spread{2.5, 1, 4, 4}, "2.5 (1.0–4.0)"},
		{[]float64{7}, Spread{7, 7, 7, 1}, "7.0"},
	} {
		got := Summarise(tc.in)
		if got != tc.want {
			t.Errorf("Summarise(%v) = %+v, want %+v", tc.in, got, tc.want)
		}
		if s := got.Format(1); s != tc.text {
			t.Errorf("Format = %q, want %q", s, tc.text)
		}
	}
	if s := Summarise(nil); s.N != 0 || !math.IsNaN(s.Median) || s.Format(1) != "–" {
		t.Errorf("Summarise(nil) = %+v %q", s, s.Format(1))
	}
	in := []float64{3, 1, 2}
	Summarise(in)
	if in[0] != 3 {
		t.Errorf("Summarise sorted its input in place: %v", in)
	}
}
