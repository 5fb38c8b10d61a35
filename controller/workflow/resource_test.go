package workflow

import (
	"encoding/json"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

const resourceWorkflow = `
metadata: {name: res}
spec:
  entrypoint: main
  serviceAccountName: runner
  nodeSelector: {disk: ssd}
  templates:
  - name: main
    steps:
    - - name: make
        template: make
        arguments: {parameters: [{name: colour, value: blue}]}
    - - name: use
        template: use
        arguments: {parameters: [{name: made, value: "{{steps.make.outputs.parameters.name}}"}]}
  - name: make
    inputs: {parameters: [{name: colour}]}
    metadata: {labels: {team: a}}
    resource:
      action: create
      setOwnerReference: true
      successCondition: data.colour == {{inputs.parameters.colour}}
      manifest: |
        apiVersion: v1
        kind: ConfigMap
        metadata: {generateName: made-}
        data: {colour: "{{inputs.parameters.colour}}"}
    outputs:
      parameters:
      - name: name
        valueFrom: {jsonPath: "{.metadata.name}"}
  - name: use
    inputs: {parameters: [{name: made}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.made}}"]}
`

func TestResourcePodAndOutputs(t *testing.T) {
	h := newHarness(t, resourceWorkflow)
	h.reconcile()
	pod := h.pods()["res[0].make"]
	if pod == nil {
		t.Fatalf("no resource pod; pods: %v", keys(h.pods()))
	}
	if len(pod.Spec.InitContainers) != 0 || len(pod.Spec.Containers) != 1 || len(pod.Spec.Volumes) != 0 {
		t.Fatalf("pod = %+v, want one container and no executor volume", pod.Spec)
	}
	c := pod.Spec.Containers[0]
	if c.Name != stepcontract.MainContainer || c.Image != "skiff.local/skiff:test" || strings.Join(c.Command, " ") != stepcontract.ImageBinary+" resource" {
		t.Fatalf("main container = %s %s %v", c.Name, c.Image, c.Command)
	}
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	if env[stepcontract.EnvWorkflowName] != "res" || env[stepcontract.EnvWorkflowUID] != "uid-1" || env[stepcontract.EnvWorkflowNamespace] != "default" {
		t.Fatalf("env = %v", env)
	}
	var tmpl v1alpha1.Template
	if err := json.Unmarshal([]byte(env[stepcontract.EnvTemplate]), &tmpl); err != nil {
		t.Fatal(err)
	}
	if tmpl.Resource == nil || tmpl.Resource.SuccessCondition != "data.colour == blue" || !strings.Contains(tmpl.Resource.Manifest, `colour: "blue"`) {
		t.Fatalf("template not substituted: %+v", tmpl.Resource)
	}
	if pod.Spec.ServiceAccountName != "runner" || pod.Spec.NodeSelector["disk"] != "ssd" || pod.Labels["team"] != "a" ||
		pod.Labels[LabelWorkflow] != "res" || len(pod.OwnerReferences) != 1 || pod.Spec.RestartPolicy != corev1.RestartPolicyNever {
		t.Fatalf("pod skeleton differs from a container step's: %+v", pod)
	}
	if n := h.node("res[0].make"); n.Type != v1alpha1.NodeTypePod {
		t.Fatalf("node type %q, want Pod (as upstream)", n.Type)
	}
	h.finish("res[0].make", 0, "", "name", "made-x1")
	h.reconcile()
	use := h.pods()["res[1].use"]
	if use == nil || !strings.Contains(strings.Join(use.Spec.Containers[0].Command, " "), "echo made-x1") {
		t.Fatalf("the next step did not get the output: %+v", use)
	}
}

func TestResourceTemplateErrorsBeforeThePod(t *testing.T) {
	cases := map[string]string{
		"flags":    "      flags: [--overwrite]\n",
		"cond":     "      successCondition: status.phase in Failed\n",
		"token":    "",
		"manifest": "      mergeStrategy: json\n",
	}
	wants := map[string]string{
		"flags":    `"--overwrite" is not supported by Skiff`,
		"cond":     "resource.successCondition",
		"token":    "automountServiceAccountToken is false",
		"manifest": "mergeStrategy applies to action patch",
	}
	for name, extra := range cases {
		doc := "metadata: {name: bad}\nspec:\n  entrypoint: r\n  templates:\n  - name: r\n    resource:\n      action: create\n" + extra +
			"      manifest: 'apiVersion: v1\n\n        kind: ConfigMap\n\n        metadata: {name: x}'\n"
		if name == "token" {
			doc += "    automountServiceAccountToken: false\n"
		}
		h := newHarness(t, doc)
		h.reconcile()
		h.reconcile()
		if len(h.pods()) != 0 {
			t.Errorf("%s: a pod was created", name)
		}
		n := h.node("bad")
		if n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, wants[name]) {
			t.Errorf("%s: node %s %q, want Error with %q", name, n.Phase, n.Message, wants[name])
		}
	}
}
