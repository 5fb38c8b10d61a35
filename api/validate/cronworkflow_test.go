package validate

import (
	"context"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func cronYAML(spec string) string {
	return "apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata: {name: c}\nspec:\n" + spec +
		"\n  workflowSpec:\n    entrypoint: main\n    templates:\n    - name: main\n      container: {image: a, command: [x]}\n"
}

func TestCronWorkflowRules(t *testing.T) {
	cases := []struct{ name, bad, good, want string }{
		{"schedule parses", `  schedules: ["61 * * * *"]`, `  schedules: ["*/5 * * * *", "@hourly", "@every 90s", "CRON_TZ=Europe/Paris 0 3 * * 1-5"]`, `spec.schedules[0]: Invalid value: "61 * * * *"`},
		{"needs a schedule", `  suspend: true`, `  schedules: ["@daily"]`, "spec.schedules: Required value"},
		{"timezone", "  schedules: ['@daily']\n  timezone: Mars/Olympus", "  schedules: ['@daily']\n  timezone: America/Los_Angeles", `spec.timezone: Invalid value: "Mars/Olympus"`},
		{"concurrency policy", "  schedules: ['@daily']\n  concurrencyPolicy: Sometimes", "  schedules: ['@daily']\n  concurrencyPolicy: Forbid", `spec.concurrencyPolicy: Unsupported value: "Sometimes"`},
		{"starting deadline", "  schedules: ['@daily']\n  startingDeadlineSeconds: -1", "  schedules: ['@daily']\n  startingDeadlineSeconds: 0", "spec.startingDeadlineSeconds: Invalid value: -1"},
		{"history limits", "  schedules: ['@daily']\n  failedJobsHistoryLimit: -2", "  schedules: ['@daily']\n  failedJobsHistoryLimit: 2\n  successfulJobsHistoryLimit: 0", "spec.failedJobsHistoryLimit: Invalid value: -2"},
		{"stop strategy", "  schedules: ['@daily']\n  stopStrategy: {expression: 'cronworkflow.failed >='}", "  schedules: ['@daily']\n  stopStrategy: {expression: 'cronworkflow.failed >= 3'}", "spec.stopStrategy.expression: Invalid value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if r := CronWorkflow(context.Background(), decodeCron(t, cronYAML(c.bad)), Options{}); !strings.Contains(r.Errors.ToAggregate().Error(), c.want) {
				t.Errorf("want %q, got %v", c.want, r.Errors)
			}
			if r := CronWorkflow(context.Background(), decodeCron(t, cronYAML(c.good)), Options{}); len(r.Errors) > 0 {
				t.Errorf("valid twin denied: %v", r.Errors)
			}
		})
	}
}

func TestCronWorkflowSpecPaths(t *testing.T) {
	c := decodeCron(t, cronYAML(`  schedules: ["@daily"]`))
	c.Spec.WorkflowSpec.Entrypoint = "gone"
	r := CronWorkflow(context.Background(), c, Options{})
	if !strings.Contains(r.Errors.ToAggregate().Error(), `spec.workflowSpec.entrypoint: Invalid value: "gone"`) {
		t.Fatalf("want the workflowSpec error under spec.workflowSpec, got %v", r.Errors)
	}
}

func decodeCron(t *testing.T, s string) *v1alpha1.CronWorkflow {
	t.Helper()
	var c v1alpha1.CronWorkflow
	if err := yaml.UnmarshalStrict([]byte(s), &c); err != nil {
		t.Fatalf("test YAML does not decode: %v\n%s", err, s)
	}
	return &c
}
