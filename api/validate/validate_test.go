package validate

import (
	"context"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Object adds the scope rules to each kind's own: an unsupported field is denied with the
// phrase and its path, and a legacy no-effect field gives a warning.
func TestObjectAppliesScope(t *testing.T) {
	var wf v1alpha1.Workflow
	if err := yaml.UnmarshalStrict([]byte(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: scope-}
spec:
  entrypoint: main
  templates:
  - name: main
    containerSet:
      containers:
      - {name: a, image: busybox, command: [echo]}
`), &wf); err != nil {
		t.Fatal(err)
	}
	r := Object(context.Background(), &wf, Options{})
	if got := r.Errors.ToAggregate(); got == nil || !strings.Contains(got.Error(), "not supported by Skiff: spec.templates[0].containerSet") {
		t.Fatalf("errors = %v, want the containerSet denial", got)
	}

	var sn v1alpha1.Sensor
	if err := yaml.UnmarshalStrict([]byte(`
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: s}
spec:
  dependencies:
  - {name: d, eventSourceName: es, eventName: e}
  triggers:
  - template:
      name: t
      atLeastOnce: true
      log: {}
`), &sn); err != nil {
		t.Fatal(err)
	}
	r = Object(context.Background(), &sn, Options{})
	if len(r.Errors) != 0 {
		t.Fatalf("a sensor with only a legacy field was denied: %v", r.Errors.ToAggregate())
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "spec.triggers[0].template.atLeastOnce: "+v1alpha1.IgnoredMessage) {
		t.Fatalf("warnings = %q, want one for the legacy atLeastOnce", r.Warnings)
	}
}
