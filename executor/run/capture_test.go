package run

import (
	"errors"
	"testing"
)

type brokenWriter struct{ writes int }

func (b *brokenWriter) Write(p []byte) (int, error) { b.writes++; return 0, errors.New("broken pipe") }

func TestTeeKeepsCapturingWhenTheStreamBreaks(t *testing.T) {
	bw := &brokenWriter{}
	tt := &tee{out: bw, max: 8}
	for _, s := range []string{"abc", "def\n", "ghijkl"} {
		if n, err := tt.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	if bw.writes != 1 {
		t.Errorf("kept writing to a broken stream: %d writes", bw.writes)
	}
	if got, cut := tt.result(); got != "abcdef\ngh"[:8] || !cut || tt.total != 13 {
		t.Errorf("result %q cut %v total %d", got, cut, tt.total)
	}
	small := &tee{max: 100}
	small.Write([]byte("x\n"))
	if got, cut := small.result(); got != "x" || cut {
		t.Errorf("result %q cut %v", got, cut)
	}
}
