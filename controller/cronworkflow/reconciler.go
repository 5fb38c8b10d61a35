// Package cronworkflow is Skiff's CronWorkflow controller: it creates a Workflow from
// spec.workflowSpec whenever one of spec.schedules fires (in spec.timezone), honouring
// concurrencyPolicy, startingDeadlineSeconds, suspend, when and stopStrategy, keeps
// status.active and the succeeded/failed counters, and deletes finished Workflows beyond the
// history limits. It keeps no timers of its own: each reconcile asks to be requeued at the
// next scheduled time.
package cronworkflow

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/tools/events"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"
	ctrl "sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/skiff-dev/skiff/api/schedule"
	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
)

// +kubebuilder:rbac:groups=argoproj.io,resources=cronworkflows,verbs=get;list;watch;update;patch
// +kubebuilder:rbac:groups=argoproj.io,resources=cronworkflows/status,verbs=get;update;patch
// +kubebuilder:rbac:groups=argoproj.io,resources=workflows,verbs=get;list;watch;create;patch;delete
// +kubebuilder:rbac:groups="",resources=events,verbs=create;patch
// +kubebuilder:rbac:groups=events.k8s.io,resources=events,verbs=create;patch

// Labels and annotations, as upstream names them.
const (
	// LabelCronWorkflow on a Workflow names the CronWorkflow that created it.
	LabelCronWorkflow = v1alpha1.LabelCronWorkflow
	// AnnotationScheduledTime on a Workflow is the scheduled time it was created for (RFC 3339).
	AnnotationScheduledTime = v1alpha1.AnnotationScheduledTime
	// LabelCompleted on a CronWorkflow is "true" once its stopStrategy matched.
	LabelCompleted = "cronworkflows.argoproj.io/completed"
	// AnnotationLastUsedSchedule on a CronWorkflow holds the schedules (with CRON_TZ= when
	// spec.timezone is set, comma-separated) the controller last scheduled with.
	AnnotationLastUsedSchedule = "cronworkflows.argoproj.io/last-used-schedule"
)

// onTimeGrace is how late a run may start and still count as on time when
// startingDeadlineSeconds is unset (or shorter): the requeue that wakes the controller for a
// scheduled time can be delayed by a busy work queue, which must not lose the run. Later runs
// count as missed, as upstream treats them after a controller restart.
const onTimeGrace = 30 * time.Second

// Reconciler reconciles CronWorkflows.
type Reconciler struct {
	// Client reads CronWorkflows and Workflows (cached) and writes both.
	Client client.Client
	// APIReader reads past the cache, to confirm what the cache may not have seen yet.
	APIReader client.Reader
	// Recorder records Kubernetes Events.
	Recorder events.EventRecorder
	// Now is the clock (tests replace it).
	Now func() time.Time

	// written remembers the resourceVersion of the last status this reconciler wrote per
	// CronWorkflow, so that a reconcile reading an older copy from the cache waits instead of
	// deciding a scheduled time twice.
	written sync.Map
}

func (r *Reconciler) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// stale says whether cw is older than the status this reconciler last wrote (etcd's
// resourceVersions are increasing integers).
func (r *Reconciler) stale(cw *v1alpha1.CronWorkflow) bool {
	v, ok := r.written.Load(client.ObjectKeyFromObject(cw))
	if !ok {
		return false
	}
	last, err1 := strconv.ParseUint(v.(string), 10, 64)
	cur, err2 := strconv.ParseUint(cw.ResourceVersion, 10, 64)
	return err1 == nil && err2 == nil && cur < last
}

