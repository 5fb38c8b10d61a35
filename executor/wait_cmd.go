package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/executor/wait"
)

// waitCmd runs `skiff-exec wait [dir]` in the wait container (dir: the shared volume,
// default /var/run/skiff).
func waitCmd(args []string, stderr io.Writer) int {
	if len(args) > 1 {
		fmt.Fprint(stderr, "skiff-exec: wait takes at most one argument, the shared volume's path\n"+usage)
		return exitUsage
	}
	// The kubelet sends SIGTERM once main has exited: the report is due.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	o := wait.Options{TerminationLog: os.Getenv(stepcontract.EnvTerminationLog), Log: stderr, Terminate: sigs}
	if len(args) == 1 {
		o.Dir = args[0]
	}
	t, err := templateFromEnv()
	if err != nil {
		fmt.Fprintf(stderr, "skiff-exec: wait: %v\n", err)
	}
	o.Template = t
	return wait.Run(o)
}
