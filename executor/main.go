// Command skiff-exec is the workflow executor Skiff injects into every step pod (the pod
// layout, names, paths and formats are in api/stepcontract).
//
//	skiff-exec init <dest>
//	    In the init container: copies its own binary to <dest> (atomically, mode 0755) on
//	    the volume main shares, and fetches the template's input artifacts into inputs/
//	    beside it (readable by any user), with the credentials only this container holds.
//	skiff-exec wait [dir]
//	    In the wait container (a native sidecar): waits for main's report in the shared
//	    volume, uploads the output artifacts main packed, writes the step's outputs as its
//	    termination message, or prints them on standard output when they do not fit and
//	    says so in the termination message; then stays until SIGTERM.
//	skiff-exec resource
//	    Carries out a resource template (SKIFF_TEMPLATE) against the API server with the
//	    pod's service account: get, create, apply (server-side), replace, patch or delete
//	    its manifest, waits for its successCondition/failureCondition, reads its output
//	    parameters (valueFrom.jsonPath or jqFilter) and writes the same JSON termination
//	    message as run. Exit code 1 when the action, the wait or an output failed.
//	skiff-exec run -- <command> [args...]
//	    In main: places the staged input artifacts, runs the step's command as a child
//	    process (standard input /dev/null; standard output and error stream through, and
//	    standard output is also captured for outputs.result; SIGTERM, SIGINT and SIGQUIT
//	    are forwarded to the child's process group), reads the output parameters
//	    (valueFrom.path), packs the output artifacts, and reports: in the report for wait
//	    when SKIFF_REPORT is set, else in the termination message. It exits with the
//	    child's exit code (128+N when the child was killed by signal N).
//
// Environment of run:
//
//	SKIFF_TEMPLATE         the step's template as JSON (v1alpha1.Template, inputs substituted)
//	SKIFF_SCRIPT           a script template's source, written to /var/run/skiff/script
//	                       (mode 0755) before the command starts
//	SKIFF_REPORT           the report's path when the pod has a wait container
//	SKIFF_TERMINATION_LOG  where to write the termination message (default /dev/termination-log)
//	SKIFF_SCRIPT_PATH      where to write the script (default /var/run/skiff/script; for tests)
//
// Environment of init and wait: SKIFF_TEMPLATE, SKIFF_TERMINATION_LOG, and the artifact
// credentials (stepcontract.SecretEnv). Environment of resource: SKIFF_TEMPLATE,
// SKIFF_TERMINATION_LOG, and the workflow that owns objects made with setOwnerReference:
// SKIFF_WORKFLOW_NAME, SKIFF_WORKFLOW_UID, SKIFF_WORKFLOW_NAMESPACE (also the default
// namespace of the manifest's object).
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/executor/run"
)

const usage = `usage:
  skiff-exec init <dest>                 copy this binary to <dest> (mode 0755), fetch input artifacts
  skiff-exec wait [dir]                  upload a step's output artifacts and report its outputs
  skiff-exec run -- <command> [args...]  run a workflow step's command and report its outputs
  skiff-exec resource                    carry out a resource template with the pod's service account

environment of run: SKIFF_TEMPLATE (template JSON), SKIFF_SCRIPT (script source),
SKIFF_TERMINATION_LOG (default /dev/termination-log)
environment of resource: SKIFF_TEMPLATE, SKIFF_WORKFLOW_NAME, SKIFF_WORKFLOW_UID,
SKIFF_WORKFLOW_NAMESPACE, SKIFF_TERMINATION_LOG
`

// exitUsage is the exit code for a command line the executor does not understand.
const exitUsage = 2

func main() {
	os.Exit(realMain(os.Args[1:], os.Stderr))
}

func realMain(args []string, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, "skiff-exec: no command given\n"+usage)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(stderr, usage)
		return 0
	case "init":
		return initCmd(args[1:], stderr)
	case "wait":
		return waitCmd(args[1:], stderr)
	case "run":
		return runCmd(args[1:], stderr)
	case "resource":
		return resourceCmd(args[1:], stderr)
	default:
		fmt.Fprintf(stderr, "skiff-exec: unknown command %q\n%s", args[0], usage)
		return exitUsage
	}
}

func runCmd(args []string, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	} else if len(args) > 0 && strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "skiff-exec: run: unknown flag %q (put the command after --)\n%s", args[0], usage)
		return exitUsage
	}
	if len(args) == 0 || args[0] == "" {
		fmt.Fprint(stderr, "skiff-exec: run: no command given after --\n"+usage)
		return exitUsage
	}
	// Catch the signals before anything else, so none arriving while setting up kills the
	// executor before the child can get it (it is forwarded once the child runs). SIGPIPE
	// is caught so that a closed log stream turns into write errors instead of killing the
	// executor before it reports.
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT)
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)

	o := run.Options{
		Command:        args,
		TerminationLog: os.Getenv(stepcontract.EnvTerminationLog),
		ScriptPath:     os.Getenv(stepcontract.EnvScriptPath),
		ReportPath:     os.Getenv(stepcontract.EnvReport),
		Signals:        sigs,
		Log:            stderr,
	}
	if s, ok := os.LookupEnv(stepcontract.EnvScript); ok {
		o.Script = &s
	}
	t, err := templateFromEnv()
	if err != nil {
		return run.Fail(o, err.Error())
	}
	o.Template = t
	return run.Run(o)
}
