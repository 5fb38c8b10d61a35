package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

// Poll calls fn every interval until it reports done, returns an error, or ctx ends.
// A failing read is retried (and reported through onErr), as a dropped watch would be.
func Poll(ctx context.Context, interval time.Duration, fn func() (bool, error), onErr func(error)) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		done, err := fn()
		switch {
		case err != nil && onErr == nil:
			return err
		case err != nil:
			onErr(err)
		case done:
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Redrawer writes a frame only when its text changed, clearing the screen first on a
// terminal, so `-w` output neither flickers nor repeats.
type Redrawer struct {
	Out   io.Writer
	Clear bool
	last  string
}

// NewRedrawer clears between frames only when out is a terminal.
func NewRedrawer(out io.Writer) *Redrawer {
	return &Redrawer{Out: out, Clear: IsTerminal(out)}
}

// Draw writes text unless it equals the previous frame; it reports whether it wrote.
func (r *Redrawer) Draw(text string) bool {
	if text == r.last {
		return false
	}
	r.last = text
	if r.Clear {
		fmt.Fprint(r.Out, "\x1b[H\x1b[2J")
	} else if text != "" {
		defer fmt.Fprintln(r.Out)
	}
	fmt.Fprint(r.Out, text)
	return true
}

// IsTerminal reports whether w is a character device (an interactive terminal).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
