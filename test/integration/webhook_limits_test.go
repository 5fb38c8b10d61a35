//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/limits/limitstest"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// maxBody is kube-apiserver's limit on a request body (3 MiB): each request stays under it.
const maxBody = 3 << 20

// TestWebhookRefusesCrashInputs sends each input that killed the webhook before api/limits
// (a fatal stack overflow in expr-lang's parser or in the Sensor conditions parser, which
// recover() cannot catch) as a real request through kube-apiserver, and expects a denial
// naming the field and the limit, quickly; the webhook then still answers.
func TestWebhookRefusesCrashInputs(t *testing.T) {
	ctx := context.Background()
	ensureNamespace(t, webhookNS, nil)
	meta := func(name string) metav1.ObjectMeta { return metav1.ObjectMeta{Name: name, Namespace: webhookNS} }
	echo := v1alpha1.Template{Name: "main"}
	if err := json.Unmarshal([]byte(`{"name":"main","container":{"image":"busybox","command":["echo"]}}`), &echo); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		obj   client.Object
		field string
		want  string
	}{
		{"workflow {{= with 600,000 [", func() client.Object {
			tmpl := *echo.DeepCopy()
			tmpl.Container.Args = []string{limitstest.ExprTag()}
			return &v1alpha1.Workflow{ObjectMeta: meta("limits-expr"), Spec: v1alpha1.WorkflowSpec{Entrypoint: "main", Templates: []v1alpha1.Template{tmpl}}}
		}(), "spec.templates[0].container.args[0]", "expression {{=...}} is 600000 characters long, more than the 10240 allowed for an expression"},
		{"analysis successCondition of 600,000 [", &v1alpha1.AnalysisTemplate{ObjectMeta: meta("limits-analysis"), Spec: v1alpha1.AnalysisTemplateSpec{
			Metrics: []v1alpha1.AnalysisMetric{{Name: "m", SuccessCondition: limitstest.Condition("["),
				Provider: v1alpha1.AnalysisMetricProvider{Prometheus: &v1alpha1.AnalysisPrometheusMetric{Address: "http://p", Query: "up"}}}},
		}}, "spec.metrics[0].successCondition", "is 600000 characters long, more than the 10240 allowed for an expression"},
		{"sensor conditions of 3,000,000 (", &v1alpha1.Sensor{ObjectMeta: meta("limits-sensor"), Spec: v1alpha1.SensorSpec{
			Dependencies: []v1alpha1.SensorEventDependency{{Name: "d", EventSourceName: "es", EventName: "e"}},
			Triggers: []v1alpha1.SensorTrigger{{SensorTriggerFields: v1alpha1.SensorTriggerFields{Template: &v1alpha1.SensorTriggerTemplate{
				Name: "t", Conditions: limitstest.SensorConditions(3000000), Log: &v1alpha1.SensorLogTrigger{}}}}},
		}}, "spec.triggers[0].template.conditions", "is 3000000 characters long, more than the 10240 allowed for an expression"},
		{"dag depends of 1,000,000 (", func() client.Object {
			main := v1alpha1.Template{Name: "dag"}
			if err := json.Unmarshal([]byte(`{"name":"dag","dag":{"tasks":[{"name":"A","template":"main"},{"name":"B","template":"main"}]}}`), &main); err != nil {
				t.Fatal(err)
			}
			main.DAG.Tasks[1].Depends = limitstest.Depends()
			return &v1alpha1.Workflow{ObjectMeta: meta("limits-depends"), Spec: v1alpha1.WorkflowSpec{Entrypoint: "dag", Templates: []v1alpha1.Template{main, echo}}}
		}(), "spec.templates[0].dag.tasks[1].depends", "is 1000000 characters long, more than the 10240 allowed for an expression"},
	} {
		t.Run(c.name, func(t *testing.T) {
			body, err := json.Marshal(c.obj)
			if err != nil {
				t.Fatal(err)
			}
			if len(body) >= maxBody {
				t.Fatalf("request body %d bytes, over kube-apiserver's %d", len(body), maxBody)
			}
			start := time.Now()
			err = ucl.Create(ctx, c.obj, client.DryRunAll)
			took := time.Since(start)
			if err == nil {
				t.Fatalf("admitted")
			}
			msg := err.Error()
			if !strings.Contains(msg, deniedBy) || !strings.Contains(msg, c.field) || !strings.Contains(msg, c.want) {
				t.Fatalf("denial %.1000s\nwant %s%s: ... %s", msg, deniedBy, c.field, c.want)
			}
			if !apierrors.IsInvalid(err) {
				t.Errorf("denial reason %v, want Invalid", apierrors.ReasonForError(err))
			}
			// Through the API server (decode, schema, admission over TLS) on a shared 2-core machine.
			if took > 10*time.Second {
				t.Errorf("the request took %v", took)
			}
			t.Logf("%d-byte request denied in %v: %s", len(body), took.Round(time.Millisecond), msg)
		})
	}
	// The webhook survived: a valid object is still admitted.
	ok := &v1alpha1.Workflow{ObjectMeta: meta("limits-ok"), Spec: v1alpha1.WorkflowSpec{Entrypoint: "main", Templates: []v1alpha1.Template{echo}}}
	if err := ucl.Create(ctx, ok, client.DryRunAll); err != nil {
		t.Fatalf("a valid Workflow after the crash inputs: %v", err)
	}
}
