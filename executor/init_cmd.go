package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/executor/artifacts"
	"github.com/skiff-dev/skiff/executor/run"
)

// stageTimeout bounds fetching the input artifacts, so an unreachable store fails the step
// instead of hanging it.
const stageTimeout = 10 * time.Minute

// initCmd runs `skiff-exec init <dest>` in the init container: it installs the binary at
// dest and fetches the template's input artifacts into inputs/ beside it. A failure is
// reported in the termination message as `run` reports, so the node says why.
func initCmd(args []string, stderr io.Writer) int {
	if len(args) != 1 || args[0] == "" || strings.HasPrefix(args[0], "-") {
		fmt.Fprint(stderr, "skiff-exec: init takes exactly one argument, the destination path\n"+usage)
		return exitUsage
	}
	fail := func(msg string) int {
		return run.Fail(run.Options{TerminationLog: os.Getenv(stepcontract.EnvTerminationLog), Log: stderr}, "init: "+msg)
	}
	if err := run.Install(args[0]); err != nil {
		return fail(err.Error())
	}
	t, err := templateFromEnv()
	if err != nil {
		return fail(err.Error())
	}
	if t == nil || len(t.Inputs.Artifacts) == 0 {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), stageTimeout)
	defer cancel()
	dir := filepath.Join(filepath.Dir(args[0]), filepath.Base(stepcontract.InputsDir))
	notes, err := artifacts.Stage(ctx, t.Inputs.Artifacts, dir, os.LookupEnv)
	for _, n := range notes {
		fmt.Fprintf(stderr, "skiff-exec: init: %s\n", n)
	}
	if err != nil {
		return fail(err.Error())
	}
	return 0
}
