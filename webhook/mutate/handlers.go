package mutate

import (
	"context"
	"errors"

	admissionv1 "k8s.io/api/admission/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/webhook/admit"
)

// HookDefaulter translates Helm hook annotations on any object.
type HookDefaulter[T client.Object] struct{}

// Default implements admission.Defaulter.
func (HookDefaulter[T]) Default(_ context.Context, obj T) error {
	translateHooks(obj)
	return nil
}

func translateHooks(obj metav1.Object) {
	ann := obj.GetAnnotations()
	if TranslateHelmHooks(ann) {
		obj.SetAnnotations(ann)
	}
}

// WorkflowDefaulter translates Helm hooks (Workflows) and sets creator labels on create
// (the whole Workflow family).
type WorkflowDefaulter[T client.Object] struct {
	// Hooks enables the Helm hook translation for this kind.
	Hooks bool
	// CronChildren, for Workflows, keeps the labels of the controller's CronWorkflow runs.
	CronChildren *CronChildren
}

// Default implements admission.Defaulter.
func (d WorkflowDefaulter[T]) Default(ctx context.Context, obj T) error {
	if d.Hooks {
		translateHooks(obj)
	}
	req, err := admission.RequestFromContext(ctx)
	if err != nil || req.Operation != admissionv1.Create {
		return nil
	}
	genuine, err := d.CronChildren.Genuine(ctx, req.UserInfo, obj)
	if err != nil {
		return err
	}
	if genuine {
		return nil
	}
	labels := obj.GetLabels()
	if labels == nil {
		labels = map[string]string{}
	}
	for k, v := range CreatorLabels(req.UserInfo) {
		if v == "" {
			delete(labels, k)
		} else {
			labels[k] = v
		}
	}
	obj.SetLabels(labels)
	return nil
}

// DeploymentDefaulter applies the adoption contract.
type DeploymentDefaulter struct {
	// NamespaceAdopts is set on the handler the namespace-selected webhook calls.
	NamespaceAdopts bool
	// Enabled is --deployment-adoption. Off, a Deployment is admitted as written even when a
	// stale configuration still sends it here: nothing runs adopted Deployments yet, and one
	// scaled to zero would stay down.
	Enabled bool
}

// Default implements admission.Defaulter.
func (d DeploymentDefaulter) Default(_ context.Context, dep *appsv1.Deployment) error {
	if d.Enabled {
		Adopt(dep, d.NamespaceAdopts)
	}
	return nil
}

// Options configure the mutating webhooks.
type Options struct {
	// CronChildren recognises the controller's CronWorkflow runs (see CronChildren).
	CronChildren *CronChildren
	// DeploymentAdoption turns the Deployment adoption on (--deployment-adoption).
	DeploymentAdoption bool
}

// Register serves the mutating webhooks on a webhook server.
func Register(srv webhook.Server, s *runtime.Scheme, o Options) error {
	skiff := admit.NewDispatcher()
	hooks := admit.NewDispatcher()
	err := errors.Join(
		admit.AddDefaulter[*v1alpha1.Workflow](skiff, s, WorkflowDefaulter[*v1alpha1.Workflow]{Hooks: true, CronChildren: o.CronChildren}),
		admit.AddDefaulter[*v1alpha1.CronWorkflow](skiff, s, WorkflowDefaulter[*v1alpha1.CronWorkflow]{}),
		admit.AddDefaulter[*v1alpha1.WorkflowTemplate](skiff, s, WorkflowDefaulter[*v1alpha1.WorkflowTemplate]{}),
		admit.AddDefaulter[*v1alpha1.ClusterWorkflowTemplate](skiff, s, WorkflowDefaulter[*v1alpha1.ClusterWorkflowTemplate]{}),
		admit.AddDefaulter[*batchv1.Job](hooks, s, HookDefaulter[*batchv1.Job]{}),
		admit.AddDefaulter[*corev1.Pod](hooks, s, HookDefaulter[*corev1.Pod]{}),
	)
	if err != nil {
		return err
	}
	srv.Register(SkiffPath, skiff.Webhook())
	srv.Register(HelmHooksPath, hooks.Webhook())
	srv.Register(DeploymentPath, admission.WithDefaulter[*appsv1.Deployment](s, DeploymentDefaulter{Enabled: o.DeploymentAdoption}))
	srv.Register(DeploymentNamespacePath, admission.WithDefaulter[*appsv1.Deployment](s, DeploymentDefaulter{NamespaceAdopts: true, Enabled: o.DeploymentAdoption}))
	return nil
}
