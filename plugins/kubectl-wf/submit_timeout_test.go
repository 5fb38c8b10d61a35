package main

import (
	"testing"
	"time"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
)

// TestSubmitWaitTimeout: --timeout bounds --wait. No controller runs against the fake
// client, so the created workflow never starts and the wait gives up with exit 2.
func TestSubmitWaitTimeout(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"submit-wait-timeout", []string{"submit", "testdata/submit/named.yaml", "--wait", "--timeout", "50ms"}, 2},
		{"submit-timeout-without-wait", []string{"submit", "testdata/submit/named.yaml", "--timeout", "1m"}, -1},
		{"submit-negative-timeout", []string{"submit", "testdata/submit/named.yaml", "--wait", "--timeout", "-1s"}, -1},
		{"wait-negative-timeout", []string{"wait", "run-1", "--timeout", "-1s"}, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			if code := golden(t, tc.name, newEnv(runningWorkflow("run-1", "default", time.Minute)), tc.args...); code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %s: the timeout did not end the wait", took)
			}
		})
	}
}

// TestSubmitWaitWithinTimeout: a workflow that completes before the timeout ends the wait
// with its result, exit 0.
func TestSubmitWaitWithinTimeout(t *testing.T) {
	env := newEnv()
	go func() {
		time.Sleep(300 * time.Millisecond)
		updateStatus(env, "named", func(wf *wfv1.Workflow) { wf.Status.Phase = wfv1.WorkflowSucceeded })
	}()
	if code := run(env, "submit", "testdata/submit/named.yaml", "--wait", "--timeout", "30s"); code != 0 {
		t.Fatalf("exit %d: %s", code, env.ErrOut)
	}
	if got, want := env.Out.String(), "workflow.argoproj.io/named created\nworkflow named Succeeded\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}
