package workflow

import (
	"fmt"
	"hash/fnv"
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func TestNodeIDAndPodName(t *testing.T) {
	h := fnv.New32a()
	h.Write([]byte("wf[0].hello"))
	hash := h.Sum32()
	if got := v1alpha1.WorkflowNodeID("wf", "wf"); got != "wf" {
		t.Errorf("root id = %q", got)
	}
	if got, want := v1alpha1.WorkflowNodeID("wf", "wf[0].hello"), fmt.Sprintf("wf-%d", hash); got != want {
		t.Errorf("NodeID = %q, want %q", got, want)
	}
	if got, want := v1alpha1.WorkflowPodName("wf", "wf[0].hello", "say"), fmt.Sprintf("wf-say-%d", hash); got != want {
		t.Errorf("PodName = %q, want %q", got, want)
	}
	long := strings.Repeat("t", 60)
	if got, want := v1alpha1.WorkflowPodName("wf", "wf[0].hello", long), fmt.Sprintf("wf-%d", hash); got != want {
		t.Errorf("long PodName = %q, want the hash-only %q", got, want)
	}
	it, _ := v1alpha1.ItemFrom(map[string]any{"b": 2, "a": "x"})
	if got := loopChildName("wf.A", 1, it); got != "wf.A(1:a:x,b:2)" {
		t.Errorf("loop child = %q", got)
	}
	s, _ := v1alpha1.ItemFrom("hello")
	if got := loopChildName("wf.A", 0, s); got != "wf.A(0:hello)" {
		t.Errorf("loop child = %q", got)
	}
	for in, want := range map[string]string{"wf": "wf", "wf[0]": "[0]", "wf[0].step": "step", "wf.A(0:a.b)": "A(0:a.b)",
		"wf.onExit": "wf.onExit", "wf.A.onExit": "A.onExit", "wf[0].s.onExit": "s.onExit"} {
		if got := nodeDisplayName("wf", in); got != want {
			t.Errorf("nodeDisplayName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := nodeDisplayName("my.wf", "my.wf"); got != "my.wf" {
		t.Errorf("root of a dotted workflow name shows %q", got)
	}
}

func TestScope(t *testing.T) {
	sc := scope{"inputs.parameters.x": "5", "workflow.name": "wf", "tasks.A.outputs.result": `say "hi"`}
	got, err := sc.substitute("{{inputs.parameters.x}}-{{ workflow.name }}-{{=asInt(inputs.parameters.x) + 1}}-{{steps.unknown}}")
	if err != nil || got != "5-wf-6-{{steps.unknown}}" {
		t.Errorf("substitute = %q, %v", got, err)
	}
	doc, err := sc.substituteJSON([]byte(`{"a":"{{tasks.A.outputs.result}}"}`))
	if err != nil || string(doc) != `{"a":"say \"hi\""}` {
		t.Errorf("substituteJSON = %s, %v", doc, err)
	}
	for cond, want := range map[string]bool{
		"{{inputs.parameters.x}} > 3":         true,
		"{{workflow.name}} == wf":             true,
		"'{{workflow.name}}' != 'wf'":         false,
		"{{inputs.parameters.x}} < 3 || true": true,
	} {
		if got, err := sc.evalWhen(cond); err != nil || got != want {
			t.Errorf("when %q = %v, %v; want %v", cond, got, err, want)
		}
	}
}

func TestDepends(t *testing.T) {
	res := map[string]taskResult{
		"A":   {phase: v1alpha1.NodeSucceeded},
		"B-1": {phase: v1alpha1.NodeFailed},
		"L":   {phase: v1alpha1.NodeFailed, children: []v1alpha1.NodePhase{v1alpha1.NodeFailed, v1alpha1.NodeSucceeded}},
	}
	for dep, want := range map[string]bool{
		"A":                         true,
		"A && B-1":                  false,
		"A && B-1.Failed":           true,
		"(A.Failed || B-1.Errored)": false,
		"!B-1.Succeeded":            true,
		"L.AnySucceeded":            true,
		"L.AllFailed":               false,
	} {
		if got, err := evalDepends(dep, res); err != nil || got != want {
			t.Errorf("depends %q = %v, %v; want %v", dep, got, err, want)
		}
	}
}
