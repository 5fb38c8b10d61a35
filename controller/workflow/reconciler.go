// Package workflow is Skiff's Workflow controller: it walks a Workflow's templates (steps,
// DAGs, loops, retries, suspends, exit handlers), runs container and script templates as
// pods under the skiff-exec executor, and records upstream Argo's node status.
package workflow

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/events"
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrl "sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
)

// +kubebuilder:rbac:groups=argoproj.io,resources=workflows,verbs=get;list;watch;update;patch
// +kubebuilder:rbac:groups=argoproj.io,resources=workflows/status,verbs=get;update;patch
// +kubebuilder:rbac:groups="",resources=pods,verbs=create;get;list;watch;delete;patch
// +kubebuilder:rbac:groups="",resources=events,verbs=create;patch
// +kubebuilder:rbac:groups=events.k8s.io,resources=events,verbs=create;patch
// +kubebuilder:rbac:groups="",resources=configmaps,verbs=get
// +kubebuilder:rbac:groups="",resources=persistentvolumeclaims,verbs=create;get;list;watch;delete

// Reconciler reconciles Workflows.
type Reconciler struct {
	// Client reads Workflows and writes Workflows' status and pods.
	Client client.Client
	// Pods reads the workflow pods (an informer filtered by the workflow label).
	Pods client.Reader
	// APIReader reads the artifact-repositories ConfigMap uncached, once per workflow
	// (nil: Client).
	APIReader client.Reader
	// Recorder records Kubernetes Events.
	Recorder events.EventRecorder
	// ExecutorImage holds skiff-exec; the init container copies it into each pod.
	ExecutorImage string
	// PodLogs reads the outputs a wait container printed (outputs_log.go).
	PodLogs PodLogs
	// Now is the clock (tests replace it).
	Now func() time.Time
	// CompressNodesAbove overrides DefaultCompressNodesAbove (tests use small sizes).
	CompressNodesAbove int
	// PodCreates limits how fast pods are created, across all workers (nil: no limit).
	PodCreates *rate.Limiter
	// Workers bounds concurrent reconciles (0: the manager's --max-concurrent-reconciles).
	Workers int

	// written remembers, per Workflow, the resourceVersion of the last status this
	// reconciler wrote, so a reconcile that reads an older copy from the informer (which lags
	// behind our own writes) waits instead of redoing work from stale node status.
	written sync.Map

	// syncs holds the synchronization locks (sync.go).
	syncs syncState
}

// clock is the reconciler's time (Now, or the wall clock), in whole seconds as status
// timestamps are stored.
func (r *Reconciler) clock() time.Time {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	return now().UTC().Truncate(time.Second)
}

// stale says whether wf is older than the status this reconciler last wrote. Kubernetes
// resourceVersions are opaque, but etcd's are increasing integers, as upstream assumes too.
func (r *Reconciler) stale(wf *v1alpha1.Workflow) bool {
	v, ok := r.written.Load(client.ObjectKeyFromObject(wf))
	if !ok {
		return false
	}
	last, err1 := strconv.ParseUint(v.(string), 10, 64)
	cur, err2 := strconv.ParseUint(wf.ResourceVersion, 10, 64)
	return err1 == nil && err2 == nil && cur < last
}

