package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/api/limits/limitstest"
)

// TestLintCrashInputs: `kubectl wf lint` on the Workflow whose expression overflowed
// expr-lang's parser (a fatal error that killed lint) and on the DAG depends that took
// seconds prints the field error with the limit and exits 1, quickly.
func TestLintCrashInputs(t *testing.T) {
	for _, c := range []struct {
		name, doc, field, want string
	}{
		{"workflow {{= with 600,000 [", `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: crash}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine, command: [echo], args: ["` + limitstest.ExprTag() + `"]}
`, "spec.templates[0].container.args[0]", "expression {{=...}} is 600000 characters long, more than the 10240 allowed for an expression"},
		{"dag depends of 1,000,000 (", `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: slow}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: c}
      - {name: B, template: c, depends: "` + limitstest.Depends() + `"}
  - name: c
    container: {image: alpine, command: [echo]}
`, "spec.templates[0].dag.tasks[1].depends", "is 1000000 characters long, more than the 10240 allowed for an expression"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "crash.yaml")
			if err := os.WriteFile(path, []byte(c.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			env := newEnv()
			var code int
			cost := limitstest.Within(t, "kubectl wf lint", func() { code = run(env, "lint", "-o", "simple", path) })
			out := env.Out.String()
			if code != 1 || !strings.Contains(out, c.field) || !strings.Contains(out, c.want) {
				t.Fatalf("exit %d, stdout:\n%.2000s\nstderr:\n%.2000s\nwant exit 1 and %s: ... %s", code, out, env.ErrOut.String(), c.field, c.want)
			}
			if len(out) > 2000 {
				t.Errorf("lint printed %d characters: the refused value is echoed", len(out))
			}
			t.Logf("exit %d in %v:\n%s", code, cost, out)
		})
	}
}
