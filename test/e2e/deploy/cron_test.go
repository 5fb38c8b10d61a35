//go:build e2e

package deploy

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// cronForbidDoc runs every minute a workflow that sleeps 90 s, so the next minute's run
// finds it still active; concurrencyPolicy Forbid skips that run.
const cronForbidDoc = `
apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: e2e-cron-forbid}
spec:
  schedules: ["* * * * *"]
  concurrencyPolicy: Forbid
  workflowSpec:
    entrypoint: nap
    templates:
    - name: nap
      container: {image: BUSYBOX, command: [sleep, "90"]}
`

// cronStatus is the part of a CronWorkflow the scenario reads.
type cronStatus struct {
	Status struct {
		Active                    []struct{ Name string } `json:"active"`
		LastScheduledTime         *time.Time              `json:"lastScheduledTime"`
		LastEvaluatedScheduleTime *time.Time              `json:"lastEvaluatedScheduleTime"`
		Phase                     string                  `json:"phase"`
	} `json:"status"`
}

// checkCronScenario creates a CronWorkflow through `kubectl wf cron create` on the deployed
// Skiff and follows it over two scheduled times (at most about two minutes and a half,
// wherever in the minute it starts): the first creates one workflow, the second is skipped
// by concurrencyPolicy Forbid while that workflow sleeps, which both the status and an Event
// record. It then suspends the CronWorkflow, so no third time runs, and deletes it.
func checkCronScenario(t *testing.T, c wfCLI) {
	const name = "e2e-cron-forbid"
	const label = "workflows.argoproj.io/cron-workflow=" + name
	ctx := context.Background()
	must := func(args ...string) string {
		t.Helper()
		out, err := c.cmd(args...)
		if err != nil {
			t.Fatalf("kubectl wf %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	p := filepath.Join(c.dir, name+".yaml")
	if err := os.WriteFile(p, []byte(strings.ReplaceAll(cronForbidDoc, "BUSYBOX", c.busybox)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := must("cron", "create", "-n", c.ns, p)
	if !strings.Contains(out, "ConcurrencyPolicy:") || !strings.Contains(out, "NextScheduledTime:") {
		t.Errorf("cron create printed:\n%s", out)
	}
	t.Cleanup(func() {
		_, _ = c.cmd("cron", "delete", "-n", c.ns, name)
		_, _ = c.cmd("delete", "-n", c.ns, "--all", "-l", label)
	})
	get := func() *cronStatus {
		t.Helper()
		out := must("cron", "get", "-n", c.ns, name, "-o", "json")
		s := &cronStatus{}
		if err := json.Unmarshal([]byte(out), s); err != nil {
			t.Fatalf("cron get -o json: %v\n%s", err, out)
		}
		return s
	}
	children := func() []string {
		t.Helper()
		var names []string // stderr shares the output: keep the names only
		for _, f := range strings.Fields(must("list", "-n", c.ns, "-l", label, "-o", "name")) {
			if strings.HasPrefix(f, "workflow.argoproj.io/") {
				names = append(names, f)
			}
		}
		return names
	}
	poll := func(what string, limit time.Duration, cond func(*cronStatus) bool) *cronStatus {
		t.Helper()
		deadline := time.Now().Add(limit)
		for {
			s := get()
			if cond(s) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("gave up waiting for %s; status %+v; workflows %v", what, s.Status, children())
			}
			time.Sleep(time.Second)
		}
	}

	// The first scheduled time is at most a minute away.
	first := poll("the first run", 80*time.Second, func(s *cronStatus) bool {
		return s.Status.LastScheduledTime != nil && len(s.Status.Active) == 1
	})
	run := first.Status.Active[0].Name
	if !strings.HasPrefix(run, name+"-") {
		t.Errorf("child workflow %q is not named <cron>-<unix seconds>", run)
	}
	// The next minute finds it sleeping: the controller decides that time without a run.
	next := first.Status.LastScheduledTime.Add(time.Minute)
	s := poll("the skipped second run", 80*time.Second, func(s *cronStatus) bool {
		return s.Status.LastEvaluatedScheduleTime != nil && !s.Status.LastEvaluatedScheduleTime.Before(next)
	})
	// Suspend at once so that the third minute (after the sleep ends) does not run.
	must("cron", "suspend", "-n", c.ns, name)
	if got := children(); len(got) != 1 || !strings.HasSuffix(got[0], "/"+run) {
		t.Errorf("workflows of %s: %v, want exactly %s", name, got, run)
	}
	if !s.Status.LastScheduledTime.Equal(*first.Status.LastScheduledTime) || len(s.Status.Active) != 1 || s.Status.Active[0].Name != run {
		t.Errorf("after the skip: lastScheduledTime %v (want %v), active %+v", s.Status.LastScheduledTime, first.Status.LastScheduledTime, s.Status.Active)
	}

	// The skip is explained by an Event on the CronWorkflow.
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(clientcmd.NewDefaultClientConfigLoadingRules(), nil).ClientConfig()
	if err != nil {
		t.Fatalf("KUBECONFIG: %v", err)
	}
	kc, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	deadline := time.Now().Add(15 * time.Second)
	for found := false; !found; {
		evs, err := kc.EventsV1().Events(c.ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		notes = notes[:0]
		for _, e := range evs.Items {
			if e.Regarding.Name == name {
				notes = append(notes, e.Reason+": "+e.Note)
				if e.Reason == "WorkflowSkipped" && strings.Contains(e.Note, "concurrencyPolicy Forbid and 1 workflow(s) active ("+run+")") {
					found = true
				}
			}
		}
		if !found && time.Now().After(deadline) {
			t.Fatalf("no WorkflowSkipped event for the Forbid skip; events of %s: %q", name, notes)
		}
		time.Sleep(time.Second)
	}
	t.Logf("events of %s: %q", name, notes)

	list := must("cron", "list", "-n", c.ns)
	if !strings.Contains(list, name) || !strings.Contains(list, "true") {
		t.Errorf("cron list does not show %s suspended:\n%s", name, list)
	}
	t.Logf("kubectl wf cron get %s:\n%s", name, must("cron", "get", "-n", c.ns, name))

	must("cron", "delete", "-n", c.ns, name)
	if out, err := c.cmd("cron", "get", "-n", c.ns, name); err == nil {
		t.Errorf("cron get after delete succeeded:\n%s", out)
	}
}
