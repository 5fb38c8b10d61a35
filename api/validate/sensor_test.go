package validate

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func baseSensor() *v1alpha1.Sensor {
	inline := "apiVersion: v1\nkind: ConfigMap\n"
	return &v1alpha1.Sensor{
		ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: "ns"},
		Spec: v1alpha1.SensorSpec{
			Dependencies: []v1alpha1.SensorEventDependency{
				{Name: "dep-1", EventSourceName: "es", EventName: "example"},
				{Name: "dep-2", EventSourceName: "es", EventName: "tick"},
			},
			Triggers: []v1alpha1.SensorTrigger{{SensorTriggerFields: v1alpha1.SensorTriggerFields{
				Template: &v1alpha1.SensorTriggerTemplate{
					Name: "t", Conditions: "(dep-1 && dep-2) || dep-1",
					K8s: &v1alpha1.SensorStandardK8STrigger{Source: &v1alpha1.SensorArtifactLocation{Inline: &inline}, Operation: "create"},
				},
				Parameters: []v1alpha1.SensorTriggerParameter{{Src: &v1alpha1.SensorTriggerParameterSource{DependencyName: "dep-1", DataKey: "body"}, Dest: "k8s.source.resource.data.x"}},
			}}},
		},
	}
}

func TestSensorRules(t *testing.T) {
	tt := func(s *v1alpha1.Sensor) *v1alpha1.SensorTriggerTemplate { return s.Spec.Triggers[0].Template }
	filters := func(s *v1alpha1.Sensor) *v1alpha1.SensorEventDependencyFilter {
		s.Spec.Dependencies[0].Filters = &v1alpha1.SensorEventDependencyFilter{}
		return s.Spec.Dependencies[0].Filters
	}
	oRun(t, baseSensor, Sensor, []oCase[*v1alpha1.Sensor]{
		{name: "valid"},
		{name: "duplicate dependency", mutate: func(s *v1alpha1.Sensor) { s.Spec.Dependencies[1].Name = "dep-1" }, want: "spec.dependencies[1].name: Duplicate value"},
		{name: "dependency without name", mutate: func(s *v1alpha1.Sensor) { s.Spec.Dependencies[1].Name = "" }, want: "event dependency must define a name"},
		{name: "dependency without event name", mutate: func(s *v1alpha1.Sensor) { s.Spec.Dependencies[1].EventName = "" }, want: "must define the EventName"},
		{name: "event source missing warn", lookup: oLookup{}, warn: `EventSource "es" not found`},
		{name: "event missing warn", lookup: oLookup{}.add("es", &v1alpha1.EventSource{Spec: v1alpha1.EventSourceSpec{Calendar: map[string]v1alpha1.EventSourceCalendar{"tick": {}}}}), warn: `has no event "example"`},
		{name: "event source found", lookup: oLookup{}.add("es", baseEventSource())},
		{name: "duplicate trigger", mutate: func(s *v1alpha1.Sensor) { s.Spec.Triggers = append(s.Spec.Triggers, s.Spec.Triggers[0]) }, want: "spec.triggers[1].template.name: Duplicate value"},
		{name: "condition unknown dependency", mutate: func(s *v1alpha1.Sensor) { tt(s).Conditions = "dep-1 && dep-3" }, want: `dependency "dep-3" is not defined`},
		{name: "condition syntax", mutate: func(s *v1alpha1.Sensor) { tt(s).Conditions = "(dep-1 && dep-2" }, want: "missing ')'"},
		{name: "parameter unknown dependency warn", mutate: func(s *v1alpha1.Sensor) { s.Spec.Triggers[0].Parameters[0].Src.DependencyName = "nope" }, warn: `dependency "nope" is not defined`},
		{name: "parameter dest empty", mutate: func(s *v1alpha1.Sensor) { s.Spec.Triggers[0].Parameters[0].Dest = "" }, want: "parameter destination can't be empty"},
		{name: "parameter dest bad path", mutate: func(s *v1alpha1.Sensor) { s.Spec.Triggers[0].Parameters[0].Dest = "spec..x" }, want: "empty key"},
		{name: "parameter operation", mutate: func(s *v1alpha1.Sensor) { s.Spec.Triggers[0].Parameters[0].Operation = "replace" }, want: "operation: Unsupported value"},
		{name: "k8s without source", mutate: func(s *v1alpha1.Sensor) { tt(s).K8s.Source = nil }, want: "k8s trigger does not contain an absolute action"},
		{name: "k8s operation", mutate: func(s *v1alpha1.Sensor) { tt(s).K8s.Operation = "apply" }, want: "k8s.operation: Unsupported value"},
		{name: "argoWorkflow operation", mutate: func(s *v1alpha1.Sensor) {
			tt(s).K8s = nil
			tt(s).ArgoWorkflow = &v1alpha1.SensorArgoWorkflowTrigger{Source: &v1alpha1.SensorArtifactLocation{}, Operation: "run"}
		}, want: "argoWorkflow.operation: Unsupported value"},
		{name: "data filter comparator", mutate: func(s *v1alpha1.Sensor) {
			filters(s).Data = []v1alpha1.SensorDataFilter{{Path: "body.x", Type: "number", Value: []string{"1"}, Comparator: "=="}}
		}, want: "comparator: Unsupported value"},
		{name: "data filter type", mutate: func(s *v1alpha1.Sensor) {
			filters(s).Data = []v1alpha1.SensorDataFilter{{Path: "body.x", Type: "int", Value: []string{"1"}}}
		}, want: "type: Unsupported value"},
		{name: "data filter empty value", mutate: func(s *v1alpha1.Sensor) {
			filters(s).Data = []v1alpha1.SensorDataFilter{{Path: "body.x", Type: "string", Value: []string{""}}}
		}, want: "value must be not empty"},
		{name: "data filter ok", mutate: func(s *v1alpha1.Sensor) {
			filters(s).Data = []v1alpha1.SensorDataFilter{{Path: "body.x", Type: "number", Value: []string{"1"}, Comparator: ">="}}
		}},
		{name: "expr filter syntax", mutate: func(s *v1alpha1.Sensor) {
			filters(s).Exprs = []v1alpha1.SensorExprFilter{{Expr: "a == ", Fields: []v1alpha1.SensorPayloadField{{Name: "a", Path: "body.a"}}}}
		}, want: "exprs[0].expr"},
		{name: "expr filter ok", mutate: func(s *v1alpha1.Sensor) {
			filters(s).Exprs = []v1alpha1.SensorExprFilter{{Expr: `a == "b" || a =~ "c.*"`, Fields: []v1alpha1.SensorPayloadField{{Name: "a", Path: "body.a"}}}}
		}},
		{name: "time filter bad", mutate: func(s *v1alpha1.Sensor) { filters(s).Time = &v1alpha1.SensorTimeFilter{Start: "9am", Stop: "17:00:00"} }, want: "filters.time.start"},
		{name: "time filter ok", mutate: func(s *v1alpha1.Sensor) {
			filters(s).Time = &v1alpha1.SensorTimeFilter{Start: "09:00:00", Stop: "17:00:00"}
		}},
	})
}
