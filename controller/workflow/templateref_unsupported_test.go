package workflow

import (
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// A template read at run time from a WorkflowTemplate (admitted under older rules) that uses a
// field Skiff does not run errors its node, naming the field; no pod starts.
func TestTemplateRefToUnsupportedTemplate(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: s, templateRef: {name: old, template: server}}
`)
	h.create(&v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "old", Namespace: "default"}, Spec: specOf(t, `
templates:
- name: server
  daemon: true
  container: {image: a, command: [x]}
`)})
	h.reconcile()
	h.reconcile()
	n := h.node("wf[0].s")
	if n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, v1alpha1.UnsupportedMessage+": daemon") {
		t.Errorf("node %s %q, want Error naming daemon", n.Phase, n.Message)
	}
	if len(h.pods()) != 0 {
		t.Errorf("pods started: %v", keys(h.pods()))
	}
}