// Reconcile: get → one deferred status (and label) patch → deletion → validation → children
// (active, counters, history) → stopStrategy → suspend → the scheduled run.
func (r *Reconciler) Reconcile(ctx context.Context, req ctrl.Request) (res ctrl.Result, retErr error) {
	cw := &v1alpha1.CronWorkflow{}
	if err := r.Client.Get(ctx, req.NamespacedName, cw); err != nil {
		if apierrors.IsNotFound(err) {
			r.written.Delete(req.NamespacedName)
		}
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if !cw.DeletionTimestamp.IsZero() {
		r.written.Delete(req.NamespacedName)
		return ctrl.Result{}, nil // the Workflows are owned by the CronWorkflow: garbage collection removes them
	}
	if r.stale(cw) {
		return ctrl.Result{RequeueAfter: 100 * time.Millisecond}, nil
	}
	orig := cw.DeepCopy()
	defer func() {
		if err := r.persist(ctx, orig, cw); err != nil {
			if apierrors.IsConflict(err) {
				res, retErr = ctrl.Result{RequeueAfter: 100 * time.Millisecond}, nil
				return
			}
			retErr = client.IgnoreNotFound(err)
		}
	}()
	o := &operation{ctx: ctx, r: r, cw: cw, now: r.now(), log: log.FromContext(ctx).WithValues("cronworkflow", cw.Namespace+"/"+cw.Name)}
	requeue, err := o.operate()
	setConditions(cw, o.now)
	if err != nil {
		return ctrl.Result{}, err
	}
	return ctrl.Result{RequeueAfter: requeue}, nil
}

// persist writes the status (with optimistic locking: a decision made on a stale copy is
// dropped and redone) and then the completed label and last-used-schedule annotation, when
// they changed.
func (r *Reconciler) persist(ctx context.Context, orig, cw *v1alpha1.CronWorkflow) error {
	want := cw.DeepCopy()
	if !equality.Semantic.DeepEqual(orig.Status, want.Status) {
		obj := want.DeepCopy()
		if err := r.Client.Status().Patch(ctx, obj, client.MergeFromWithOptions(orig, client.MergeFromWithOptimisticLock{})); err != nil {
			return err
		}
		r.written.Store(client.ObjectKeyFromObject(cw), obj.ResourceVersion)
	}
	if !equality.Semantic.DeepEqual(orig.Labels, want.Labels) || !equality.Semantic.DeepEqual(orig.Annotations, want.Annotations) {
		obj := orig.DeepCopy()
		obj.Labels, obj.Annotations = want.Labels, want.Annotations
		if err := r.Client.Patch(ctx, obj, client.MergeFrom(orig)); err != nil {
			return err
		}
	}
	return nil
}

// operation is one reconcile of one CronWorkflow.
type operation struct {
	ctx context.Context
	r   *Reconciler
	cw  *v1alpha1.CronWorkflow
	now time.Time
	log logr.Logger
}

// operate runs the ordered steps and returns how long until the next scheduled time.
func (o *operation) operate() (time.Duration, error) {
	cw := o.cw
	cw.Status.ObservedGeneration = cw.Generation
	set, msg := o.check()
	if set == nil {
		o.specError(msg)
		// Children still finish and are counted, even while the spec is broken.
		return 0, o.reconcileChildren()
	}
	o.clearCondition(v1alpha1.ConditionTypeSpecError)
	if err := o.reconcileChildren(); err != nil {
		return 0, err
	}
	if err := o.applyStopStrategy(); err != nil {
		o.specError("failed to check the stopStrategy expression: " + err.Error())
		return 0, nil
	}
	if cw.Status.Phase == v1alpha1.CronWorkflowStopped {
		return 0, nil
	}
	cw.Status.Phase = v1alpha1.CronWorkflowActive
	o.noteSchedule()
	if cw.Spec.Suspend != nil && *cw.Spec.Suspend {
		return 0, nil // resuming is a spec change, which reconciles again
	}
	return o.schedule(set)
}

// check validates the CronWorkflow as admission does and parses its schedules; on failure it
// returns a nil set and the reason.
func (o *operation) check() (*schedule.Set, string) {
	if res := validate.Object(o.ctx, o.cw, validate.Options{}); len(res.Errors) > 0 {
		return nil, res.Errors.ToAggregate().Error()
	}
	set, err := schedule.Parse(&o.cw.Spec)
	if err != nil {
		return nil, err.Error()
	}
	return set, ""
}
