//go:build integration

package integration

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/webhook/admit"
)

const webhookNS = "webhook-tests"

// deniedBy is how kubectl shows the validating webhook's denials.
const deniedBy = `admission webhook "validate.skiff.dev" denied the request: `

func ensureNamespace(t testing.TB, name string, labels map[string]string) {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
	if err := cl.Create(context.Background(), ns); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
}

func fromYAML(t testing.TB, doc string) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{}
	if err := sigsyaml.Unmarshal([]byte(doc), &u.Object); err != nil {
		t.Fatalf("test YAML: %v", err)
	}
	return u
}

// defaultProject is Argo CD's built-in project, which permits everything.
const defaultProject = `
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: default}
spec:
  sourceRepos: ['*']
  destinations: [{server: '*', namespace: '*'}]
  clusterResourceWhitelist: [{group: '*', kind: '*'}]
`

// A validation family: a document denied with an expected message, and its valid twin.
type family struct {
	name, kind    string
	denied, valid string
	want          string // substring of the denial, after deniedBy
	wantWarning   string // substring of a warning of the valid twin, if any
}

const echo = `
  - name: echo
    container: {image: busybox, command: [echo, hi]}`

var families = []family{
	{name: "dag cycle", kind: "Workflow",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: dag-}
spec:
  entrypoint: main
  templates:` + echo + `
  - name: main
    dag:
      tasks:
      - {name: A, template: echo, depends: B}
      - {name: B, template: echo, depends: A}
      - {name: C, template: echo, depends: "B && C"}`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: dag-}
spec:
  entrypoint: main
  templates:` + echo + `
  - name: main
    dag:
      tasks:
      - {name: A, template: echo}
      - {name: B, template: echo, depends: A}
      - {name: C, template: echo, depends: "A && B"}`,
		want: `spec.templates[1].dag.tasks[1].depends: Invalid value: "A": cycle A → B → A`},
	{name: "unsupported feature", kind: "Workflow",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: cs-}
spec:
  entrypoint: main
  templates:
  - name: main
    containerSet:
      containers: [{name: a, image: busybox, command: [echo]}]`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: cs-}
spec:
  entrypoint: echo
  templates:` + echo,
		want: `spec.templates[0].containerSet: Forbidden: not supported by Skiff: spec.templates[0].containerSet`},
	{name: "duplicate template names", kind: "WorkflowTemplate",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: dup}
spec:
  entrypoint: echo
  templates:` + echo + echo,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: dup}
spec:
  entrypoint: echo
  templates:` + echo,
		want: `spec.templates[1].name: Duplicate value: "echo"`},
	{name: "missing entrypoint", kind: "ClusterWorkflowTemplate",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata: {name: cwt}
spec:
  entrypoint: nope
  templates:` + echo,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata: {name: cwt}
spec:
  entrypoint: echo
  templates:` + echo,
		want: `spec.entrypoint`},
	{name: "cron schedule", kind: "CronWorkflow",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: cron}
spec:
  schedules: ["61 * * * *"]
  workflowSpec:
    entrypoint: echo
    templates:` + strings.ReplaceAll(echo, "\n  ", "\n    "),
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: cron}
spec:
  schedules: ["*/5 * * * *"]
  workflowSpec:
    entrypoint: echo
    templates:` + strings.ReplaceAll(echo, "\n  ", "\n    "),
		want: `spec.schedules[0]: Invalid value: "61 * * * *"`},
	{name: "canary surge", kind: "Rollout",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: ro}
