package resource

import (
	"context"
	"fmt"
	"io"

	"github.com/skiff-dev/skiff/executor/run"
)

// Main runs Execute and reports through the termination message at terminationLog, as
// `skiff-exec run` does: the output parameters, and on failure exit code 1 with the reason
// as the message. It returns the exit code.
func Main(ctx context.Context, o Options, terminationLog string, stderr io.Writer) int {
	if o.Log == nil {
		o.Log = stderr
	}
	m := run.Message{}
	out, err := Execute(ctx, o)
	if out != nil {
		m.Parameters = out.Parameters
	}
	if err != nil {
		fmt.Fprintf(stderr, "skiff-exec: resource: %v\n", err)
		m.ExitCode, m.Message = 1, err.Error()
	}
	code, werr := run.Report(terminationLog, m)
	if werr != nil {
		fmt.Fprintf(stderr, "skiff-exec: resource: %v\n", werr)
	}
	return code
}
