package validate

import (
	"context"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/skiff-dev/skiff/api/limits/limitstest"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// limitCase is an object holding text that crashed or stalled validation before api/limits,
// and the field error it must now get instead.
type limitCase struct {
	name  string
	obj   func() runtime.Object
	field string // the path the error names
	want  string // the limit it names
}

const (
	tooLong = "more than the 10240 allowed for an expression"
	tooDeep = "more than the 64 allowed"
)

func limitCases(t *testing.T) []limitCase {
	wf := func(body string, set func(*v1alpha1.Workflow)) func() runtime.Object {
		return func() runtime.Object {
			w := decodeWF(t, wfYAML(body))
			set(w)
			return w
		}
	}
	containerWF := "  entrypoint: main\n  templates:\n  - name: main\n    container: {image: alpine, command: [echo], args: [x]}\n"
	dagWF := "  entrypoint: main\n  templates:\n  - name: main\n    dag:\n      tasks:\n      - {name: A, template: echo, arguments: {parameters: [{name: msg, value: a}]}}\n      - {name: B, template: echo, depends: A, arguments: {parameters: [{name: msg, value: b}]}}" + echoTmpl + "\n"
	at := func(set func(*v1alpha1.AnalysisMetric)) func() runtime.Object {
		return func() runtime.Object {
			a := baseAnalysisTemplate()
			set(&a.Spec.Metrics[0])
			return a
		}
	}
	sensor := func(set func(*v1alpha1.Sensor)) func() runtime.Object {
		return func() runtime.Object {
			s := baseSensor()
			set(s)
			return s
		}
	}
	cron := func(set func(*v1alpha1.CronWorkflow)) func() runtime.Object {
		return func() runtime.Object {
			c := decodeCron(t, cronYAML("  schedules: ['0 0 * * *']\n"))
			set(c)
			return c
		}
	}
	return []limitCase{
		{"workflow {{= with 600,000 [", wf(containerWF, func(w *v1alpha1.Workflow) {
			w.Spec.Templates[0].Container.Args[0] = limitstest.ExprTag()
		}), "spec.templates[0].container.args[0]", "expression {{=...}} is 600000 characters long, " + tooLong},
		{"workflow {{= nesting 100 [", wf(containerWF, func(w *v1alpha1.Workflow) {
			w.Spec.Templates[0].Container.Args[0] = "{{=" + strings.Repeat("[", 100) + "}}"
		}), "spec.templates[0].container.args[0]", "expression {{=...}} nests 100 levels deep, " + tooDeep},
		{"workflow tags nested 100,000 deep", wf(containerWF, func(w *v1alpha1.Workflow) {
			w.Spec.Templates[0].Container.Args[0] = strings.Repeat("{{", 100000) + strings.Repeat("}}", 100000)
		}), "spec.templates[0].container.args[0]", "tag {{...}} nests 100000 levels deep, " + tooDeep},
		{"steps when of 600,000 ( (no tag: it reached the controller's expr)", wf("  entrypoint: main\n  templates:\n  - name: main\n    steps:\n    - - {name: A, template: echo, arguments: {parameters: [{name: msg, value: a}]}}"+echoTmpl+"\n", func(w *v1alpha1.Workflow) {
			w.Spec.Templates[0].Steps[0][0].When = limitstest.Condition("(")
		}), "spec.templates[0].steps[0][0].when", "condition is 600000 characters long, " + tooLong},
		{"steps when nesting 100 around a tag", wf("  entrypoint: main\n  templates:\n  - name: main\n    steps:\n    - - {name: A, template: echo, arguments: {parameters: [{name: msg, value: a}]}}"+echoTmpl+"\n", func(w *v1alpha1.Workflow) {
			w.Spec.Templates[0].Steps[0][0].When = strings.Repeat("(", 100) + "{{workflow.name}} == x" + strings.Repeat(")", 100)
		}), "spec.templates[0].steps[0][0].when", "condition nests 100 levels deep, " + tooDeep},
		{"dag depends of 1,000,000 (", wf(dagWF, func(w *v1alpha1.Workflow) {
			w.Spec.Templates[0].DAG.Tasks[1].Depends = limitstest.Depends()
		}), "spec.templates[0].dag.tasks[1].depends", "is 1000000 characters long, " + tooLong},
		{"dag depends nesting 65", wf(dagWF, func(w *v1alpha1.Workflow) {
			w.Spec.Templates[0].DAG.Tasks[1].Depends = strings.Repeat("!(", 40) + "A" + strings.Repeat(")", 40)
		}), "spec.templates[0].dag.tasks[1].depends", "nests 80 levels deep, " + tooDeep},
		{"successCondition of 600,000 [", at(func(m *v1alpha1.AnalysisMetric) { m.SuccessCondition = limitstest.Condition("[") }),
			"spec.metrics[0].successCondition", "is 600000 characters long, " + tooLong},
		{"failureCondition of 600,000 (", at(func(m *v1alpha1.AnalysisMetric) { m.FailureCondition = limitstest.Condition("(") }),
			"spec.metrics[0].failureCondition", "is 600000 characters long, " + tooLong},
		{"sensor conditions of 3,000,000 (", sensor(func(s *v1alpha1.Sensor) {
			s.Spec.Triggers[0].Template.Conditions = limitstest.SensorConditions(3000000)
		}), "spec.triggers[0].template.conditions", "is 3000000 characters long, " + tooLong},
		{"sensor filter expr of 600,000 (", sensor(func(s *v1alpha1.Sensor) {
			s.Spec.Dependencies[0].Filters = &v1alpha1.SensorEventDependencyFilter{Exprs: []v1alpha1.SensorExprFilter{{
				Expr: limitstest.Condition("("), Fields: []v1alpha1.SensorPayloadField{{Path: "body.a", Name: "a"}},
			}}}
		}), "spec.dependencies[0].filters.exprs[0].expr", "is 600000 characters long, " + tooLong},
		{"sensor conditionsReset TZ= alone (a robfig/cron panic)", sensor(func(s *v1alpha1.Sensor) {
			s.Spec.Triggers[0].Template.ConditionsReset = []v1alpha1.SensorConditionsResetCriteria{{ByTime: &v1alpha1.SensorConditionsResetByTime{Cron: "TZ=UTC"}}}
		}), "spec.triggers[0].template.conditionsReset[0].byTime.cron", "invalid cron expression: time zone prefix \"TZ=UTC\" has no schedule after it"},
		{"event source filter of 600,000 [", func() runtime.Object {
			es := baseEventSource()
			wh := es.Spec.Webhook["example"]
			wh.Filter = &v1alpha1.EventSourceFilter{Expression: limitstest.Condition("[")}
			es.Spec.Webhook["example"] = wh
			return es
		}, "spec.webhook[example].filter.expression", "is 600000 characters long, " + tooLong},
		{"cron schedule TZ= alone (a robfig/cron panic)", cron(func(c *v1alpha1.CronWorkflow) { c.Spec.Schedules = []string{"TZ=UTC"} }),
			"spec.schedules[0]", `time zone prefix "TZ=UTC" has no schedule after it`},
		{"cron schedule of 2,000,000 characters", cron(func(c *v1alpha1.CronWorkflow) { c.Spec.Schedules = []string{strings.Repeat("1,", 1000000)} }),
			"spec.schedules[0]", "is 2000000 characters long, more than the 1024 allowed for a cron schedule"},
		{"cron stopStrategy of 600,000 (", cron(func(c *v1alpha1.CronWorkflow) {
			c.Spec.StopStrategy = &v1alpha1.StopStrategy{Expression: limitstest.Condition("(")}
		}), "spec.stopStrategy.expression", "expression is 600000 characters long, " + tooLong},
		{"cron when {{= with 600,000 [", cron(func(c *v1alpha1.CronWorkflow) { c.Spec.When = limitstest.ExprTag() }),
			"spec.when", "expression {{=...}} is 600000 characters long, " + tooLong},
		{"sync window TZ= alone (a robfig/cron panic)", func() runtime.Object {
			p := baseProject()
			p.Spec.SyncWindows[0].Schedule = "CRON_TZ=UTC"
			return p
		}, "spec.syncWindows[0].schedule", "has no schedule after it"},
	}
}

// TestLimitsGiveFieldErrors: each input that crashed (fatal stack overflow) or stalled
// validation is now a field error naming the field and the limit, within the budget.
func TestLimitsGiveFieldErrors(t *testing.T) {
	for _, c := range limitCases(t) {
		t.Run(c.name, func(t *testing.T) {
			obj := c.obj()
			var r Result
			cost := limitstest.Within(t, c.name, func() { r = Object(context.Background(), obj, Options{}) })
			var found string
			for _, e := range r.Errors {
				if e.Field == c.field && (found == "" || strings.Contains(e.Error(), c.want)) {
					found = e.Error()
				}
			}
			if !strings.Contains(found, c.want) {
				t.Fatalf("errors = %.2000v\nwant one at %s containing %q", r.Errors.ToAggregate(), c.field, c.want)
			}
			if len(found) > 400 {
				t.Errorf("the error repeats the refused value: %d characters", len(found))
			}
			t.Logf("%v: %s", cost, found)
		})
	}
}

// TestOwnParsersCountDepth: the depends and Sensor conditions parsers refuse deep nesting
// themselves, even when a caller skipped api/limits.
func TestOwnParsersCountDepth(t *testing.T) {
	deep := strings.Repeat("(", 200) + "a" + strings.Repeat(")", 200)
	p := dependsParser{s: deep}
	if err := p.or(); err == nil || !strings.Contains(err.Error(), "nests 65 levels deep, "+tooDeep) {
		t.Errorf("depends parser: %v", err)
	}
	c := &evCondParser{src: strings.Repeat("!", 200) + "a", deps: oNames{"a": true}}
	if err := c.or(); err == nil || !strings.Contains(err.Error(), "nests 65 levels deep, "+tooDeep) {
		t.Errorf("conditions parser: %v", err)
	}
	at64 := strings.Repeat("(", 64) + "a" + strings.Repeat(")", 64)
	if _, err := parseDepends(at64); err != nil {
		t.Errorf("64 levels of depends refused: %v", err)
	}
	if err := evConditions(at64, oNames{"a": true}); err != nil {
		t.Errorf("64 levels of conditions refused: %v", err)
	}
}
