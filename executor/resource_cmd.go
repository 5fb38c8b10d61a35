package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"

	"github.com/skiff-dev/skiff/api/v1alpha1"
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
	term := os.Getenv("SKIFF_TERMINATION_LOG")
	fail := func(msg string) int {
		return run.Fail(run.Options{TerminationLog: term, Log: stderr}, "resource: "+msg)
	}
	raw := os.Getenv("SKIFF_TEMPLATE")
	if strings.TrimSpace(raw) == "" {
		return fail("SKIFF_TEMPLATE is not set")
	}
	var t v1alpha1.Template
	if err := json.Unmarshal([]byte(raw), &t); err != nil {
		return fail(fmt.Sprintf("SKIFF_TEMPLATE is not a template in JSON: %v", err))
	}
	cfg, err := rest.InClusterConfig()
	if err != nil {
		return fail(fmt.Sprintf("no in-cluster API access (is the service account token mounted?): %v", err))
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	o := resource.Options{
		Template: &t,
		Config:   cfg,
		Workflow: resource.Workflow{
			Name:      os.Getenv("SKIFF_WORKFLOW_NAME"),
			Namespace: os.Getenv("SKIFF_WORKFLOW_NAMESPACE"),
			UID:       types.UID(os.Getenv("SKIFF_WORKFLOW_UID")),
		},
	}
	return resource.Main(ctx, o, term, stderr)
}
