// Package mutate is the mutating half of Skiff's admission webhook. It changes objects in
// three ways, and never in any other:
//
// # Helm hooks become Argo CD hooks (Jobs, Pods, Workflows)
//
// An object carrying `helm.sh/hook` gets the Argo CD annotations Argo CD derives from it,
// each only when the Argo CD annotation is absent (a value the user set is never changed):
//
//	helm.sh/hook                   argocd.argoproj.io/hook
//	  pre-install, pre-upgrade       PreSync
//	  post-install, post-upgrade     PostSync
//	  crd-install (alone)            (none: an ordinary resource, as in Argo CD)
//	  any other type only            Skip (test, test-success, test-failure, pre/post-delete,
//	                                 pre/post-rollback: Argo CD does not apply such resources)
//	  several, comma-separated       the mapped types, de-duplicated ("PreSync,PostSync");
//	                                 unmapped types beside mapped ones are dropped
//	helm.sh/hook-weight            argocd.argoproj.io/sync-wave (copied when an integer)
//	helm.sh/hook-delete-policy     argocd.argoproj.io/hook-delete-policy
//	  before-hook-creation           BeforeHookCreation
//	  hook-succeeded                 HookSucceeded
//	  hook-failed                    HookFailed
//	  (absent or nothing mapped)     BeforeHookCreation, written explicitly (the default of
//	                                 both Helm and Argo CD), for every hook that is not Skip
//
// Served at /mutate-helm-hooks for core/v1 Pods and batch/v1 Jobs on create, with
// failurePolicy Ignore and a matchCondition so that the API server calls the webhook only
// for objects that carry `helm.sh/hook`; Workflows get the same translation through
// /mutate-skiff on create and update.
//
// # Creator labels (Workflow, CronWorkflow, WorkflowTemplate, ClusterWorkflowTemplate)
//
// On create, from the admission request's user info, sanitised to label-value syntax as
// upstream's argo-server does (characters outside [-_.a-zA-Z0-9] become '-', the value keeps
// its last 63 characters, leading and trailing non-alphanumerics are dropped):
//
//	workflows.argoproj.io/creator                    the username
//	workflows.argoproj.io/creator-email              the user's e-mail with '@' → ".at.": the
//	                                                 "email" extra, else the username when
//	                                                 it is an e-mail address
//	workflows.argoproj.io/creator-preferred-username the "preferred_username" extra (or an
//	                                                 extra whose key ends in
//	                                                 "/preferred_username"), else a service
//	                                                 account's name, else the username
//
// Values the request supplied are replaced, and a label with no value to give is removed,
// so the labels cannot be forged. One exception: a Workflow the controller creates for a
// CronWorkflow keeps the creator labels it carries (the controller copies them from the
// CronWorkflow). The webhook grants it only when the requester is the controller's own
// service account (--controller-service-account) and the CronWorkflow named by the
// Workflow's ownerReference exists with that UID (read live from the API server); any other
// service account or user, or a missing or replaced owner, gets the requester's labels.
// Updates never touch them. Served at /mutate-skiff (mutate.skiff.dev), failurePolicy Fail.
//
// # Deployment adoption (apps/v1 Deployments), off by default
//
// Nothing runs adopted Deployments until the Rollout controller does, so adoption is off
// unless --deployment-adoption is set (the chart's webhook.deploymentAdoption.enabled, which
// also installs the two Deployment webhooks; without it the chart leaves them out). With the
// flag off the handlers admit every Deployment unchanged, even under a stale configuration.
// With it on:
//
// A Deployment annotated `rollouts.skiff.dev/strategy: canary` or `blueGreen`, or any
// Deployment in a namespace labelled `rollouts.skiff.dev/adopt=true`, is admitted scaled to
// zero, its replicas kept for the Rollout controller:
//
//   - create (or the first update that makes it eligible): the annotation
//     `rollouts.skiff.dev/replicas` records spec.replicas (1 when unset, the Kubernetes
//     default) and spec.replicas becomes 0. In an adopting namespace a Deployment without a
//     strategy annotation gets `rollouts.skiff.dev/strategy: canary` written explicitly.
//   - later updates of an adopted Deployment (one carrying `rollouts.skiff.dev/replicas`)
//     that set spec.replicas to a non-zero value: the annotation takes the new value and
//     spec.replicas goes back to 0, so the annotation always holds the replicas the user last
//     asked for, and the Deployment itself never runs pods.
//   - any other strategy value is left alone; adoption is one-way (release a Deployment by
//     removing both annotations and setting its replicas).
//
// The Rollout controller owns a Rollout whose spec.workloadRef points at the Deployment and
// whose replicas come from `rollouts.skiff.dev/replicas`. Served at
// /mutate-apps-v1-deployment (annotation, matchCondition) and
// /mutate-apps-v1-deployment-namespace (namespaceSelector rollouts.skiff.dev/adopt=true), both
// failurePolicy Ignore: when the webhook is down a Deployment is created as written.
//
// Every mutating webhook skips the webhook's own namespace and kube-system.
package mutate

