package workflow

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/selection"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/source"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/controller/manager"
)

// NewSetup registers the Workflow reconciler with the options, read when the manager
// registers it: controller/main.go binds them to its flags before parsing them.
func NewSetup(o *Options) manager.Setup {
	return manager.Setup{Name: "workflow", Register: func(mgr ctrl.Manager, opts manager.Options) error {
		r, err := o.reconciler()
		if err != nil {
			return err
		}
		return r.SetupWithManager(mgr, opts)
	}}
}

// SetupWithManager wires the reconciler: Workflows from the manager's cache, pods from a
// cache of their own that holds only pods labelled workflows.argoproj.io/workflow (with
// managedFields stripped), so the controller never caches the cluster's other pods.
func (r *Reconciler) SetupWithManager(mgr ctrl.Manager, opts manager.Options) error {
	sel, err := labels.NewRequirement(LabelWorkflow, selection.Exists, nil)
	if err != nil {
		return err
	}
	copts := cache.Options{
		Scheme:           mgr.GetScheme(),
		Mapper:           mgr.GetRESTMapper(),
		DefaultTransform: cache.TransformStripManagedFields(),
		ByObject:         map[client.Object]cache.ByObject{&corev1.Pod{}: {Label: labels.NewSelector().Add(*sel), Transform: trimPod}},
	}
	if len(opts.WatchNamespaces) > 0 {
		copts.DefaultNamespaces = map[string]cache.Config{}
		for _, ns := range opts.WatchNamespaces {
			copts.DefaultNamespaces[ns] = cache.Config{}
		}
	}
	podCache, err := cache.New(mgr.GetConfig(), copts)
	if err != nil {
		return err
	}
	if err := mgr.Add(podCache); err != nil {
		return err
	}
	if r.Client == nil {
		r.Client = mgr.GetClient()
	}
	r.Pods = podCache
	r.PodLogs = podLogsFor(r.PodLogs, mgr.GetConfig())
	if r.APIReader == nil {
		r.APIReader = mgr.GetAPIReader()
	}
	if r.Recorder == nil {
		r.Recorder = mgr.GetEventRecorder("skiff-workflow-controller")
	}
	// No ConfigMap is cached (configmaps.go): a semaphore's limit changes reach its waiters
	// through this poll of the waited ConfigMaps' metadata.
	if err := mgr.Add(r.semaphorePoller(mgr.GetAPIReader(), SemaphorePollInterval)); err != nil {
		return err
	}
	workers := opts.MaxConcurrentReconciles
	if r.Workers > 0 {
		workers = r.Workers
	}
	return ctrl.NewControllerManagedBy(mgr).
		Named("workflow").
		For(&v1alpha1.Workflow{}).
		WatchesRawSource(source.Kind(podCache, &corev1.Pod{},
			handler.TypedEnqueueRequestForOwner[*corev1.Pod](mgr.GetScheme(), mgr.GetRESTMapper(), &v1alpha1.Workflow{}, handler.OnlyControllerOwner()))).
		// sync_watch.go: the waiters of a freed lock, and of a changed semaphore limit.
		WatchesRawSource(r.wakeSource()).
		WithOptions(controller.Options{MaxConcurrentReconciles: workers}).
		Complete(r)
}
