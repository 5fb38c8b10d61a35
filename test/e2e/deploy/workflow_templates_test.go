//go:build e2e

package deploy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkTemplateScenarios runs WorkflowTemplates and ClusterWorkflowTemplates through
// kubectl wf: created with `template create` / `cluster-template create`, run whole with
// `submit --from` (its default argument, then overridden with -p) and called from a step
// with templateRef (clusterScope: true).
func checkTemplateScenarios(t *testing.T, c wfCLI) {
	const tmpl = "e2e-hello-tmpl"
	const cluster = "skiff-e2e-shared-tmpl"
	write := func(name, doc string) string {
		p := filepath.Join(c.dir, name+".yaml")
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(doc, "BUSYBOX", c.busybox)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	must := func(args ...string) string {
		t.Helper()
		out, err := c.cmd(args...)
		if err != nil {
			t.Fatalf("kubectl wf %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	result := func(s *wfStatus) string {
		pods := s.pods()
		if len(pods) != 1 || pods[0].Outputs == nil || pods[0].Outputs.Result == nil {
			t.Fatalf("want one pod node with a result, got %+v", pods)
		}
		return *pods[0].Outputs.Result
	}

	// Leftovers of an interrupted earlier run would make create fail.
	_, _ = c.cmd("template", "delete", "-n", c.ns, tmpl)
	_, _ = c.cmd("cluster-template", "delete", cluster)
	out := must("template", "create", "-n", c.ns, write(tmpl, `
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: `+tmpl+`
spec:
  entrypoint: main
  arguments:
    parameters: [{name: message, value: from-template}]
  templates:
  - name: main
    script:
      image: BUSYBOX
      command: [sh]
      source: echo {{workflow.parameters.message}}
`))
	if !strings.Contains(out, "workflowtemplate.argoproj.io/"+tmpl+" created") {
		t.Errorf("template create printed %q", out)
	}
	t.Cleanup(func() { _, _ = c.cmd("template", "delete", "-n", c.ns, tmpl) })
	if out := must("template", "list", "-n", c.ns); !strings.Contains(out, tmpl) {
		t.Errorf("template list does not show %s:\n%s", tmpl, out)
	}
	if out := must("template", "get", "-n", c.ns, tmpl); !strings.Contains(out, "Entrypoint:     main") || !strings.Contains(out, "message: from-template") {
		t.Errorf("template get %s:\n%s", tmpl, out)
	}

	submitFrom := func(args ...string) string {
		t.Helper()
		out := must(append([]string{"submit", "-n", c.ns, "--from", "workflowtemplate/" + tmpl, "-o", "name"}, args...)...)
		// stdout and stderr come combined: pick the name line out of any warnings.
		for _, line := range strings.Split(out, "\n") {
			if name, ok := strings.CutPrefix(strings.TrimSpace(line), "workflow.argoproj.io/"); ok && strings.HasPrefix(name, tmpl+"-") {
				return name
			}
		}
		t.Fatalf("submit --from printed no workflow name: %q", out)
		return ""
	}
	name := submitFrom()
	s := c.wait(t, name)
	wantPhase(t, s, name, "Succeeded")
	if got := result(s); got != "from-template" {
		t.Errorf("%s: result %q, want the template's default from-template", name, got)
	}
	name = submitFrom("-p", "message=overridden")
	s = c.wait(t, name)
	wantPhase(t, s, name, "Succeeded")
	if got := result(s); got != "overridden" {
		t.Errorf("%s: result %q, want the -p value overridden", name, got)
	}

	must("cluster-template", "create", write(cluster, `
apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata:
  name: `+cluster+`
spec:
  templates:
  - name: echo
    inputs:
      parameters: [{name: msg}]
    steps:
    - - name: say
        template: say
        arguments: {parameters: [{name: msg, value: "{{inputs.parameters.msg}}"}]}
  - name: say
    inputs:
      parameters: [{name: msg}]
    script:
      image: BUSYBOX
      command: [sh]
      source: echo {{inputs.parameters.msg}}
`))
	t.Cleanup(func() {
		if out, err := c.cmd("cluster-template", "delete", cluster); err != nil {
			t.Errorf("cleaning up %s: %v\n%s", cluster, err, out)
		}
	})
	s = c.run(t, "templateref-cluster", `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: templateref-cluster
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: call
        templateRef: {name: `+cluster+`, template: echo, clusterScope: true}
        arguments: {parameters: [{name: msg, value: cluster-hi}]}
`, "Succeeded")
	if got := result(s); got != "cluster-hi" {
		t.Errorf("templateref-cluster: result %q, want cluster-hi", got)
	}
	if n := s.one(t, "say"); n.TemplateName != "say" {
		t.Errorf("inner step ran template %q, want the ClusterWorkflowTemplate's say", n.TemplateName)
	}
}
