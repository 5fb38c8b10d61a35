//go:build e2e

package deploy

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// retryWorkflow: "first" always succeeds; "second" succeeds only once the ConfigMap
// sc-retry-flag holds ok=yes, which the scenario creates between the failure and the retry.
const retryCLIWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-retry-cli}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: first, template: first}
    - - {name: second, template: second}
  - name: first
    container: {image: BUSYBOX, command: [sh, -c, "echo first ran at $(date +%s%N)"]}
  - name: second
    container:
      image: BUSYBOX
      command: [sh, -c, "test \"$OK\" = yes && echo second passed"]
      env:
      - name: OK
        valueFrom: {configMapKeyRef: {name: sc-retry-flag, key: ok, optional: true}}
`

// checkRetryResubmitScenario: `kubectl wf retry` reruns only the failed step of a Failed
// workflow; `kubectl wf resubmit` makes a new workflow from its spec.
func checkRetryResubmitScenario(t *testing.T, c wfCLI) {
	s := c.run(t, "sc-retry-cli", retryCLIWorkflow, "Failed")
	firstPod := s.one(t, "first")
	kc := e2eClient(t)
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "sc-retry-flag", Namespace: c.ns}, Data: map[string]string{"ok": "yes"}}
	if _, err := kc.CoreV1().ConfigMaps(c.ns).Create(context.Background(), cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if out, err := c.cmd("retry", "-n", c.ns, "sc-retry-cli"); err != nil {
		t.Fatalf("kubectl wf retry: %v\n%s", err, out)
	}
	c.until(t, "sc-retry-cli", "the retry to start", func(s *wfStatus) bool { return s.Status.Phase != "Failed" })
	s = c.wait(t, "sc-retry-cli")
	wantPhase(t, s, "sc-retry-cli", "Succeeded")
	if f := s.one(t, "first"); !f.StartedAt.Equal(firstPod.StartedAt) {
		t.Errorf("first ran again (started %s, before %s): retry must keep succeeded steps", f.StartedAt, firstPod.StartedAt)
	}
	if logs := c.logs(t, "sc-retry-cli"); !strings.Contains(logs, "second passed") {
		t.Errorf("second did not pass on the retry; logs:\n%s", logs)
	}
	if out, err := c.cmd("retry", "-n", c.ns, "sc-retry-cli"); err == nil || !strings.Contains(string(out), "only a Failed or Error workflow can be retried") {
		t.Errorf("retry of a Succeeded workflow: %v %s, want a refusal", err, out)
	}

	out, err := c.cmd("resubmit", "-n", c.ns, "sc-retry-cli")
	if err != nil {
		t.Fatalf("kubectl wf resubmit: %v\n%s", err, out)
	}
	name := strings.TrimPrefix(strings.Fields(string(out))[0], "workflow.argoproj.io/")
	s = c.wait(t, name)
	wantPhase(t, s, name, "Succeeded")
	if len(s.pods()) != 2 {
		t.Errorf("the resubmitted workflow ran %d pods, want both steps", len(s.pods()))
	}
}