spec:
  replicas: 2
  selector: {matchLabels: {app: ro}}
  template:
    metadata: {labels: {app: ro}}
    spec: {containers: [{name: app, image: nginx}]}
  strategy:
    canary:
      maxSurge: 0
      maxUnavailable: 0
      steps: [{setWeight: 20}]`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: ro}
spec:
  replicas: 2
  selector: {matchLabels: {app: ro}}
  template:
    metadata: {labels: {app: ro}}
    spec: {containers: [{name: app, image: nginx}]}
  strategy:
    canary:
      stableService: ro-stable
      steps: [{setWeight: 50}, {pause: {}}]`,
		want:        `MaxSurge and MaxUnavailable both can not be zero`,
		wantWarning: `Service "ro-stable" not found`},
	{name: "analysis metrics", kind: "AnalysisTemplate",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: at}
spec:
  metrics: []`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: at}
spec:
  metrics:
  - name: ok
    successCondition: result == 1
    provider: {prometheus: {address: "http://prometheus:9090", query: "vector(1)"}}`,
		want: `spec.metrics: Required value: at least one metric or template reference is required`},
	{name: "cluster analysis metrics", kind: "ClusterAnalysisTemplate",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: ClusterAnalysisTemplate
metadata: {name: cat}
spec:
  metrics: []`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: ClusterAnalysisTemplate
metadata: {name: cat}
spec:
  metrics:
  - name: ok
    successCondition: result == 1
    provider: {prometheus: {address: "http://prometheus:9090", query: "vector(1)"}}`,
		want: `spec.metrics: Required value: at least one metric or template reference is required`},
	{name: "analysis run metrics", kind: "AnalysisRun",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: ar}
spec:
  metrics: []`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: ar}
spec:
  metrics:
  - name: ok
    successCondition: result == 1
    provider: {prometheus: {address: "http://prometheus:9090", query: "vector(1)"}}`,
		want: `spec.metrics: Required value`},
	{name: "experiment templates", kind: "Experiment",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata: {name: ex}
spec:
  templates:
  - {name: a, selector: {matchLabels: {app: a}}, template: {metadata: {labels: {app: a}}, spec: {containers: [{name: a, image: nginx}]}}}
  - {name: a, selector: {matchLabels: {app: a}}, template: {metadata: {labels: {app: a}}, spec: {containers: [{name: a, image: nginx}]}}}`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata: {name: ex}
spec:
  templates:
  - {name: a, selector: {matchLabels: {app: a}}, template: {metadata: {labels: {app: a}}, spec: {containers: [{name: a, image: nginx}]}}}`,
		want: `spec.templates[1].name`},
	{name: "application project", kind: "Application",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: app}
spec:
  project: nope
  source: {repoURL: "https://github.com/argoproj/argocd-example-apps.git", path: guestbook, targetRevision: HEAD}
  destination: {server: "https://kubernetes.default.svc", namespace: guestbook}`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: app}
spec:
  project: default
  source: {repoURL: "https://github.com/argoproj/argocd-example-apps.git", path: guestbook, targetRevision: HEAD}
  destination: {server: "https://kubernetes.default.svc", namespace: guestbook}`,
		want: `spec.project: Not found: "nope"`},
	{name: "project sync window", kind: "AppProject",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: proj}
spec:
  sourceRepos: ['*']
  syncWindows: [{kind: allow, schedule: "not a schedule", duration: 1h, applications: ['*']}]`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: proj}
spec:
  sourceRepos: ['*']
  syncWindows: [{kind: allow, schedule: "10 1 * * *", duration: 1h, applications: ['*']}]`,
		want: `spec.syncWindows[0].schedule: Invalid value: "not a schedule": cannot parse schedule`},
	{name: "event source", kind: "EventSource",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata: {name: es}
spec: {}`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata: {name: es}
spec:
  calendar:
    every: {interval: 10s}`,
		want: `spec`},
	{name: "sensor dependencies", kind: "Sensor",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: sn}
