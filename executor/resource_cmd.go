package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/executor/resource"
	"github.com/skiff-dev/skiff/executor/run"
)

// resourceCmd runs `skiff-exec resource` in a pod: in-cluster config, the template and the
// workflow from the environment. SIGTERM (the pod stopped or its deadline passed) ends a
// wait with a message saying so.
func resourceCmd(args []string, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "skiff-exec: resource takes no arguments, got %q\n%s", strings.Join(args, " "), usage)
		return exitUsage
	}
	term := os.Getenv(stepcontract.EnvTerminationLog)
	fail := func(msg string) int {
		return run.Fail(run.Options{TerminationLog: term, Log: stderr}, "resource: "+msg)
	}
	t, err := templateFromEnv()
	if err != nil {
		return fail(err.Error())
	}
	if t == nil {
		return fail(stepcontract.EnvTemplate + " is not set")
	}
	cfg, err := rest.InClusterConfig()
	if err != nil {
		return fail(fmt.Sprintf("no in-cluster API access (is the service account token mounted?): %v", err))
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	o := resource.Options{
		Template: t,
		Config:   cfg,
		Workflow: resource.Workflow{
			Name:      os.Getenv(stepcontract.EnvWorkflowName),
			Namespace: os.Getenv(stepcontract.EnvWorkflowNamespace),
			UID:       types.UID(os.Getenv(stepcontract.EnvWorkflowUID)),
		},
	}
	return resource.Main(ctx, o, term, stderr)
}
