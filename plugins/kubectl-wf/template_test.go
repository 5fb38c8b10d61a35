package main

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
)

func helloTemplate(ns string, age time.Duration) *wfv1.WorkflowTemplate {
	return &wfv1.WorkflowTemplate{
		ObjectMeta: metav1.ObjectMeta{Name: "hello", Namespace: ns, CreationTimestamp: *ago(age)},
		Spec: wfv1.WorkflowSpec{
			Entrypoint: "main",
			Arguments:  wfv1.Arguments{Parameters: []wfv1.Parameter{{Name: "message", Value: wfv1.AnyStringPtr("hi")}, {Name: "who"}}},
			Templates: []wfv1.Template{
				{Name: "main", Steps: []wfv1.ParallelSteps{{{Name: "a", TemplateInvocation: wfv1.TemplateInvocation{Template: "echo"}}}}},
				{Name: "echo", Inputs: wfv1.Inputs{Parameters: []wfv1.Parameter{{Name: "msg", Default: wfv1.AnyStringPtr("x")}, {Name: "n"}}},
					Container: &wfv1.ContainerTemplate{}},
			},
		},
	}
}

func clusterTemplate(name string, age time.Duration) *wfv1.ClusterWorkflowTemplate {
	return &wfv1.ClusterWorkflowTemplate{
		ObjectMeta: metav1.ObjectMeta{Name: name, CreationTimestamp: *ago(age)},
		Spec:       wfv1.WorkflowSpec{Templates: []wfv1.Template{{Name: "wait", Suspend: &wfv1.SuspendTemplate{}}}},
	}
}

func templateEnvObjects() []client.Object {
	other := helloTemplate("team-b", 2*time.Hour)
	other.Name = "build"
	return []client.Object{helloTemplate("default", 90*time.Minute), other, clusterTemplate("shared", 3*24*time.Hour), clusterTemplate("ci", time.Minute)}
}

func TestTemplateListGet(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"template-list", []string{"template", "list"}, 0},
		{"template-list-all-namespaces", []string{"template", "list", "-A"}, 0},
		{"template-list-empty", []string{"template", "list", "-n", "nowhere"}, 0},
		{"template-list-name", []string{"template", "list", "-A", "-o", "name"}, 0},
		{"template-get", []string{"template", "get", "hello"}, 0},
		{"template-get-yaml", []string{"template", "get", "hello", "-o", "yaml"}, 0},
		{"template-get-missing", []string{"template", "get", "nope"}, -1},
		{"cluster-template-list", []string{"cluster-template", "list"}, 0},
		{"cluster-template-get", []string{"cluster-template", "get", "shared"}, 0},
		{"cluster-template-get-json", []string{"cluster-template", "get", "ci", "-o", "json"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if code := golden(t, tc.name, newEnv(templateEnvObjects()...), tc.args...); code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
		})
	}
}

func TestTemplateCreateDeleteLint(t *testing.T) {
	env := newEnv()
	if code := golden(t, "template-create", env, "template", "create", "testdata/templates/hello.yaml", "-n", "team-a"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	wt := &wfv1.WorkflowTemplate{}
	if err := env.Client.Get(context.Background(), client.ObjectKey{Namespace: "team-a", Name: "hello"}, wt); err != nil || wt.Spec.Entrypoint != "main" {
		t.Fatalf("created template %+v, %v", wt.Spec, err)
	}
	env.Out.Reset()
	env.ErrOut.Reset()
	if code := golden(t, "template-create-wrong-kind", env, "template", "create", "testdata/templates/cluster.yaml"); code != -1 {
		t.Errorf("exit %d for a ClusterWorkflowTemplate given to template create", code)
	}
	env = newEnv()
	env.In.WriteString(readFile(t, "testdata/templates/cluster.yaml"))
	if code := golden(t, "cluster-template-create-stdin", env, "cluster-template", "create", "-", "-n", "ignored"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	cwt := &wfv1.ClusterWorkflowTemplate{}
	if err := env.Client.Get(context.Background(), client.ObjectKey{Name: "shared"}, cwt); err != nil {
		t.Fatal(err)
	}
	env = newEnv()
	if code := golden(t, "template-create-invalid", env, "template", "create", "testdata/templates/bad.yaml"); code != -1 {
		t.Errorf("exit %d for an invalid template", code)
	}
	var list wfv1.WorkflowTemplateList
	if err := env.Client.List(context.Background(), &list); err != nil || len(list.Items) != 0 {
		t.Errorf("an invalid manifest created %d templates (%v)", len(list.Items), err)
	}

	env = newEnv(templateEnvObjects()...)
	if code := golden(t, "template-delete", env, "template", "delete", "hello"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if err := env.Client.Get(context.Background(), client.ObjectKey{Namespace: "default", Name: "hello"}, &wfv1.WorkflowTemplate{}); err == nil {
		t.Error("template still there after delete")
	}
	env = newEnv(templateEnvObjects()...)
	if code := golden(t, "cluster-template-delete-all", env, "cluster-template", "delete", "--all"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	var clist wfv1.ClusterWorkflowTemplateList
	if err := env.Client.List(context.Background(), &clist); err != nil || len(clist.Items) != 0 {
		t.Errorf("%d cluster templates left (%v)", len(clist.Items), err)
	}
	if code := golden(t, "template-delete-missing", newEnv(), "template", "delete", "nope"); code != -1 {
		t.Errorf("exit %d deleting a missing template", code)
	}

	if code := golden(t, "template-lint", newEnv(), "template", "lint", "testdata/templates/"); code != 1 {
		t.Errorf("lint exit %d, want 1 for bad.yaml", code)
	}
	if code := golden(t, "cluster-template-lint", newEnv(), "cluster-template", "lint", "testdata/templates/cluster.yaml"); code != 0 {
		t.Errorf("lint exit %d", code)
	}
}
