package main

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/clitest"
)

// crons are two CronWorkflows: one that ran 64 s ago (clitest.Now is 15:04:05) with a run
// still active, and a suspended one in another namespace with a time zone.
func crons() []client.Object {
	hourly := &wfv1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: "every-minute", Namespace: "default", CreationTimestamp: *ago(3 * time.Hour), Labels: map[string]string{"team": "a"}},
		Spec: wfv1.CronWorkflowSpec{
			Schedules: []string{"* * * * *", "0 0 * * *"}, ConcurrencyPolicy: wfv1.ConcurrencyPolicyForbid,
			StartingDeadlineSeconds: ptr(int64(30)), StopStrategy: &wfv1.StopStrategy{Expression: "cronworkflow.failed >= 3"},
			WorkflowSpec: wfv1.WorkflowSpec{Entrypoint: "main"},
		},
		Status: wfv1.CronWorkflowStatus{
			Phase: wfv1.CronWorkflowActive, LastScheduledTime: ago(65 * time.Second), Succeeded: 12, Failed: 1,
			Active:     []corev1.ObjectReference{{Name: "every-minute-1767366180", Namespace: "default"}},
			Conditions: wfv1.Conditions{{Type: wfv1.ConditionTypeSubmissionError, Status: metav1.ConditionTrue, Message: "Failed to submit Workflow: quota exceeded"}},
		},
	}
	paris := &wfv1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: "nightly", Namespace: "ops", CreationTimestamp: *ago(48 * time.Hour)},
		Spec: wfv1.CronWorkflowSpec{
			Schedules: []string{"0 2 * * *"}, Timezone: "Europe/Paris", Suspend: ptr(true),
			WorkflowSpec: wfv1.WorkflowSpec{Entrypoint: "main"},
		},
	}
	return []client.Object{hourly, paris}
}

func TestCronListAndGet(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"cron-list", []string{"cron", "list"}, 0},
		{"cron-list-all-namespaces", []string{"cron", "list", "-A"}, 0},
		{"cron-list-selector-name", []string{"cron", "list", "-A", "-l", "team=a", "-o", "name"}, 0},
		{"cron-list-empty", []string{"cron", "list", "-n", "nowhere"}, 0},
		{"cron-get", []string{"cron", "get", "every-minute"}, 0},
		{"cron-get-suspended", []string{"cron", "get", "nightly", "-n", "ops"}, 0},
		{"cron-get-missing", []string{"cron", "get", "nope"}, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if code := golden(t, tc.name, newEnv(crons()...), tc.args...); code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
		})
	}
}

func TestCronCreate(t *testing.T) {
	env := newEnv()
	if code := golden(t, "cron-create", env, "cron", "create", "testdata/cron/nightly.yaml", "-p", "env=prod", "--schedule", "30 3 * * *"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	cw := &wfv1.CronWorkflow{}
	if err := env.Client.Get(context.Background(), client.ObjectKey{Namespace: "default", Name: "nightly"}, cw); err != nil {
		t.Fatal(err)
	}
	if len(cw.Spec.Schedules) != 1 || cw.Spec.Schedules[0] != "30 3 * * *" {
		t.Errorf("schedules %v", cw.Spec.Schedules)
	}
	if p := cw.Spec.WorkflowSpec.Arguments.Parameters; len(p) != 1 || *p[0].Value != "prod" {
		t.Errorf("parameters %+v", p)
	}
	env = newEnv()
	if code := golden(t, "cron-create-invalid", env, "cron", "create", "testdata/cron/old-style.yaml"); code != -1 {
		t.Errorf("exit %d", code)
	}
	var list wfv1.CronWorkflowList
	if err := env.Client.List(context.Background(), &list); err != nil || len(list.Items) != 0 {
		t.Errorf("an invalid CronWorkflow was created (%d, %v)", len(list.Items), err)
	}
}

func TestCronSuspendResumeDelete(t *testing.T) {
	env := newEnv(crons()...)
	suspendedNow := func(name, ns string) bool {
		t.Helper()
		cw := &wfv1.CronWorkflow{}
		if err := env.Client.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: name}, cw); err != nil {
			t.Fatal(err)
		}
		return suspended(cw)
	}
	if code := run(env, "cron", "suspend", "every-minute"); code != 0 || !suspendedNow("every-minute", "default") {
		t.Fatalf("suspend: exit %d: %s", code, env.ErrOut)
	}
	if code := run(env, "cron", "resume", "nightly", "-n", "ops"); code != 0 || suspendedNow("nightly", "ops") {
		t.Fatalf("resume: exit %d: %s", code, env.ErrOut)
	}
	// Options persist between runs in one env, -n too: name the namespace again.
	if code := run(env, "cron", "delete", "every-minute", "-n", "default"); code != 0 {
		t.Fatalf("delete: exit %d: %s", code, env.ErrOut)
	}
	if code := run(env, "cron", "delete", "-A", "--all"); code != 0 {
		t.Fatalf("delete --all: exit %d: %s", code, env.ErrOut)
	}
	if code := run(env, "cron", "suspend", "every-minute", "-n", "default"); code != -1 {
		t.Errorf("suspending a deleted cron workflow: exit %d", code)
	}
	env.Out.WriteString("--- stderr\n" + env.ErrOut.String())
	clitest.Golden(t, "cron-actions", env.Out.Bytes())
	if code := golden(t, "cron-delete-nothing", newEnv(), "cron", "delete"); code != -1 {
		t.Errorf("exit %d", code)
	}
}

func TestCronLint(t *testing.T) {
	if code := golden(t, "cron-lint", newEnv(), "cron", "lint", "testdata/cron/nightly.yaml", "testdata/cron/invalid.yaml"); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if code := golden(t, "cron-lint-valid", newEnv(), "cron", "lint", "testdata/cron/nightly.yaml"); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
}
