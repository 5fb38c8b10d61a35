//go:build integration

package integration

import (
	"context"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/webhook/mutate"
)

func podSpec() corev1.PodSpec {
	return corev1.PodSpec{RestartPolicy: corev1.RestartPolicyNever, Containers: []corev1.Container{{Name: "c", Image: "busybox"}}}
}

// TestWebhookHelmHooks: Helm hook annotations on Jobs, Pods and Workflows become Argo CD's,
// with the default delete policy written, and a value the user set is kept.
func TestWebhookHelmHooks(t *testing.T) {
	ctx := context.Background()
	ensureNamespace(t, webhookNS, nil)

	job := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "migrate", Namespace: webhookNS, Annotations: map[string]string{
		"helm.sh/hook": "pre-install,pre-upgrade", "helm.sh/hook-weight": "-5"}},
		Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: podSpec()}}}
	if err := ucl.Create(ctx, job, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	wantAnnotations(t, "Job", job.Annotations, map[string]string{
		mutate.ArgoHook: "PreSync", mutate.ArgoSyncWave: "-5", mutate.ArgoHookDeletePolicy: "BeforeHookCreation"})

	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "smoke", Namespace: webhookNS, Annotations: map[string]string{
		"helm.sh/hook": "post-install", "helm.sh/hook-delete-policy": "hook-succeeded",
		mutate.ArgoSyncWave: "7"}}, Spec: podSpec()}
	if err := ucl.Create(ctx, pod, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	wantAnnotations(t, "Pod", pod.Annotations, map[string]string{
		mutate.ArgoHook: "PostSync", mutate.ArgoSyncWave: "7", mutate.ArgoHookDeletePolicy: "HookSucceeded"})

	testPod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "helm-test", Namespace: webhookNS, Annotations: map[string]string{
		"helm.sh/hook": "test"}}, Spec: podSpec()}
	if err := ucl.Create(ctx, testPod, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	wantAnnotations(t, "test Pod", testPod.Annotations, map[string]string{mutate.ArgoHook: "Skip"})

	userSet := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "kept", Namespace: webhookNS, Annotations: map[string]string{
		"helm.sh/hook": "post-upgrade", mutate.ArgoHook: "Sync", mutate.ArgoHookDeletePolicy: "HookFailed"}},
		Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: podSpec()}}}
	if err := ucl.Create(ctx, userSet, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	wantAnnotations(t, "user-set Job", userSet.Annotations, map[string]string{mutate.ArgoHook: "Sync", mutate.ArgoHookDeletePolicy: "HookFailed"})

	plain := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "plain", Namespace: webhookNS}, Spec: podSpec()}
	if err := ucl.Create(ctx, plain, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	if len(plain.Annotations) != 0 {
		t.Errorf("a Pod without Helm hooks was mutated: %v", plain.Annotations)
	}

	wf := workflow("hooked-")
	wf.Annotations = map[string]string{"helm.sh/hook": "post-install", "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded"}
	if err := ucl.Create(ctx, wf, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	wantAnnotations(t, "Workflow", wf.Annotations, map[string]string{
		mutate.ArgoHook: "PostSync", mutate.ArgoHookDeletePolicy: "BeforeHookCreation,HookSucceeded"})
}

func wantAnnotations(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: annotation %s = %q, want %q (all: %v)", what, k, got[k], v, got)
		}
	}
}

func workflow(generateName string) *v1alpha1.Workflow {
	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{GenerateName: generateName, Namespace: webhookNS}}
	wf.Spec.Entrypoint = "echo"
	wf.Spec.Templates = []v1alpha1.Template{{Name: "echo"}}
	wf.Spec.Templates[0].Container = &v1alpha1.ContainerTemplate{ContainerSpec: v1alpha1.ContainerSpec{Image: "busybox", Command: []string{"echo"}}}
	return wf
}

