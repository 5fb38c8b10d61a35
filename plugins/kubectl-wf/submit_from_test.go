package main

import (
	"context"
	"os"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSubmitFromWorkflowTemplate(t *testing.T) {
	env := newEnv(helloTemplate("default", 0))
	if code := run(env, "submit", "--from", "workflowtemplate/hello", "-p", "message=override"); code != 0 {
		t.Fatalf("exit %d: %s", code, env.ErrOut)
	}
	var list wfv1.WorkflowList
	if err := env.Client.List(context.Background(), &list); err != nil || len(list.Items) != 1 {
		t.Fatalf("%d workflows (%v)", len(list.Items), err)
	}
	wf := list.Items[0]
	if ref := wf.Spec.WorkflowTemplateRef; ref == nil || ref.Name != "hello" || ref.ClusterScope != nil {
		t.Errorf("workflowTemplateRef %+v", ref)
	}
	if !strings.HasPrefix(wf.Name, "hello-") || wf.Labels[labelWorkflowTemplate] != "hello" || len(wf.Spec.Templates) != 0 {
		t.Errorf("name %q labels %v templates %d", wf.Name, wf.Labels, len(wf.Spec.Templates))
	}
	if p := wf.Spec.Arguments.Parameters; len(p) != 1 || p[0].Name != "message" || string(*p[0].Value) != "override" {
		t.Errorf("arguments %+v: only the -p override, the rest comes from the template", p)
	}
	if got := env.Out.String(); got != "workflow.argoproj.io/"+wf.Name+" created\n" {
		t.Errorf("stdout %q", got)
	}
}

func TestSubmitFromClusterTemplateAndCron(t *testing.T) {
	cw := &wfv1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: "nightly", Namespace: "default", UID: "cw-uid"},
		Spec: wfv1.CronWorkflowSpec{
			Schedules:        []string{"0 0 * * *"},
			WorkflowMetadata: &metav1.ObjectMeta{Labels: map[string]string{"team": "a"}, Annotations: map[string]string{"note": "n"}},
			WorkflowSpec:     wfv1.WorkflowSpec{Entrypoint: "w", Templates: []wfv1.Template{{Name: "w", Suspend: &wfv1.SuspendTemplate{}}}},
		},
	}
	env := newEnv(clusterTemplate("shared", 0), cw)
	if code := run(env, "submit", "--from", "clusterworkflowtemplate/shared", "--entrypoint", "wait", "--dry-run", "-o", "yaml"); code != 0 {
		t.Fatalf("exit %d: %s", code, env.ErrOut)
	}
	for _, want := range []string{"generateName: shared-", "workflows.argoproj.io/cluster-workflow-template: shared", "clusterScope: true", "entrypoint: wait"} {
		if !strings.Contains(env.Out.String(), want) {
			t.Errorf("dry run lacks %q:\n%s", want, env.Out)
		}
	}
	if code := run(env, "submit", "--from", "cronwf/nightly"); code != 0 {
		t.Fatalf("exit %d: %s", code, env.ErrOut)
	}
	var list wfv1.WorkflowList
	if err := env.Client.List(context.Background(), &list); err != nil || len(list.Items) != 1 {
		t.Fatalf("%d workflows (%v): the dry run must not create one", len(list.Items), err)
	}
	wf := list.Items[0]
	if wf.Labels[labelCronWorkflow] != "nightly" || wf.Labels["team"] != "a" || wf.Annotations["note"] != "n" || wf.Annotations[annotationScheduledTime] == "" {
		t.Errorf("labels %v annotations %v", wf.Labels, wf.Annotations)
	}
	if len(wf.OwnerReferences) != 1 || wf.OwnerReferences[0].Kind != "CronWorkflow" || wf.OwnerReferences[0].Name != "nightly" {
		t.Errorf("owners %+v", wf.OwnerReferences)
	}
	if wf.Spec.Entrypoint != "w" || len(wf.Spec.Templates) != 1 || wf.Spec.WorkflowTemplateRef != nil {
		t.Errorf("spec %+v", wf.Spec)
	}
}

func TestSubmitFromErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"submit", "--from", "workflowtemplate/nope"}, `--from workflowtemplate/nope: workflowtemplates.argoproj.io "nope" not found`},
		{[]string{"submit", "--from", "pod/x"}, `kind "pod": want workflowtemplate, clusterworkflowtemplate or cronwf`},
		{[]string{"submit", "--from", "hello"}, `want KIND/NAME`},
		{[]string{"submit", "testdata/submit/named.yaml", "--from", "workflowtemplate/hello"}, "one of the two"},
		{[]string{"submit"}, "one of the two"},
	}
	for _, c := range cases {
		env := newEnv(helloTemplate("default", 0))
		if code := run(env, c.args...); code != -1 || !strings.Contains(env.ErrOut.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, env.ErrOut, c.want)
		}
	}
}

func TestSubmitFromCompletion(t *testing.T) {
	env := newEnv(helloTemplate("default", 0), clusterTemplate("shared", 0))
	for typed, want := range map[string]string{"": "workflowtemplate/", "workflowtemplate/": "workflowtemplate/hello", "clusterworkflowtemplate/": "clusterworkflowtemplate/shared"} {
		env.Out.Reset()
		if code := run(env, "__complete", "submit", "--from", typed); code != 0 || !strings.Contains(env.Out.String(), want+"\n") {
			t.Errorf("completing %q: exit %d, got %q, want %q", typed, code, env.Out, want)
		}
	}
}
