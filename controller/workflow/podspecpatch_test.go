package workflow

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func TestPodSpecPatch(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: c
  arguments: {parameters: [{name: mem, value: 64Mi}]}
  podSpecPatch: |
    tolerations: [{key: gpu, operator: Exists, effect: NoSchedule}]
    containers: [{name: main, resources: {limits: {memory: "1Gi"}}}]
  templates:
  - name: c
    inputs: {parameters: [{name: cpu, value: "2"}]}
    podSpecPatch: '{"containers":[{"name":"main","resources":{"limits":{"cpu":"{{inputs.parameters.cpu}}","memory":"{{workflow.parameters.mem}}"}}}]}'
    container: {image: a, command: [x]}
`)
	h.reconcile()
	pod := h.pods()["wf"]
	if pod == nil {
		t.Fatalf("no pod; workflow %+v", h.wf().Status)
	}
	main := pod.Spec.Containers[0]
	if main.Name != stepcontract.MainContainer || main.Command[0] != stepcontract.ExecutorPath {
		t.Fatalf("main container %s %v", main.Name, main.Command)
	}
	// The template's patch applies after the workflow's: its memory wins.
	if got := main.Resources.Limits[corev1.ResourceCPU]; !got.Equal(resource.MustParse("2")) {
		t.Errorf("cpu limit %s, want 2", got.String())
	}
	if got := main.Resources.Limits[corev1.ResourceMemory]; !got.Equal(resource.MustParse("64Mi")) {
		t.Errorf("memory limit %s, want 64Mi", got.String())
	}
	if len(pod.Spec.Tolerations) != 1 || pod.Spec.Tolerations[0].Key != "gpu" {
		t.Errorf("tolerations %+v", pod.Spec.Tolerations)
	}
	if len(pod.Spec.InitContainers) != 1 || pod.Spec.InitContainers[0].Name != stepcontract.InitContainer {
		t.Errorf("init containers %+v", pod.Spec.InitContainers)
	}
	if env := main.Env; len(env) == 0 || env[0].Name != stepcontract.EnvTemplate {
		t.Errorf("main env %+v", env)
	}
	h.finish("wf", 0, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
}

func TestPodSpecPatchErrors(t *testing.T) {
	for _, tc := range []struct{ patch, want string }{
		{`containers: [{name: main`, `the podSpecPatch of template "c" is neither JSON nor YAML`},
		{`"just a string"`, `must be a JSON or YAML object`},
		{`{"containers": [{"name": "main", "command": ["sh"]}]}`, `must not change the command of container "main"`},
		{`{"initContainers": [{"name": "init", "$patch": "delete"}]}`, `init container "init"`},
		{`{"initContainers": [{"name": "wait", "env": [{"name": "X", "value": "y"}]}]}`, `init container "wait"`},
		{`{"initContainers": [{"name": "wait", "$patch": "delete"}]}`, `init container "wait"`},
		{`{"volumes": [{"name": "var-run-skiff", "hostPath": {"path": "/x"}}]}`, `volume "var-run-skiff"`},
		{`shareProcessNamespace: true`, `must not set shareProcessNamespace`},
		{`{"containres": []}`, `invalid pod spec`},
	} {
		h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: c
  templates:
  - name: c
    podSpecPatch: '`+strings.ReplaceAll(tc.patch, "'", "''")+`'
    container: {image: a, command: [x]}
    outputs: {parameters: [{name: p, valueFrom: {path: /p}}]}
`)
		h.reconcile()
		n := h.node("wf")
		if n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, tc.want) {
			t.Errorf("patch %s: node %s %q, want Error containing %q", tc.patch, n.Phase, n.Message, tc.want)
		}
		if len(h.pods()) != 0 {
			t.Errorf("patch %s: a pod was created", tc.patch)
		}
	}
}

func TestPodSpecPatchWorkflowLevelError(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: c
  podSpecPatch: '{"containers": [{"name": "main", "command": ["sh"]}]}'
  templates:
  - name: c
    container: {image: a, command: [x]}
`)
	h.reconcile()
	if n := h.node("wf"); n.Phase != v1alpha1.NodeError || !strings.HasPrefix(n.Message, "podSpecPatch must not change the command") {
		t.Errorf("node %s %q", n.Phase, n.Message)
	}
}
