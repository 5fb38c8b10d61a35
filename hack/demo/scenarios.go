package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

var scenarios = []scenario{
	{"workflows", "a DAG with a cycle is denied at kubectl apply, naming the field", func(ctx context.Context, c client.Client, ns string) (string, error) {
		return expectDenied(ctx, c, ns, `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: cyclic-}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: echo, depends: C}
      - {name: B, template: echo, depends: A}
      - {name: C, template: echo, depends: B}
  - name: echo
    container: {image: busybox, command: [echo, hi]}
`, "cycle")
	}},
	{"workflows", "a field Skiff does not implement is refused, not dropped", func(ctx context.Context, c client.Client, ns string) (string, error) {
		return expectDenied(ctx, c, ns, `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: gcs-}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [ls, /in]}
    inputs:
      artifacts:
      - {name: data, path: /in, gcs: {bucket: b, key: k}}
`, "not supported by Skiff")
	}},
	{"workflows", "a DAG fans out and in, passing parameters, with real pods", func(ctx context.Context, c client.Client, ns string) (string, error) {
		wf := &v1alpha1.Workflow{}
		if err := yaml.UnmarshalStrict([]byte(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: fan-out-in-}
spec:
  entrypoint: main
  arguments: {parameters: [{name: who, value: world}]}
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: say, arguments: {parameters: [{name: msg, value: "hello {{workflow.parameters.who}}"}]}}
      - {name: B, template: say, depends: A, arguments: {parameters: [{name: msg, value: "{{tasks.A.outputs.result}} from B"}]}}
      - {name: C, template: say, depends: A, arguments: {parameters: [{name: msg, value: "{{tasks.A.outputs.result}} from C"}]}}
      - {name: D, template: say, depends: B && C, arguments: {parameters: [{name: msg, value: "{{tasks.B.outputs.result}} + {{tasks.C.outputs.result}}"}]}}
  - name: say
    inputs: {parameters: [{name: msg}]}
    container: {image: `+busyboxImage+`, command: [echo, "{{inputs.parameters.msg}}"]}
`), wf); err != nil {
			return "", err
		}
		wf.Namespace = ns
		if err := c.Create(ctx, wf); err != nil {
			return "", fmt.Errorf("the Workflow was refused: %w", err)
		}
		defer func() { _ = c.Delete(context.WithoutCancel(ctx), wf) }()
		if err := waitFinished(ctx, c, wf, 2*time.Minute); err != nil {
			return "", err
		}
		if wf.Status.Phase != v1alpha1.WorkflowSucceeded {
			return "", fmt.Errorf("workflow %s ended %s: %s", wf.Name, wf.Status.Phase, wf.Status.Message)
		}
		var d string
		for _, n := range wf.Status.Nodes {
			if n.DisplayName == "D" && n.Outputs != nil && n.Outputs.Result != nil {
				d = *n.Outputs.Result
			}
		}
		if d != "hello world from B + hello world from C" {
			return "", fmt.Errorf("fan-in received %q", d)
		}
		return fmt.Sprintf("%s Succeeded (%s, creator %s); D received %q", wf.Name, wf.Status.Progress,
			wf.Labels["workflows.argoproj.io/creator"], d), nil
	}},
	{"gitops", "a Helm hook Job gets the Argo CD hook annotations", func(ctx context.Context, c client.Client, ns string) (string, error) {
		job := &batchv1.Job{}
		if err := yaml.UnmarshalStrict([]byte(`
apiVersion: batch/v1
kind: Job
metadata:
  generateName: migrate-
  annotations: {helm.sh/hook: pre-install, helm.sh/hook-weight: "-1"}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: migrate, image: busybox, command: [echo, migrating]}]
`), job); err != nil {
			return "", err
		}
		job.Namespace = ns
		if err := c.Create(ctx, job, client.DryRunAll); err != nil {
			return "", err
		}
		a := job.Annotations
		if a["argocd.argoproj.io/hook"] != "PreSync" || a["argocd.argoproj.io/sync-wave"] != "-1" {
			return "", fmt.Errorf("annotations not translated: %v", a)
		}
		return fmt.Sprintf("argocd.argoproj.io/hook=%s sync-wave=%s hook-delete-policy=%s", a["argocd.argoproj.io/hook"],
			a["argocd.argoproj.io/sync-wave"], a["argocd.argoproj.io/hook-delete-policy"]), nil
	}},
	{"rollouts", "a Rollout whose selector does not match its pods is denied", func(ctx context.Context, c client.Client, ns string) (string, error) {
		return expectDenied(ctx, c, ns, `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: web, image: busybox}]}
  strategy: {canary: {steps: [{setWeight: 20}, {pause: {duration: 10s}}]}}
`, "selector")
	}},
	{"events", "a Sensor with two dependencies of the same name is denied", func(ctx context.Context, c client.Client, ns string) (string, error) {
		return expectDenied(ctx, c, ns, `
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: webhook}
spec:
  dependencies:
  - {name: payload, eventSourceName: webhook, eventName: example}
  - {name: payload, eventSourceName: webhook, eventName: other}
  triggers:
  - template:
      name: log
      log: {}
`, "Duplicate value")
	}},
}

// busyboxImage is the busybox image the local cluster imports (no registry involved).
const busyboxImage = "skiff.local/busybox:1.35.0"

// waitFinished polls the Workflow until it has finished or the timeout passes.
func waitFinished(ctx context.Context, c client.Client, wf *v1alpha1.Workflow, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		if err := c.Get(ctx, client.ObjectKeyFromObject(wf), wf); err != nil {
			return err
		}
		if !wf.Status.FinishedAt.IsZero() {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("workflow %s still %s after %s (progress %s)", wf.Name, wf.Status.Phase, timeout, wf.Status.Progress)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// expectDenied creates the object (a server dry run) and succeeds only when admission denies
// it with a message containing want.
func expectDenied(ctx context.Context, c client.Client, ns, manifest, want string) (string, error) {
	obj, err := decode(manifest)
	if err != nil {
		return "", err
	}
	obj.SetNamespace(ns)
	err = c.Create(ctx, obj, client.DryRunAll)
	if err == nil {
		return "", fmt.Errorf("admitted, but it should have been denied")
	}
	if !strings.Contains(err.Error(), want) {
		return "", fmt.Errorf("denied, but not for %q: %v", want, err)
	}
	return "denied: " + err.Error(), nil
}

// decode reads a manifest into its typed object (Skiff kinds and core kinds).
func decode(manifest string) (client.Object, error) {
	var tm struct{ Kind string }
	if err := yaml.Unmarshal([]byte(manifest), &tm); err != nil {
		return nil, err
	}
	var obj client.Object
	switch tm.Kind {
	case "Workflow":
		obj = &v1alpha1.Workflow{}
	case "Rollout":
		obj = &v1alpha1.Rollout{}
	case "Sensor":
		obj = &v1alpha1.Sensor{}
	case "Pod":
		obj = &corev1.Pod{}
	default:
		return nil, fmt.Errorf("the demo has no type for kind %q", tm.Kind)
	}
	return obj, yaml.UnmarshalStrict([]byte(manifest), obj)
}