// TestWebhookCreatorLabels: the Workflow family gets creator labels from the request's user,
// replacing forged ones, on create only.
func TestWebhookCreatorLabels(t *testing.T) {
	ctx := context.Background()
	ensureNamespace(t, webhookNS, nil)
	want := map[string]string{
		mutate.LabelCreator: "alice-example.com", mutate.LabelCreatorEmail: "alice.at.example.com",
		mutate.LabelCreatorPreferredUsername: "alice-example.com"}

	wf := workflow("creator-")
	wf.Labels = map[string]string{mutate.LabelCreator: "mallory", "keep": "me"}
	if err := ucl.Create(ctx, wf); err != nil {
		t.Fatal(err)
	}
	want["keep"] = "me"
	wantAnnotations(t, "Workflow labels", wf.Labels, want)
	delete(want, "keep")

	cron := &v1alpha1.CronWorkflow{ObjectMeta: metav1.ObjectMeta{Name: "creator-cron", Namespace: webhookNS}}
	cron.Spec.Schedules = []string{"*/5 * * * *"}
	cron.Spec.WorkflowSpec = workflow("").Spec
	if err := ucl.Create(ctx, cron, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	wantAnnotations(t, "CronWorkflow labels", cron.Labels, want)

	wt := &v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "creator-wt", Namespace: webhookNS}}
	wt.Spec = workflow("").Spec
	if err := ucl.Create(ctx, wt, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	wantAnnotations(t, "WorkflowTemplate labels", wt.Labels, want)

	// Updates never touch the labels.
	wf.Labels["touched"] = "yes"
	wf.Labels[mutate.LabelCreator] = "still-alice-example.com"
	if err := ucl.Update(ctx, wf); err != nil {
		t.Fatal(err)
	}
	if wf.Labels[mutate.LabelCreator] != "still-alice-example.com" {
		t.Errorf("an update rewrote the creator label: %v", wf.Labels)
	}
}

// TestWebhookDeploymentAdoption: annotated Deployments, and every Deployment of a namespace
// labelled rollouts.skiff.dev/adopt=true, are admitted at zero replicas with their replicas
// recorded; later replica changes move into the annotation.
func TestWebhookDeploymentAdoption(t *testing.T) {
	ctx := context.Background()
	ensureNamespace(t, webhookNS, nil)
	ensureNamespace(t, "webhook-adopting", map[string]string{mutate.LabelAdopt: "true"})
	deploy := func(ns, name string, replicas int32, ann map[string]string) *appsv1.Deployment {
		return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Annotations: ann},
			Spec: appsv1.DeploymentSpec{Replicas: &replicas,
				Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": name}},
				Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": name}},
					Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "nginx"}}}}}}
	}
	d := deploy(webhookNS, "adopted", 3, map[string]string{mutate.AnnotationStrategy: "canary"})
	if err := ucl.Create(ctx, d); err != nil {
		t.Fatal(err)
	}
	if *d.Spec.Replicas != 0 || d.Annotations[mutate.AnnotationReplicas] != "3" {
		t.Fatalf("adopted on create: replicas %d, annotations %v", *d.Spec.Replicas, d.Annotations)
	}
	seven := int32(7)
	d.Spec.Replicas = &seven
	if err := ucl.Update(ctx, d); err != nil {
		t.Fatal(err)
	}
	if *d.Spec.Replicas != 0 || d.Annotations[mutate.AnnotationReplicas] != "7" {
		t.Fatalf("replica change of an adopted Deployment: replicas %d, annotations %v", *d.Spec.Replicas, d.Annotations)
	}

	plain := deploy(webhookNS, "plain", 2, nil)
	if err := ucl.Create(ctx, plain, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	if *plain.Spec.Replicas != 2 || plain.Annotations[mutate.AnnotationReplicas] != "" {
		t.Fatalf("a plain Deployment was adopted: %d %v", *plain.Spec.Replicas, plain.Annotations)
	}

	inNS := deploy("webhook-adopting", "by-namespace", 4, nil)
	if err := ucl.Create(ctx, inNS, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	if *inNS.Spec.Replicas != 0 || inNS.Annotations[mutate.AnnotationReplicas] != "4" || inNS.Annotations[mutate.AnnotationStrategy] != "canary" {
		t.Fatalf("adopted by namespace: replicas %d, annotations %v", *inNS.Spec.Replicas, inNS.Annotations)
	}
}
