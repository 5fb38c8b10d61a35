package main

import (
	"testing"
	"time"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
)

func failedWorkflow(name string) *wfv1.Workflow {
	wf := succeededWorkflow(name, time.Hour)
	wf.Status.Phase = wfv1.WorkflowFailed
	wf.Spec.Shutdown = wfv1.ShutdownStrategyStop
	return wf
}

func TestRetry(t *testing.T) {
	env := newEnv(failedWorkflow("broken"), succeededWorkflow("fine", time.Hour))
	golden(t, "retry", env, "retry", "broken")
	wf := getWF(t, env, "broken")
	if wf.Annotations[AnnotationRetry] != "2026-01-02T15:04:05Z" || wf.Spec.Shutdown != "" {
		t.Errorf("broken not marked for retry: annotations %v, shutdown %q", wf.Annotations, wf.Spec.Shutdown)
	}
	env.Out.Reset()
	golden(t, "retry-succeeded", env, "retry", "fine")
	if wf := getWF(t, env, "fine"); wf.Annotations[AnnotationRetry] != "" {
		t.Errorf("a Succeeded workflow was marked for retry")
	}
}

func TestResubmit(t *testing.T) {
	old := failedWorkflow("broken")
	old.Labels = map[string]string{"team": "a", "workflows.argoproj.io/completed": "true"}
	old.Annotations = map[string]string{AnnotationRetry: "2026-01-01T00:00:00Z", "note": "kept"}
	old.Spec.Arguments.Parameters = []wfv1.Parameter{{Name: "msg", Value: wfv1.AnyStringPtr("old")}}
	wf := resubmission(old, map[string]string{"msg": "new"})
	if wf.GenerateName != "broken-" || wf.Name != "" || wf.Namespace != old.Namespace {
		t.Errorf("name %q generateName %q namespace %q", wf.Name, wf.GenerateName, wf.Namespace)
	}
	if wf.Labels["team"] != "a" || wf.Labels[LabelResubmittedFrom] != "broken" || wf.Labels["workflows.argoproj.io/completed"] != "" {
		t.Errorf("labels %v", wf.Labels)
	}
	if wf.Annotations["note"] != "kept" || wf.Annotations[AnnotationRetry] != "" {
		t.Errorf("annotations %v", wf.Annotations)
	}
	if wf.Spec.Shutdown != "" || wf.Spec.Arguments.Parameters[0].Value.String() != "new" {
		t.Errorf("spec: shutdown %q, msg %v", wf.Spec.Shutdown, wf.Spec.Arguments.Parameters[0].Value)
	}
	if old.Spec.Arguments.Parameters[0].Value.String() != "old" {
		t.Errorf("the original workflow's spec was changed")
	}
	env := newEnv(failedWorkflow("broken"))
	if code := run(env, "resubmit", "broken", "-p", "x=1"); code != 0 {
		t.Fatalf("resubmit exit %d: %s", code, env.ErrOut)
	}
	golden(t, "resubmit-missing", newEnv(), "resubmit", "nope")
}
