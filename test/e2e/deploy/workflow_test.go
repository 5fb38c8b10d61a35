//go:build e2e

package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/test/cluster"
)

// diamondWorkflow passes parameters down a diamond: A → (B, C) → D.
const diamondWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: diamond}
spec:
  entrypoint: main
  arguments: {parameters: [{name: who, value: world}]}
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: say, arguments: {parameters: [{name: msg, value: "hello {{workflow.parameters.who}}"}]}}
      - {name: B, template: say, depends: A, arguments: {parameters: [{name: msg, value: "{{tasks.A.outputs.result}} via B"}]}}
      - {name: C, template: say, depends: A, arguments: {parameters: [{name: msg, value: "{{tasks.A.outputs.result}} via C"}]}}
      - {name: D, template: say, depends: B && C, arguments: {parameters: [{name: msg, value: "{{tasks.B.outputs.result}} + {{tasks.C.outputs.result}}"}]}}
  - name: say
    inputs: {parameters: [{name: msg}]}
    container: {image: BUSYBOX, command: [echo, "{{inputs.parameters.msg}}"]}
`

// failingWorkflow fails its step; the exit handler still runs and reads the status.
const failingWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: failing}
spec:
  entrypoint: main
  onExit: report
  templates:
  - name: main
    script: {image: BUSYBOX, command: [sh], source: "echo about to fail; exit 3"}
  - name: report
    container: {image: BUSYBOX, command: [echo, "workflow ended {{workflow.status}}"]}
`

// checkWorkflows drives real Workflows through `kubectl wf` on the deployed Skiff: step pods
// run under skiff-exec, results flow between tasks, failures end the workflow Failed and the
// exit handler sees it.
func checkWorkflows(t *testing.T, root, ns string) {
	bin := filepath.Join(t.TempDir(), "kubectl-wf")
	run(t, root, "go", "build", "-o", bin, "./plugins/kubectl-wf")
	busybox, err := cluster.BusyboxImage()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, doc string) string {
		p := filepath.Join(dir, name)
		doc = strings.ReplaceAll(doc, "BUSYBOX", busybox)
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	out := run(t, root, bin, "submit", "-n", ns, write("diamond.yaml", diamondWorkflow), "--wait")
	t.Logf("kubectl wf submit --wait:\n%s", out)
	tree := run(t, root, bin, "get", "-n", ns, "diamond")
	t.Logf("kubectl wf get diamond:\n%s", tree)
	if !strings.Contains(tree, "Succeeded") || !strings.Contains(tree, "4/4") {
		t.Errorf("diamond did not succeed with 4 of 4 steps:\n%s", tree)
	}
	logs := run(t, root, bin, "logs", "-n", ns, "diamond")
	if !strings.Contains(logs, "hello world via B + hello world via C") {
		t.Errorf("the fan-in step did not print both branches' results; logs:\n%s", logs)
	}

	cmd := exec.Command(bin, "submit", "-n", ns, write("failing.yaml", failingWorkflow), "--wait")
	cmd.Dir = root
	res, err := cmd.CombinedOutput()
	if err == nil {
		t.Errorf("submit --wait of a failing workflow exited 0:\n%s", res)
	}
	tree = run(t, root, bin, "get", "-n", ns, "failing")
	t.Logf("kubectl wf get failing:\n%s", tree)
	if !strings.Contains(tree, "Failed") {
		t.Errorf("failing did not end Failed:\n%s", tree)
	}
	logs = run(t, root, bin, "logs", "-n", ns, "failing")
	if !strings.Contains(logs, "about to fail") || !strings.Contains(logs, "workflow ended Failed") {
		t.Errorf("want the step's output and the exit handler's report of Failed; logs:\n%s", logs)
	}

	checkWorkflowScenarios(t, root, ns, bin, busybox)
}
