//go:build e2e

package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// wfNode is the part of a status node the scenarios read.
type wfNode struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	DisplayName  string    `json:"displayName"`
	Type         string    `json:"type"`
	TemplateName string    `json:"templateName"`
	Phase        string    `json:"phase"`
	Message      string    `json:"message"`
	StartedAt    time.Time `json:"startedAt"`
	FinishedAt   time.Time `json:"finishedAt"`
	Outputs      *struct {
		Result     *string `json:"result"`
		Parameters []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"parameters"`
	} `json:"outputs"`
}

type wfStatus struct {
	Status struct {
		Phase   string            `json:"phase"`
		Message string            `json:"message"`
		Nodes   map[string]wfNode `json:"nodes"`
	} `json:"status"`
}

func (s *wfStatus) pods() []wfNode {
	var out []wfNode
	for _, n := range s.Status.Nodes {
		if n.Type == "Pod" {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].StartedAt.Before(out[j].StartedAt) })
	return out
}

// byDisplay returns the nodes whose displayName is name.
func (s *wfStatus) byDisplay(name string) []wfNode {
	var out []wfNode
	for _, n := range s.Status.Nodes {
		if n.DisplayName == name {
			out = append(out, n)
		}
	}
	return out
}

func (s *wfStatus) one(t *testing.T, name string) wfNode {
	t.Helper()
	ns := s.byDisplay(name)
	if len(ns) != 1 {
		t.Fatalf("want one node named %q, got %d: %+v", name, len(ns), s.Status.Nodes)
	}
	return ns[0]
}

// maxOverlap is the largest number of pod nodes running at one instant (intervals half-open).
func maxOverlap(pods []wfNode) int {
	type ev struct {
		at    time.Time
		delta int
	}
	var evs []ev
	for _, p := range pods {
		fin := p.FinishedAt
		if fin.IsZero() {
			fin = time.Now()
		}
		evs = append(evs, ev{p.StartedAt, 1}, ev{fin, -1})
	}
	sort.Slice(evs, func(i, j int) bool {
		if evs[i].at.Equal(evs[j].at) {
			return evs[i].delta < evs[j].delta // ends before starts at the same instant
		}
		return evs[i].at.Before(evs[j].at)
	})
	cur, best := 0, 0
	for _, e := range evs {
		cur += e.delta
		best = max(best, cur)
	}
	return best
}

type wfCLI struct {
	root, bin, ns, busybox, dir string
}

func (c wfCLI) cmd(args ...string) ([]byte, error) {
	cmd := exec.Command(c.bin, args...)
	cmd.Dir = c.root
	return cmd.CombinedOutput()
}

func (c wfCLI) submit(t *testing.T, name, doc string) {
	t.Helper()
	p := filepath.Join(c.dir, name+".yaml")
	doc = strings.ReplaceAll(doc, "BUSYBOX", c.busybox)
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := c.cmd("submit", "-n", c.ns, p); err != nil {
		t.Fatalf("kubectl wf submit %s: %v\n%s", name, err, out)
	}
}

func (c wfCLI) status(t *testing.T, name string) *wfStatus {
	t.Helper()
	cmd := exec.Command(c.bin, "get", "-n", c.ns, name, "-o", "json")
	cmd.Dir = c.root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kubectl wf get %s -o json: %v", name, err)
	}
	s := &wfStatus{}
	if err := json.Unmarshal(out, s); err != nil {
		t.Fatalf("kubectl wf get %s -o json: %v\n%s", name, err, out)
	}
	return s
}

// wait waits for the workflow to complete and returns its final status; it logs the tree.
func (c wfCLI) wait(t *testing.T, name string) *wfStatus {
	t.Helper()
	out, _ := c.cmd("wait", "-n", c.ns, name, "--timeout", "150s")
	s := c.status(t, name)
	if s.Status.Phase == "" || s.Status.Phase == "Running" || s.Status.Phase == "Pending" {
		t.Fatalf("%s did not complete: %s\n%s", name, s.Status.Phase, out)
	}
	tree, _ := c.cmd("get", "-n", c.ns, name)
	t.Logf("kubectl wf get %s:\n%s", name, tree)
	return s
}

// until polls the workflow's status until cond holds.
func (c wfCLI) until(t *testing.T, name, what string, cond func(*wfStatus) bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		s := c.status(t, name)
		if cond(s) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: gave up waiting for %s; phase %s, nodes %+v", name, what, s.Status.Phase, s.Status.Nodes)
		}
		time.Sleep(time.Second)
	}
}

func (c wfCLI) logs(t *testing.T, name string) string {
	t.Helper()
	out, err := c.cmd("logs", "-n", c.ns, name)
	if err != nil {
		t.Fatalf("kubectl wf logs %s: %v\n%s", name, err, out)
	}
	return string(out)
}

// run submits doc as name, waits for it to finish and checks it ended in phase.
func (c wfCLI) run(t *testing.T, name, doc, phase string) *wfStatus {
	t.Helper()
	c.submit(t, name, doc)
	s := c.wait(t, name)
	wantPhase(t, s, name, phase)
	return s
}

func wantPhase(t *testing.T, s *wfStatus, name, phase string) {
	t.Helper()
	if s.Status.Phase != phase {
		t.Errorf("%s ended %s (%q), want %s", name, s.Status.Phase, s.Status.Message, phase)
	}
}

func podRunning(s *wfStatus) bool {
	for _, n := range s.pods() {
		if n.Phase == "Running" {
			return true
		}
	}
	return false
}

const stepsParallelWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-steps-parallel}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: first, template: nap, arguments: {parameters: [{name: s, value: "0"}]}}
    - - {name: left, template: nap, arguments: {parameters: [{name: s, value: "4"}]}}
      - {name: right, template: nap, arguments: {parameters: [{name: s, value: "4"}]}}
    - - {name: last, template: nap, arguments: {parameters: [{name: s, value: "0"}]}}
  - name: nap
    inputs: {parameters: [{name: s}]}
    container: {image: BUSYBOX, command: [sh, -c, "sleep {{inputs.parameters.s}}"]}
`

const outputParamWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-output-param}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: produce, template: produce}
    - - {name: consume, template: consume, arguments: {parameters: [{name: v, value: "{{steps.produce.outputs.parameters.v}}"}]}}
  - name: produce
    container: {image: BUSYBOX, command: [sh, -c, "printf 'token-%s' 42 > /tmp/v.txt"]}
    outputs: {parameters: [{name: v, valueFrom: {path: /tmp/v.txt}}]}
  - name: consume
    inputs: {parameters: [{name: v}]}
    container: {image: BUSYBOX, command: [echo, "consumed {{inputs.parameters.v}}"]}
