package run

import "io"

// tee streams everything to out and keeps the first max bytes. Write never fails: a broken
// log stream must not make the child's writes fail (the result is still collected).
type tee struct {
	out   io.Writer
	max   int
	buf   []byte
	total int64
}

func (t *tee) Write(p []byte) (int, error) {
	if t.out != nil {
		if _, err := t.out.Write(p); err != nil {
			t.out = nil // stop streaming; keep capturing
		}
	}
	if room := t.max - len(t.buf); room > 0 {
		t.buf = append(t.buf, p[:min(room, len(p))]...)
	}
	t.total += int64(len(p))
	return len(p), nil
}

// result is the captured output with one trailing newline removed, and whether the output
// was longer than what was kept.
func (t *tee) result() (string, bool) {
	if t.total > int64(len(t.buf)) {
		return string(t.buf), true
	}
	return trimNewline(string(t.buf)), false
}

func trimNewline(s string) string {
	if n := len(s); n > 0 && s[n-1] == '\n' {
		return s[:n-1]
	}
	return s
}