// +kubebuilder:webhook:path=/mutate-skiff,mutating=true,failurePolicy=fail,sideEffects=None,matchPolicy=Equivalent,groups=argoproj.io,resources=workflows;cronworkflows;workflowtemplates;clusterworkflowtemplates,verbs=create;update,versions=v1alpha1,name=mutate.skiff.dev,admissionReviewVersions=v1,timeoutSeconds=5,serviceName=skiff-webhook,serviceNamespace=skiff-system,patch=`{"namespaceSelector":{"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["skiff-system","kube-system"]}]}}`
// +kubebuilder:webhook:path=/mutate-helm-hooks,mutating=true,failurePolicy=ignore,sideEffects=None,matchPolicy=Equivalent,groups=core;batch,resources=pods;jobs,verbs=create,versions=v1,name=helm-hooks.mutate.skiff.dev,admissionReviewVersions=v1,timeoutSeconds=3,serviceName=skiff-webhook,serviceNamespace=skiff-system,patch=`{"namespaceSelector":{"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["skiff-system","kube-system"]}]},"matchConditions":[{"name":"helm-hook","expression":"has(object.metadata.annotations) && 'helm.sh/hook' in object.metadata.annotations"}]}`
// +kubebuilder:webhook:path=/mutate-apps-v1-deployment,mutating=true,failurePolicy=ignore,sideEffects=None,matchPolicy=Equivalent,groups=apps,resources=deployments,verbs=create;update,versions=v1,name=adopt.mutate.skiff.dev,admissionReviewVersions=v1,timeoutSeconds=3,serviceName=skiff-webhook,serviceNamespace=skiff-system,patch=`{"namespaceSelector":{"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["skiff-system","kube-system"]}]},"matchConditions":[{"name":"adoption-annotation","expression":"has(object.metadata.annotations) && 'rollouts.skiff.dev/strategy' in object.metadata.annotations"}]}`
// +kubebuilder:webhook:path=/mutate-apps-v1-deployment-namespace,mutating=true,failurePolicy=ignore,sideEffects=None,matchPolicy=Equivalent,groups=apps,resources=deployments,verbs=create;update,versions=v1,name=adopt-namespace.mutate.skiff.dev,admissionReviewVersions=v1,timeoutSeconds=3,serviceName=skiff-webhook,serviceNamespace=skiff-system,patch=`{"namespaceSelector":{"matchLabels":{"rollouts.skiff.dev/adopt":"true"},"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["skiff-system","kube-system"]}]}}`

// Paths of the mutating webhooks.
const (
	SkiffPath               = "/mutate-skiff"
	HelmHooksPath           = "/mutate-helm-hooks"
	DeploymentPath          = "/mutate-apps-v1-deployment"
	DeploymentNamespacePath = "/mutate-apps-v1-deployment-namespace"
)