`

const scriptWhenWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-script-when}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: flip, template: flip}
    - - {name: heads, template: say, when: "{{steps.flip.outputs.result}} == heads", arguments: {parameters: [{name: m, value: "it was heads"}]}}
      - {name: tails, template: say, when: "{{steps.flip.outputs.result}} == tails", arguments: {parameters: [{name: m, value: "it was tails"}]}}
  - name: flip
    script: {image: BUSYBOX, command: [sh], source: "echo heads"}
  - name: say
    inputs: {parameters: [{name: m}]}
    container: {image: BUSYBOX, command: [echo, "{{inputs.parameters.m}}"]}
`

const withParamWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-with-param}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: gen}
    - - {name: double, template: double, withParam: "{{steps.gen.outputs.result}}", arguments: {parameters: [{name: num, value: "{{item}}"}]}}
    - - {name: gather, template: gather, arguments: {parameters: [{name: all, value: "{{steps.double.outputs.result}}"}]}}
  - name: gen
    script: {image: BUSYBOX, command: [sh], source: "echo '[1, 2, 3]'"}
  - name: double
    inputs: {parameters: [{name: num}]}
    script: {image: BUSYBOX, command: [sh], source: "echo $(( {{inputs.parameters.num}} * 2 ))"}
  - name: gather
    inputs: {parameters: [{name: all}]}
    container: {image: BUSYBOX, command: [echo, "agg={{inputs.parameters.all}}"]}
`

const loopsWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-loops}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: items, template: say, withItems: [apple, pear, plum], arguments: {parameters: [{name: m, value: "item-{{item}}"}]}}
      - {name: seq, template: say, withSequence: {count: "3", start: "5"}, arguments: {parameters: [{name: m, value: "seq-{{item}}"}]}}
  - name: say
    inputs: {parameters: [{name: m}]}
    container: {image: BUSYBOX, command: [echo, "{{inputs.parameters.m}}"]}
`

// retryWorkflow always fails: retryStrategy limit 2 makes exactly three attempts. (Succeeding on
// the third attempt through {{retries}} is not possible yet: the controller leaves {{retries}}
// unsubstituted in the pod.)
const retryWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-retry}
spec:
  entrypoint: flaky
  templates:
  - name: flaky
    retryStrategy: {limit: "2"}
    container: {image: BUSYBOX, command: [sh, -c, "echo attempt ran; exit 1"]}
