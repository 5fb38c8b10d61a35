package main

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
	"github.com/skiff-dev/skiff/plugins/internal/clitest"
)

// run executes `kubectl wf args...` in env and returns its exit code (0, or the code of an
// ExitError, or -1 for any other error, which is then written to stderr as main would).
func run(env *clitest.Env, args ...string) int {
	return runCtx(context.Background(), env, args...)
}

func runCtx(ctx context.Context, env *clitest.Env, args ...string) int {
	cmd := NewCmdRoot(env.Options)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var exit cli.ExitError
	if errors.As(err, &exit) {
		return exit.Code
	}
	env.ErrOut.WriteString(cli.ErrorMessage(err) + "\n")
	return -1
}

// golden runs a command and compares "exit code, stdout, stderr" with one golden file.
func golden(t *testing.T, name string, env *clitest.Env, args ...string) int {
	t.Helper()
	code := run(env, args...)
	out := []byte("$ kubectl wf " + strings.Join(args, " ") + "\n")
	out = append(out, []byte("--- exit "+strconv.Itoa(code)+"\n--- stdout\n")...)
	out = append(out, env.Out.Bytes()...)
	out = append(out, []byte("--- stderr\n")...)
	out = append(out, env.ErrOut.Bytes()...)
	clitest.Golden(t, name, out)
	return code
}

func newEnv(objs ...client.Object) *clitest.Env { return clitest.NewEnv(objs) }
