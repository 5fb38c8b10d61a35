//go:build e2e

package deploy

import (
	"strings"
	"testing"
)

// continueOnWorkflow: A fails but says continueOn failed, so B, listed with the legacy
// `dependencies: [A]`, runs after it (upstream expands the entry to A.Succeeded ||
// A.Skipped || A.Daemoned || A.Failed), and the workflow Succeeds.
const continueOnWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-continue-on}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: fail, continueOn: {failed: true}}
      - {name: B, template: echo, dependencies: [A]}
  - name: fail
    container: {image: BUSYBOX, command: [sh, -c, "echo A fails; exit 3"]}
  - name: echo
    container: {image: BUSYBOX, command: [echo, "B ran after A failed"]}
`

func checkContinueOnScenario(t *testing.T, c wfCLI) {
	s := c.run(t, "sc-continue-on", continueOnWorkflow, "Succeeded")
	if a := s.one(t, "A"); a.Phase != "Failed" {
		t.Errorf("A: %s %q, want Failed", a.Phase, a.Message)
	}
	b := s.one(t, "B")
	if b.Phase != "Succeeded" || b.Type != "Pod" {
		t.Errorf("B: %s %s %q, want a Succeeded pod (not Omitted)", b.Type, b.Phase, b.Message)
	}
	if a := s.one(t, "A"); b.StartedAt.Before(a.FinishedAt) {
		t.Errorf("B started %s, before A finished %s", b.StartedAt, a.FinishedAt)
	}
	if logs := c.logs(t, "sc-continue-on"); !strings.Contains(logs, "B ran after A failed") {
		t.Errorf("logs:\n%s", logs)
	}
}