`

// retryThirdWorkflow fails its first two attempts and succeeds on the third ({{retries}} is
// the attempt number).
const retryThirdWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-retry-third}
spec:
  entrypoint: flaky
  templates:
  - name: flaky
    retryStrategy: {limit: "4"}
    container: {image: BUSYBOX, command: [sh, -c, "echo attempt {{retries}}; [ {{retries}} -ge 2 ]"]}
`

const dagFailedWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-dag-failed}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: fail}
      - {name: onfail, template: say, depends: A.Failed, arguments: {parameters: [{name: m, value: "recovered from A"}]}}
      - {name: onok, template: say, depends: A.Succeeded, arguments: {parameters: [{name: m, value: "A was fine"}]}}
  - name: fail
    container: {image: BUSYBOX, command: [sh, -c, "exit 1"]}
  - name: say
    inputs: {parameters: [{name: m}]}
    container: {image: BUSYBOX, command: [echo, "{{inputs.parameters.m}}"]}
`

const parallelismWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-parallelism}
spec:
  entrypoint: main
  parallelism: 2
  templates:
  - name: main
    steps:
    - - {name: nap, template: nap, withItems: [1, 2, 3, 4, 5]}
  - name: nap
    container: {image: BUSYBOX, command: [sleep, "3"]}
`

const suspendWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-suspend}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: hold, template: hold}
    - - {name: after, template: after}
  - name: hold
    suspend: {}
  - name: after
    container: {image: BUSYBOX, command: [echo, "ran after resume"]}
`

const deadlineWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-deadline}
spec:
  entrypoint: main
  activeDeadlineSeconds: 8
  templates:
  - name: main
    container: {image: BUSYBOX, command: [sleep, "300"]}
`

// shutdownWorkflow is submitted twice (stop and terminate) under different names.
const shutdownWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: NAME}
spec:
  entrypoint: main
  onExit: report
  templates:
  - name: main
    container: {image: BUSYBOX, command: [sleep, "300"]}
  - name: report
    container: {image: BUSYBOX, command: [echo, "exit handler saw {{workflow.status}}"]}
