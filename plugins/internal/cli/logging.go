package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-logr/logr"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
)

// SetLogger gives controller-runtime (whose client the plugins use) a logger. Without one,
// its log package prints "log.SetLogger(...) was never called" and a stack trace to stderr
// once a command has run for 30 s (submit --wait, logs -f, watch). Only what reaches a
// user is kept: level-0 messages, which for a client are the API server's warnings, and
// errors, each written as one "Warning: ..." line, the way kubectl prints server warnings.
// controller-runtime keeps the first logger it is given, so the first plugin options win.
func SetLogger(w io.Writer) {
	ctrllog.SetLogger(logr.New(warningSink{w: w}))
}

// warningSink is a logr.LogSink writing level-0 and error messages as warning lines.
type warningSink struct {
	w      io.Writer
	values []any
}

func (s warningSink) Init(logr.RuntimeInfo) {}

func (s warningSink) Enabled(level int) bool { return level <= 0 }

func (s warningSink) Info(_ int, msg string, kv ...any) {
	fmt.Fprintln(s.w, "Warning: "+msg+s.pairs(kv))
}

func (s warningSink) Error(err error, msg string, kv ...any) {
	if err != nil {
		msg += ": " + err.Error()
	}
	fmt.Fprintln(s.w, "Warning: "+msg+s.pairs(kv))
}

func (s warningSink) WithValues(kv ...any) logr.LogSink {
	s.values = append(append([]any(nil), s.values...), kv...)
	return s
}

func (s warningSink) WithName(string) logr.LogSink { return s }

// pairs renders key/value pairs as " key=value ...".
func (s warningSink) pairs(kv []any) string {
	all := append(append([]any(nil), s.values...), kv...)
	var b strings.Builder
	for i := 0; i+1 < len(all); i += 2 {
		fmt.Fprintf(&b, " %v=%v", all[i], all[i+1])
	}
	return b.String()
}