// Reconcile: get → one deferred status patch → deletion → spec.suspend → the walk.
func (r *Reconciler) Reconcile(ctx context.Context, req ctrl.Request) (res ctrl.Result, retErr error) {
	wf := &v1alpha1.Workflow{}
	if err := r.Client.Get(ctx, req.NamespacedName, wf); err != nil {
		if apierrors.IsNotFound(err) {
			r.written.Delete(req.NamespacedName)
			r.releaseDeleted(ctx, req.NamespacedName)
		}
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if r.stale(wf) {
		return ctrl.Result{RequeueAfter: 100 * time.Millisecond}, nil
	}
	// A workflowTemplateRef runs the referenced spec merged with the workflow's: swapped in
	// before the patch base is copied (workflowtemplateref.go).
	wftSpec, wftFail, err := r.workflowTemplateSpec(ctx, wf)
	if err != nil {
		return ctrl.Result{}, err
	}
	// Large node maps are stored compressed (compress.go): the walk reads them decoded, and
	// the patch is computed against what the API server holds.
	var served *v1alpha1.Workflow
	var undecodable error
	if wf.Status.CompressedNodes != "" {
		served = wf.DeepCopy()
		undecodable = wf.Status.InflateNodes()
	}
	orig := wf.DeepCopy()
	defer func() {
		if equality.Semantic.DeepEqual(orig.Status, wf.Status) {
			return
		}
		if err := r.packNodes(&wf.Status); err != nil {
			progress := wf.Status.Progress
			wf.Status.Nodes, wf.Status.CompressedNodes = nil, ""
			r.failStatus(ctx, wf, err.Error())
			wf.Status.Progress = progress
		}
		base := orig
		if served != nil {
			base = served
		}
		if err := r.Client.Status().Patch(ctx, wf, client.MergeFrom(base)); err != nil {
			retErr = client.IgnoreNotFound(err)
			return
		}
		if wf.Status.Phase.Completed() {
			r.written.Delete(req.NamespacedName)
		} else {
			r.written.Store(req.NamespacedName, wf.ResourceVersion)
		}
	}()
	if !wf.DeletionTimestamp.IsZero() {
		r.written.Delete(req.NamespacedName)
		r.releaseDeleted(ctx, req.NamespacedName)
		return ctrl.Result{}, nil // the pods are owned by the Workflow: garbage collection removes them
	}
	if undecodable != nil && !wf.Status.Phase.Completed() {
		r.failStatus(ctx, wf, undecodable.Error())
		return ctrl.Result{}, nil
	}
	if retryRequested(wf) { // retry.go
		if err := r.resetForRetry(ctx, wf); err != nil {
			return ctrl.Result{}, err
		}
		return ctrl.Result{RequeueAfter: time.Second}, nil
	}
	if wf.Status.Phase.Completed() {
		setConditions(wf, r.clock())
		claimErr := r.deleteVolumeClaims(ctx, wf) // volumeclaims.go: volumeClaimGC
		res, err := r.collectFinished(ctx, wf)    // gc.go: ttlStrategy, delayed or selected podGC
		if err == nil {
			err = claimErr
		}
		return res, err
	}
	o := &operation{ctx: ctx, r: r, wf: wf, now: r.clock()}
	if !o.storeWorkflowTemplateSpec(wftSpec, wftFail) {
		return ctrl.Result{}, nil
	}
	if err := o.operate(); err != nil {
		return ctrl.Result{}, err
	}
	o.collectRunningPods() // gc.go
	return ctrl.Result{RequeueAfter: o.requeue}, nil
}

func (o *operation) operate() error {
	wf := o.wf
	if wf.Status.Phase == v1alpha1.WorkflowUnknown || wf.Status.Phase == v1alpha1.WorkflowPending {
		// The webhook's rules, fields Skiff does not run included: a workflow created while
		// the webhook was away must not half-run.
		if res := validate.Object(o.ctx, wf, validate.Options{}); len(res.Errors) > 0 {
			o.finishWorkflow(v1alpha1.WorkflowError, res.Errors.ToAggregate().Error())
			return nil
		}
		mdMsg, err := o.applyWorkflowMetadata() // workflowmetadata.go
		if err != nil {
			return err
		}
		if mdMsg != "" {
			o.finishWorkflow(v1alpha1.WorkflowError, mdMsg)
			return nil
		}
		if o.acquireWorkflowLocks() { // sync.go: stays Pending until its locks are free
			return nil
		}
		start := metav1.NewTime(o.now)
		wf.Status.StartedAt = &start
		o.setWorkflowPhase(v1alpha1.WorkflowRunning, "")
	}
	if err := o.listPods(); err != nil {
		return err
	}
	o.globals = o.workflowScope()
	if failed, err := o.createVolumeClaims(); failed || err != nil { // volumeclaims.go
		return err
	}
	o.suspended = wf.Spec.Suspend != nil && *wf.Spec.Suspend
	switch wf.Spec.Shutdown {
	case v1alpha1.ShutdownStrategyStop, v1alpha1.ShutdownStrategyTerminate:
		o.stopping = true
		o.stopMessage = fmt.Sprintf("Stopped with strategy '%s'", wf.Spec.Shutdown)
	}
	if ads := wf.Spec.ActiveDeadlineSeconds; ads != nil && wf.Status.StartedAt != nil && !o.stopping {
		deadline := wf.Status.StartedAt.Add(time.Duration(*ads) * time.Second)
		if !o.now.Before(deadline) {
			o.stopping, o.stopMessage = true, "Step exceeded its deadline"
		} else {
			o.requeueAfter(deadline.Sub(o.now))
		}
	}
	for _, n := range wf.Status.Nodes {
		if n.Type == v1alpha1.NodeTypePod && !n.Phase.Fulfilled() {
			o.activePods++
		}
	}

	root, started := o.executeTemplate(wf.Name, &v1alpha1.TemplateInvocation{Template: wf.Spec.Entrypoint}, wf.Spec.Arguments, "")
	rootDone := started && root.Phase.Fulfilled()
	if !rootDone && !(o.stopping && !started) {
		o.updateProgress()
		return nil
	}
	phase, msg := v1alpha1.WorkflowFailed, o.stoppedMessage()
	if started {
		phase, msg = workflowPhaseOf(root.Phase), root.Message
	}
	if wf.Spec.OnExit != "" && wf.Spec.Shutdown != v1alpha1.ShutdownStrategyTerminate {
		// The exit handler runs even when stopping.
		stopping := o.stopping
		o.stopping = false
		o.globals["workflow.status"] = string(phase)
		o.globals["workflow.failures"] = o.failuresJSON()
		if wf.Status.StartedAt != nil {
			o.globals["workflow.duration"] = fmt.Sprint(o.now.Sub(wf.Status.StartedAt.Time).Seconds())
		}
		exit, ok := o.executeTemplate(wf.Name+".onExit", &v1alpha1.TemplateInvocation{Template: wf.Spec.OnExit}, v1alpha1.Arguments{}, "")
		o.stopping = stopping
		if !ok || !exit.Phase.Fulfilled() {
			o.updateProgress()
			return nil
		}
		if phase == v1alpha1.WorkflowSucceeded && exit.Phase != v1alpha1.NodeSucceeded {
			phase, msg = workflowPhaseOf(exit.Phase), exit.Message
		}
	}
	if wf.Spec.ActiveDeadlineSeconds != nil && o.stopMessage == "Step exceeded its deadline" && phase != v1alpha1.WorkflowSucceeded {
		msg = "Step exceeded its deadline"
	}
	o.finishWorkflow(phase, msg)
	o.gcPodsAtEnd(phase)
	return nil
}

func workflowPhaseOf(p v1alpha1.NodePhase) v1alpha1.WorkflowPhase {
	switch p {
	case v1alpha1.NodeSucceeded, v1alpha1.NodeSkipped:
		return v1alpha1.WorkflowSucceeded
	case v1alpha1.NodeError:
		return v1alpha1.WorkflowError
	}
	return v1alpha1.WorkflowFailed
}

// listPods reads the workflow's pods from the filtered informer, by node id.
func (o *operation) listPods() error {
	var list corev1.PodList
	if err := o.r.Pods.List(o.ctx, &list, client.InNamespace(o.wf.Namespace), client.MatchingLabels{LabelWorkflow: o.wf.Name}); err != nil {
		return fmt.Errorf("listing the pods of workflow %s: %w", o.wf.Name, err)
	}
	o.pods = map[string]*corev1.Pod{}
	for i := range list.Items {
		p := &list.Items[i]
		if !metav1.IsControlledBy(p, o.wf) || p.DeletionTimestamp != nil {
			continue // a pod being deleted (stop, podGC, retry) is not its node's pod any more
		}
		if id := p.Annotations[AnnotationNodeID]; id != "" {
			o.pods[id] = p
		}
	}
	return nil
}

// workflowScope is what {{workflow.*}} resolves to.
func (o *operation) workflowScope() scope {
	wf := o.wf
	sc := scope{
		"workflow.name":               wf.Name,
		"workflow.namespace":          wf.Namespace,
		"workflow.uid":                string(wf.UID),
		"workflow.status":             string(wf.Status.Phase),
		"workflow.serviceAccountName": wf.Spec.ServiceAccountName,
		"workflow.creationTimestamp":  wf.CreationTimestamp.UTC().Format(time.RFC3339),
	}
	if wf.Spec.Priority != nil {
		sc["workflow.priority"] = fmt.Sprint(*wf.Spec.Priority)
	}
	for _, p := range wf.Spec.Arguments.Parameters {
		if p.Value != nil {
			sc["workflow.parameters."+p.Name] = string(*p.Value)
		}
	}
	for k, v := range wf.Labels {
		sc["workflow.labels."+k] = v
	}
	for k, v := range wf.Annotations {
		sc["workflow.annotations."+k] = v
	}
	globalArtifactScope(sc, &wf.Status) // artifacts_pod.go
	return sc
}