`

// checkWorkflowScenarios runs the acceptance scenarios of the Workflow engine, in parallel, each
// through `kubectl wf` against the deployed controller.
func checkWorkflowScenarios(t *testing.T, root, ns, bin, busybox string) {
	c := wfCLI{root: root, bin: bin, ns: ns, busybox: busybox, dir: t.TempDir()}
	start := time.Now()
	t.Run("scenarios", func(t *testing.T) {
		checkMoreScenarios(t, c)
		t.Run("steps-parallel-group", func(t *testing.T) {
			t.Parallel()
			s := c.run(t, "sc-steps-parallel", stepsParallelWorkflow, "Succeeded")
			first, left, right, last := s.one(t, "first"), s.one(t, "left"), s.one(t, "right"), s.one(t, "last")
			if maxOverlap([]wfNode{left, right}) != 2 {
				t.Errorf("left (%s–%s) and right (%s–%s) did not run at the same time", left.StartedAt, left.FinishedAt, right.StartedAt, right.FinishedAt)
			}
			if left.StartedAt.Before(first.FinishedAt) || right.StartedAt.Before(first.FinishedAt) {
				t.Errorf("the second group started before the first finished")
			}
			if last.StartedAt.Before(left.FinishedAt) || last.StartedAt.Before(right.FinishedAt) {
				t.Errorf("the last group started before the parallel group finished")
			}
		})
		t.Run("output-parameter", func(t *testing.T) {
			t.Parallel()
			s := c.run(t, "sc-output-param", outputParamWorkflow, "Succeeded")
			p := s.one(t, "produce")
			if p.Outputs == nil || len(p.Outputs.Parameters) != 1 || p.Outputs.Parameters[0].Value != "token-42" {
				t.Errorf("produce outputs = %+v, want parameter v=token-42", p.Outputs)
			}
			if logs := c.logs(t, "sc-output-param"); !strings.Contains(logs, "consumed token-42") {
				t.Errorf("consume did not receive the output parameter; logs:\n%s", logs)
			}
		})
		t.Run("script-result-when", func(t *testing.T) {
			t.Parallel()
			s := c.run(t, "sc-script-when", scriptWhenWorkflow, "Succeeded")
			if f := s.one(t, "flip"); f.Outputs == nil || f.Outputs.Result == nil || *f.Outputs.Result != "heads" {
				t.Errorf("flip outputs = %+v, want result heads", f.Outputs)
			}
			if h := s.one(t, "heads"); h.Phase != "Succeeded" || h.Type != "Pod" {
				t.Errorf("heads: %s %s, want a Succeeded pod", h.Type, h.Phase)
			}
			if tl := s.one(t, "tails"); tl.Phase != "Skipped" {
				t.Errorf("tails: %s %s, want Skipped", tl.Type, tl.Phase)
			}
			logs := c.logs(t, "sc-script-when")
			if !strings.Contains(logs, "it was heads") || strings.Contains(logs, "it was tails") {
				t.Errorf("want only the heads branch's output; logs:\n%s", logs)
			}
		})
		t.Run("with-param-fan-out-fan-in", func(t *testing.T) {
			t.Parallel()
			s := c.run(t, "sc-with-param", withParamWorkflow, "Succeeded")
			var fanned int
			for _, p := range s.pods() {
				if p.TemplateName == "double" {
					fanned++
				}
			}
			if fanned != 3 {
				t.Errorf("withParam over [1,2,3] ran %d pods, want 3", fanned)
			}
			logs := c.logs(t, "sc-with-param")
			m := regexp.MustCompile(`agg=(\[.*\])`).FindStringSubmatch(logs)
			if m == nil {
				t.Fatalf("gather printed no aggregated list; logs:\n%s", logs)
			}
			t.Logf("gather received %s", m[1])
			var agg []any
			if err := json.Unmarshal([]byte(m[1]), &agg); err != nil {
				t.Fatalf("aggregated results %s are not a JSON list: %v", m[1], err)
			}
			var got []string
			for _, v := range agg {
				got = append(got, fmt.Sprint(v))
			}
			sort.Strings(got)
			if strings.Join(got, ",") != "2,4,6" {
				t.Errorf("aggregated results %s, want 2, 4 and 6", m[1])
			}
		})
		t.Run("with-items-and-sequence", func(t *testing.T) {
			t.Parallel()
			s := c.run(t, "sc-loops", loopsWorkflow, "Succeeded")
			if n := len(s.pods()); n != 6 {
				t.Errorf("%d pods, want 3 items + 3 sequence values", n)
			}
			logs := c.logs(t, "sc-loops")
			for _, w := range []string{"item-apple", "item-pear", "item-plum", "seq-5", "seq-6", "seq-7"} {
				if !strings.Contains(logs, w) {
					t.Errorf("logs lack %q:\n%s", w, logs)
				}
			}
			if strings.Contains(logs, "seq-8") || strings.Contains(logs, "seq-4") {
				t.Errorf("withSequence ran outside 5..7:\n%s", logs)
			}
		})
		t.Run("retry-limit", func(t *testing.T) {
			t.Parallel()
			s := c.run(t, "sc-retry", retryWorkflow, "Failed")
			var phases []string
			for _, p := range s.pods() {
				phases = append(phases, p.Phase)
			}
			if strings.Join(phases, ",") != "Failed,Failed,Failed" {
				t.Errorf("attempts ended %v, want three Failed attempts (limit 2)", phases)
			}
			if logs := c.logs(t, "sc-retry"); strings.Count(logs, "attempt ran") != 3 {
				t.Errorf("want three attempts' output; logs:\n%s", logs)
			}
		})
		t.Run("retry-succeeds-third-attempt", func(t *testing.T) {
			t.Parallel()
			s := c.run(t, "sc-retry-third", retryThirdWorkflow, "Succeeded")
			var phases []string
			for _, p := range s.pods() {
				phases = append(phases, p.Phase)
			}
			if strings.Join(phases, ",") != "Failed,Failed,Succeeded" {
				t.Errorf("attempts ended %v, want Failed,Failed,Succeeded", phases)
			}
			logs := c.logs(t, "sc-retry-third")
			for _, want := range []string{"attempt 0", "attempt 1", "attempt 2"} {
				if !strings.Contains(logs, want) {
					t.Errorf("no %q in the logs:\n%s", want, logs)
				}
			}
		})
		t.Run("dag-depends-failed", func(t *testing.T) {
			t.Parallel()
			c.submit(t, "sc-dag-failed", dagFailedWorkflow)
			s := c.wait(t, "sc-dag-failed")
			t.Logf("sc-dag-failed ended %s (%s)", s.Status.Phase, s.Status.Message)
			if a := s.one(t, "A"); a.Phase != "Failed" {
				t.Errorf("A: %s, want Failed", a.Phase)
			}
			if n := s.one(t, "onfail"); n.Phase != "Succeeded" || n.Type != "Pod" {
				t.Errorf("onfail: %s %s, want a Succeeded pod", n.Type, n.Phase)
			}
			if n := s.one(t, "onok"); n.Phase != "Omitted" {
				t.Errorf("onok: %s %s, want Omitted", n.Type, n.Phase)
			}
			logs := c.logs(t, "sc-dag-failed")
			if !strings.Contains(logs, "recovered from A") || strings.Contains(logs, "A was fine") {
				t.Errorf("want only the A.Failed branch's output; logs:\n%s", logs)
			}
		})
		t.Run("parallelism-2-of-5", func(t *testing.T) {
			t.Parallel()
			s := c.run(t, "sc-parallelism", parallelismWorkflow, "Succeeded")
			pods := s.pods()
			if len(pods) != 5 {
				t.Errorf("%d pods, want 5", len(pods))
			}
			for _, p := range pods {
				t.Logf("%s %s–%s", p.Name, p.StartedAt.Format(time.TimeOnly), p.FinishedAt.Format(time.TimeOnly))
			}
			if n := maxOverlap(pods); n != 2 {
				t.Errorf("at most %d pods ran at once, want exactly 2 (parallelism: 2)", n)
			}
		})
		t.Run("suspend-resume", func(t *testing.T) {
			t.Parallel()
			c.submit(t, "sc-suspend", suspendWorkflow)
			c.until(t, "sc-suspend", "the suspend node", func(s *wfStatus) bool {
				for _, n := range s.Status.Nodes {
					if n.Type == "Suspend" && n.Phase == "Running" {
						return true
					}
				}
				return false
			})
			time.Sleep(3 * time.Second)
			if s := c.status(t, "sc-suspend"); s.Status.Phase != "Running" || len(s.byDisplay("after")) != 0 {
				t.Fatalf("the workflow went past its suspend step unresumed: %s, nodes %+v", s.Status.Phase, s.Status.Nodes)
			}
			if out, err := c.cmd("resume", "-n", ns, "sc-suspend"); err != nil {
				t.Fatalf("kubectl wf resume: %v\n%s", err, out)
			}
			s := c.wait(t, "sc-suspend")
			wantPhase(t, s, "sc-suspend", "Succeeded")
			if h := s.one(t, "hold"); h.Phase != "Succeeded" {
				t.Errorf("hold: %s, want Succeeded", h.Phase)
			}
			if logs := c.logs(t, "sc-suspend"); !strings.Contains(logs, "ran after resume") {
				t.Errorf("the step after the suspend did not run; logs:\n%s", logs)
			}
		})
		t.Run("active-deadline", func(t *testing.T) {
			t.Parallel()
			began := time.Now()
			s := c.run(t, "sc-deadline", deadlineWorkflow, "Failed")
			if !strings.Contains(strings.ToLower(s.Status.Message), "deadline") {
				t.Errorf("message %q does not mention the deadline", s.Status.Message)
			}
			if d := time.Since(began); d > 90*time.Second {
				t.Errorf("a workflow with activeDeadlineSeconds 8 ran %s", d.Round(time.Second))
			}
		})
		for _, strategy := range []string{"stop", "terminate"} {
			t.Run(strategy, func(t *testing.T) {
				t.Parallel()
				name := "sc-" + strategy
				c.submit(t, name, strings.Replace(shutdownWorkflow, "NAME", name, 1))
				c.until(t, name, "a running pod", podRunning)
				if out, err := c.cmd(strategy, "-n", ns, name); err != nil {
					t.Fatalf("kubectl wf %s: %v\n%s", strategy, err, out)
				}
				s := c.wait(t, name)
				wantPhase(t, s, name, "Failed")
				ranExit := false
				for _, n := range s.Status.Nodes {
					ranExit = ranExit || n.Name == name+".onExit"
				}
				logs := c.logs(t, name)
				switch strategy {
				case "stop":
					if !ranExit || !strings.Contains(logs, "exit handler saw Failed") {
						t.Errorf("stop: the exit handler did not run (node %v); logs:\n%s", ranExit, logs)
					}
				case "terminate":
					if ranExit || strings.Contains(logs, "exit handler saw") {
						t.Errorf("terminate: the exit handler ran; logs:\n%s", logs)
					}
				}
			})
		}
	})
	t.Logf("workflow scenarios took %s", time.Since(start).Round(time.Second))
	t.Run("large-output", func(t *testing.T) { checkLargeOutputScenario(t, c) })
}
