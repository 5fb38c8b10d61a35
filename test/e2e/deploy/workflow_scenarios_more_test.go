//go:build e2e

package deploy

import (
	"bufio"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// helloWorkflow is upstream's hello-world with the local busybox image (and its command
// written out: Skiff does not read image entrypoints).
const helloWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-hello-world, labels: {workflows.argoproj.io/archive-strategy: "false"}}
spec:
  entrypoint: hello-world
  templates:
  - name: hello-world
    container: {image: BUSYBOX, command: [echo], args: ["hello world"]}
`

const suspendDurationWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-suspend-duration}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: pause, template: pause}
    - - {name: after, template: after}
  - name: pause
    suspend: {duration: "6s"}
  - name: after
    container: {image: BUSYBOX, command: [echo, "ran after the pause"]}
`

// failFastWorkflow: A fails at once while B sleeps; C waits for B. With failFast (the
// default) no task starts once A has failed, so C never runs; with failFast false C runs.
const failFastWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: NAME}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      failFast: FAILFAST
      tasks:
      - {name: A, template: fail}
      - {name: B, template: nap}
      - {name: C, template: echo, depends: B}
  - name: fail
    container: {image: BUSYBOX, command: [sh, -c, "exit 1"]}
  - name: nap
    container: {image: BUSYBOX, command: [sleep, "6"]}
  - name: echo
    container: {image: BUSYBOX, command: [echo, "C ran"]}
`

const tickerWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-logs-follow}
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: BUSYBOX
      command: [sh, -c, "for i in 1 2 3 4 5 6 7 8 9 10; do echo tick $i; sleep 1; done"]
`

// checkMoreScenarios adds the suspend-with-duration, failFast on/off and `logs -f`
// scenarios to the running group (each parallel).
func checkMoreScenarios(t *testing.T, c wfCLI) {
	for name, check := range map[string]func(*testing.T, wfCLI){
		"get-tree-and-logs-follow": checkGetTreeScenario,
		"templates":                checkTemplateScenarios,
		"semaphore":                checkSemaphoreScenario,
		"memoize":                  checkMemoizeScenario,
		"cron-forbid":              checkCronScenario,
		"resource-configmap":       checkResourceScenario,
		"artifacts-s3":             checkArtifactScenario,
		"volume-claims":            checkVolumeClaimScenario,
		"retry-resubmit":           checkRetryResubmitScenario,
		"isolation":                checkIsolationScenarios,
		"continue-on":              checkContinueOnScenario,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			check(t, c)
		})
	}
	t.Run("hello-world", func(t *testing.T) {
		t.Parallel()
		s := c.run(t, "sc-hello-world", helloWorkflow, "Succeeded")
		if p := s.pods(); len(p) != 1 || p[0].Name != "sc-hello-world" {
			t.Errorf("want one pod node named after the workflow, got %+v", p)
		}
		if logs := c.logs(t, "sc-hello-world"); !strings.Contains(logs, "hello world") {
			t.Errorf("logs:\n%s", logs)
		}
	})
	t.Run("suspend-duration", func(t *testing.T) {
		t.Parallel()
		s := c.run(t, "sc-suspend-duration", suspendDurationWorkflow, "Succeeded")
		p := s.one(t, "pause")
		if p.Type != "Suspend" || p.Phase != "Succeeded" {
			t.Errorf("pause: %s %s, want a Succeeded Suspend node", p.Type, p.Phase)
		}
		if d := p.FinishedAt.Sub(p.StartedAt); d < 5*time.Second {
			t.Errorf("the 6s suspend lasted %s", d)
		}
		if a := s.one(t, "after"); a.StartedAt.Before(p.FinishedAt) {
			t.Errorf("after started %s, before the pause ended %s", a.StartedAt, p.FinishedAt)
		}
	})
	for _, ff := range []string{"true", "false"} {
		t.Run("fail-fast-"+ff, func(t *testing.T) {
			t.Parallel()
			name := "sc-failfast-" + ff
			doc := strings.NewReplacer("NAME", name, "FAILFAST", ff).Replace(failFastWorkflow)
			s := c.run(t, name, doc, "Failed")
			if a := s.one(t, "A"); a.Phase != "Failed" {
				t.Errorf("A: %s, want Failed", a.Phase)
			}
			if b := s.one(t, "B"); b.Phase != "Succeeded" {
				t.Errorf("B: %s, want Succeeded (a running task finishes either way)", b.Phase)
			}
			ran := false
			for _, n := range s.byDisplay("C") {
				ran = ran || n.Phase == "Succeeded"
			}
			if ff == "true" && ran {
				t.Errorf("failFast true: C ran after A failed")
			}
			if ff == "false" && !ran {
				t.Errorf("failFast false: C did not run after B; nodes %+v", s.Status.Nodes)
			}
		})
	}
	t.Run("logs-follow", func(t *testing.T) {
		t.Parallel()
		c.submit(t, "sc-logs-follow", tickerWorkflow)
		cmd := exec.Command(c.bin, "logs", "-n", c.ns, "sc-logs-follow", "-f")
		cmd.Dir = c.root
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		var firstTick time.Time
		var ticks []string
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if strings.Contains(sc.Text(), "tick") {
					if firstTick.IsZero() {
						firstTick = time.Now()
					}
					ticks = append(ticks, sc.Text())
				}
			}
			done <- cmd.Wait()
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("kubectl wf logs -f: %v\n%s", err, stderr.String())
			}
		case <-time.After(150 * time.Second):
			_ = cmd.Process.Kill()
			<-done
			t.Fatalf("kubectl wf logs -f did not end after the workflow finished; lines so far %q", ticks)
		}
		s := c.wait(t, "sc-logs-follow")
		wantPhase(t, s, "sc-logs-follow", "Succeeded")
		if len(ticks) != 10 {
			t.Errorf("logs -f printed %d tick lines, want 10: %q", len(ticks), ticks)
		}
		pod := s.pods()[0]
		// The first line must arrive while the step still runs (it prints for ~10 s).
		if firstTick.IsZero() || !firstTick.Before(pod.FinishedAt.Add(-3*time.Second)) {
			t.Errorf("the first line arrived at %s, the step finished at %s: logs -f did not stream", firstTick.Format(time.TimeOnly), pod.FinishedAt.Format(time.TimeOnly))
		}
	})
}
