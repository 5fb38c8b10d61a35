package cronworkflow

import (
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/controller"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/controller/manager"
)

// NewSetup registers the CronWorkflow reconciler (controller/main.go's setups table).
func NewSetup() manager.Setup {
	return manager.Setup{Name: "cronworkflow", Register: func(mgr ctrl.Manager, opts manager.Options) error {
		return (&Reconciler{}).SetupWithManager(mgr, opts)
	}}
}

// SetupWithManager wires the reconciler: CronWorkflows and the Workflows they control, both
// from the manager's cache (which the workflow controller already fills with Workflows).
func (r *Reconciler) SetupWithManager(mgr ctrl.Manager, opts manager.Options) error {
	if r.Client == nil {
		r.Client = mgr.GetClient()
	}
	if r.APIReader == nil {
		r.APIReader = mgr.GetAPIReader()
	}
	if r.Recorder == nil {
		r.Recorder = mgr.GetEventRecorder("skiff-cronworkflow-controller")
	}
	return ctrl.NewControllerManagedBy(mgr).
		Named("cronworkflow").
		For(&v1alpha1.CronWorkflow{}).
		Owns(&v1alpha1.Workflow{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: opts.MaxConcurrentReconciles}).
		Complete(r)
}
