package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/clitest"
)

func TestSubmit(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"submit-dry-run", []string{"submit", "testdata/lint/hello.yaml", "--dry-run", "-p", "message=hi", "--entrypoint", "main", "--serviceaccount", "runner", "--generate-name", "hi-"}, 0},
		{"submit-dry-run-json", []string{"submit", "testdata/lint/hello.yaml", "--dry-run", "-o", "json", "--parameter-file", "testdata/params.yaml"}, 0},
		{"submit-invalid", []string{"submit", "testdata/lint/unsupported.yaml"}, -1},
		{"submit-not-workflow", []string{"submit", "testdata/lint/dir/b.yml"}, -1},
		{"submit-bad-param", []string{"submit", "testdata/lint/hello.yaml", "-p", "novalue"}, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if code := golden(t, tc.name, newEnv(), tc.args...); code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
		})
	}
}

func TestSubmitCreates(t *testing.T) {
	env := newEnv()
	if code := golden(t, "submit-create", env, "submit", "testdata/submit/named.yaml", "-p", "message=hello"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	wf := &wfv1.Workflow{}
	if err := env.Client.Get(context.Background(), client.ObjectKey{Namespace: "default", Name: "named"}, wf); err != nil {
		t.Fatal(err)
	}
	if p := wf.Spec.Arguments.Parameters; len(p) != 1 || p[0].Value == nil || *p[0].Value != "hello" {
		t.Errorf("parameters %+v", p)
	}
	env = newEnv()
	if code := golden(t, "submit-server-dry-run", env, "submit", "testdata/submit/named.yaml", "--server-dry-run"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	var list wfv1.WorkflowList
	if err := env.Client.List(context.Background(), &list); err != nil || len(list.Items) != 0 {
		t.Errorf("server dry run persisted %d workflows (%v)", len(list.Items), err)
	}
	env = newEnv()
	env.In.WriteString("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: gen-}\nspec: {entrypoint: a, templates: [{name: a, suspend: {}}]}\n")
	if code := run(env, "submit", "-", "-o", "name"); code != 0 {
		t.Fatalf("exit %d: %s", code, env.ErrOut)
	}
	if !strings.HasPrefix(env.Out.String(), "workflow.argoproj.io/gen-") {
		t.Errorf("stdout %q", env.Out)
	}
}

func TestList(t *testing.T) {
	objs := []client.Object{stepsWorkflow(), runningWorkflow("run-1", "default", 3*time.Minute), runningWorkflow("other-ns", "prod", time.Hour), succeededWorkflow("old", 72*time.Hour)}
	cases := []struct {
		name string
		args []string
	}{
		{"list", []string{"list"}},
		{"list-all-namespaces", []string{"list", "-A"}},
		{"list-wide", []string{"list", "-o", "wide"}},
		{"list-running", []string{"list", "--running"}},
		{"list-completed-since", []string{"list", "--completed", "--since", "1h"}},
		{"list-status", []string{"list", "--status", "Succeeded"}},
		{"list-selector", []string{"list", "-l", "team=a", "-o", "name"}},
		{"list-empty", []string{"list", "-n", "nowhere", "--status", "Error"}},
		{"list-bad-status", []string{"list", "--status", "Done"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, newEnv(objs...), tc.args...)
		})
	}
}

func TestGet(t *testing.T) {
	objs := []client.Object{stepsWorkflow(), runningWorkflow("run-1", "default", 3*time.Minute), dagWorkflow()}
	cases := []struct {
		name string
		args []string
	}{
		{"get", []string{"get", "steps-abc"}},
		{"get-dag", []string{"get", "dag-x"}},
		{"get-wide", []string{"get", "steps-abc", "-o", "wide"}},
		{"get-running", []string{"get", "run-1"}},
		{"get-yaml", []string{"get", "run-1", "-o", "yaml"}},
		{"get-name", []string{"get", "run-1", "-o", "name"}},
		{"get-missing", []string{"get", "nope"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, newEnv(objs...), tc.args...)
		})
	}
}

// TestHelp pins the verbs; the flags section depends on the machine (cache directory).
func TestHelp(t *testing.T) {
	env := newEnv()
	if code := run(env, "--help"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	out, _, _ := strings.Cut(env.Out.String(), "Flags:")
	clitest.Golden(t, "help", []byte(out))
}