spec:
  triggers: [{template: {name: t, log: {}}}]`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: sn}
spec:
  dependencies: [{name: d, eventSourceName: es, eventName: every}]
  triggers: [{template: {name: t, log: {}}}]`,
		want: `spec.dependencies: Required value: no event dependencies found`},
	{name: "event bus", kind: "EventBus",
		denied: `
apiVersion: argoproj.io/v1alpha1
kind: EventBus
metadata: {name: default}
spec:
  jetstream: {replicas: 2, version: latest}`,
		valid: `
apiVersion: argoproj.io/v1alpha1
kind: EventBus
metadata: {name: default}
spec:
  jetstream: {replicas: 3, version: latest}`,
		want: `spec.jetstream.replicas: Invalid value: 2: invalid spec: a jetstream eventbus requires 1 replica or >= 3 replicas`},
}

// TestWebhookValidationFamilies: through the real API server, each family's invalid document
// is denied with its message (as kubectl shows it) and its valid twin is admitted; the
// denial counter counts by kind.
func TestWebhookValidationFamilies(t *testing.T) {
	ctx := context.Background()
	ensureNamespace(t, webhookNS, nil)
	proj := fromYAML(t, defaultProject)
	proj.SetNamespace(webhookNS)
	if err := ucl.Create(ctx, proj); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, f := range families {
		kinds[f.kind] = true
		t.Run(f.kind+"/"+f.name, func(t *testing.T) {
			c, warns, err := userClientWithWarnings()
			if err != nil {
				t.Fatal(err)
			}
			bad := fromYAML(t, f.denied)
			bad.SetNamespace(webhookNS)
			denials := func() float64 { return admit.DenialCount(f.kind) }
			d0 := denials()
			err = c.Create(ctx, bad, client.DryRunAll)
			if err == nil {
				t.Fatalf("the invalid %s was admitted", f.kind)
			}
			msg := err.Error()
			if !strings.Contains(msg, deniedBy) || !strings.Contains(msg, f.want) {
				t.Fatalf("denial\n  %s\nwant it to contain\n  %s%s", msg, deniedBy, f.want)
			}
			if !apierrors.IsInvalid(err) {
				t.Errorf("denial reason = %v, want Invalid (422) so kubectl prints the field errors", apierrors.ReasonForError(err))
			}
			if d := denials() - d0; d != 1 {
				t.Errorf("skiff_webhook_denials_total{kind=%q} grew by %v, want 1", f.kind, d)
			}
			t.Logf("denied: %s", msg)

			good := fromYAML(t, f.valid)
			good.SetNamespace(webhookNS)
			if err := c.Create(ctx, good, client.DryRunAll); err != nil {
				t.Fatalf("the valid twin was denied: %v", err)
			}
			if f.wantWarning != "" {
				found := false
				for _, w := range warns.list() {
					found = found || strings.Contains(w, f.wantWarning)
				}
				if !found {
					t.Errorf("warnings %q, want one containing %q", warns.list(), f.wantWarning)
				}
			}
		})
	}
	if len(kinds) != 14 {
		t.Errorf("families cover %d kinds, want all 14", len(kinds))
	}
}

// TestWebhookUpdateKeepsAdmittedObjects: an update that leaves the spec alone (a label, as
// controllers and plugins add) is admitted without validation, so an admitted object never
// gets stuck; a spec change is validated.
func TestWebhookUpdateKeepsAdmittedObjects(t *testing.T) {
	ctx := context.Background()
	ensureNamespace(t, webhookNS, nil)
	wt := fromYAML(t, families[2].valid)
	wt.SetName("update-check")
	wt.SetNamespace(webhookNS)
	if err := ucl.Create(ctx, wt); err != nil {
		t.Fatal(err)
	}
	wt.SetLabels(map[string]string{"touched": "yes"})
	if err := ucl.Update(ctx, wt); err != nil {
		t.Fatalf("a label-only update was denied: %v", err)
	}
	bad := fromYAML(t, families[2].denied)
	wt.Object["spec"] = bad.Object["spec"]
	if err := ucl.Update(ctx, wt); err == nil || !strings.Contains(err.Error(), deniedBy) {
		t.Fatalf("a spec update to an invalid spec: err = %v, want a denial", err)
	}
}
