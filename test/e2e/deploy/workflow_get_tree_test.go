//go:build e2e

package deploy

import (
	"context"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// treeViewWorkflow has every shape `kubectl wf get` draws: a step, then in parallel a
// diamond DAG and a step retried once (its first attempt fails), and an exit handler.
const treeViewWorkflow = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: tree-view
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    steps:
    - - {name: first, template: say, arguments: {parameters: [{name: msg, value: first}]}}
    - - {name: diamond, template: diamond}
      - {name: flaky, template: flaky}
  - name: diamond
    dag:
      tasks:
      - {name: A, template: say, arguments: {parameters: [{name: msg, value: A}]}}
      - {name: B, dependencies: [A], template: say, arguments: {parameters: [{name: msg, value: B}]}}
      - {name: C, dependencies: [A], template: say, arguments: {parameters: [{name: msg, value: C}]}}
      - {name: D, dependencies: [B, C], template: say, arguments: {parameters: [{name: msg, value: D}]}}
  - name: flaky
    retryStrategy: {limit: 2}
    container: {image: BUSYBOX, command: [sh, -c, "echo attempt {{retries}}; [ {{retries}} -ge 1 ]"]}
  - name: say
    inputs: {parameters: [{name: msg}]}
    container: {image: BUSYBOX, command: [sh, -c, "sleep 2; echo said {{inputs.parameters.msg}}"]}
  - name: bye
    container: {image: BUSYBOX, command: [echo, bye]}
`

// checkGetTreeScenario: `kubectl wf logs -f`, started before any pod exists, prints every
// step's lines, the later ones included, and ends by itself when the workflow completes;
// then `kubectl wf get` draws the tree as upstream argo get does.
func checkGetTreeScenario(t *testing.T, c wfCLI) {
	c.submit(t, "tree-view", treeViewWorkflow)
	ctx, cancel := context.WithTimeout(context.Background(), 170*time.Second)
	defer cancel()
	follow := exec.CommandContext(ctx, c.bin, "logs", "-n", c.ns, "tree-view", "-f")
	follow.Dir = c.root
	logs, err := follow.CombinedOutput()
	if err != nil {
		t.Fatalf("kubectl wf logs -f did not end cleanly with the workflow: %v\n%s", err, logs)
	}
	for _, want := range []string{"said first", "said A", "said B", "said C", "said D", "attempt 0", "attempt 1", "bye"} {
		if !strings.Contains(string(logs), want) {
			t.Errorf("logs -f lacks %q:\n%s", want, logs)
		}
	}
	wantPhase(t, c.wait(t, "tree-view"), "tree-view", "Succeeded")

	out, err := c.cmd("get", "-n", c.ns, "tree-view")
	if err != nil {
		t.Fatalf("kubectl wf get: %v\n%s", err, out)
	}
	text := string(out)
	_, table, _ := strings.Cut(text, "\nSTEP ")
	lines := strings.Split(table, "\n")
	find := func(re string) int {
		t.Helper()
		r := regexp.MustCompile(re)
		for i, l := range lines {
			if r.MatchString(l) {
				return i
			}
		}
		t.Errorf("no line matching %q in\n%s", re, text)
		return -1
	}
	root := find(`^ ✔ tree-view +main`)
	first := find(`^ ├───✔ first +say +tree-view-say-\d+ +\d+s`)
	diamond := find(`─✔ diamond +diamond *$`) // a DAG node has no pod or duration
	a := find(`^ +│? +[├└]─✔ A +say `)
	d := find(`^ +│? +└─✔ D +say `)
	failed := find(`✖ flaky\(0\) +flaky +tree-view-flaky-\d+ +\d+s +\S`) // with its message
	retried := find(`✔ flaky\(1\) +flaky `)
	exit := find(`^ ✔ \S*onExit +bye `)
	if t.Failed() {
		return
	}
	if !(root < first && first < diamond && diamond < a && a < d && failed < retried && retried < exit) {
		t.Errorf("tree out of order:\n%s", text)
	}
	if strings.TrimSpace(lines[exit-1]) != "" {
		t.Errorf("no empty row before the exit handler:\n%s", text)
	}
	if strings.Contains(text, "[0]") || strings.Contains(text, "[1]") {
		t.Errorf("step groups drawn as lines:\n%s", text)
	}
}
