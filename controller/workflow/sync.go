package workflow

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// +kubebuilder:rbac:groups="",resources=configmaps,verbs=get

// syncState is the Reconciler's part for synchronization: one lock manager per controller
// process, built from the workflows' status on first use.
type syncState struct {
	once sync.Once
	m    *lockManager
	// wake enqueues a workflow whose lock may be free (SetupWithManager sets it).
	wake func(types.NamespacedName)
	// versions: the resourceVersion of each semaphore ConfigMap a limit was last read from
	// (sync_watch.go).
	versionsMu sync.Mutex
	versions   map[types.NamespacedName]string
}

// lockManager returns the manager, rebuilding it from the workflows' recorded holders and
// waiters the first time, so a restarted controller neither loses nor gives away a lock.
func (r *Reconciler) lockManager(ctx context.Context) (*lockManager, error) {
	m := r.locksUnbuilt()
	// Held through the rebuild, so no acquire runs against a half-rebuilt manager.
	m.buildMu.Lock()
	defer m.buildMu.Unlock()
	if m.built {
		return m, nil
	}
	var list v1alpha1.WorkflowList
	if err := r.Client.List(ctx, &list); err != nil {
		return nil, fmt.Errorf("listing workflows to rebuild the synchronization locks: %w", err)
	}
	for i := range list.Items {
		rebuildLocks(m, &list.Items[i])
	}
	m.built = true
	return m, nil
}

// rebuildLocks registers what a running workflow's status says it holds and waits for.
func rebuildLocks(m *lockManager, wf *v1alpha1.Workflow) {
	st := wf.Status.Synchronization
	if wf.Status.Phase.Completed() || !wf.DeletionTimestamp.IsZero() {
		return
	}
	key := wfKey(wf)
	upgrade := func(h string) string {
		switch {
		case strings.Contains(h, "/"):
			return h
		case h == wf.Name: // upstream's older keys: the bare workflow name or node id
			return key
		}
		return key + "/" + h
	}
	prio, created := priorityOf(wf), wf.CreationTimestamp.Time
	if st != nil && st.Semaphore != nil {
		for _, h := range st.Semaphore.Holding {
			for _, holder := range h.Holders {
				m.hold(upgrade(holder), h.Semaphore)
			}
		}
		for _, w := range st.Semaphore.Waiting {
			if wf.Status.Phase == "" || wf.Status.Phase == v1alpha1.WorkflowPending {
				m.wait(key, w.Semaphore, prio, created)
			}
		}
	}
	if st != nil && st.Mutex != nil {
		for _, h := range st.Mutex.Holding {
			m.hold(upgrade(h.Holder), h.Mutex)
		}
		for _, w := range st.Mutex.Waiting {
			if wf.Status.Phase == "" || wf.Status.Phase == v1alpha1.WorkflowPending {
				m.wait(key, w.Mutex, prio, created)
			}
		}
	}
	nodes := wf.Status.Nodes
	if wf.Status.CompressedNodes != "" { // large node maps are stored compressed
		nodes, _ = wf.Status.DecodeNodes()
	}
	for _, n := range nodes {
		if s := n.SynchronizationStatus; s != nil && s.Waiting != "" && !n.Phase.Fulfilled() {
			m.wait(key+"/"+n.ID, s.Waiting, prio, created)
		}
	}
}

// requeueOnError retries a reconcile that could not read what it needs.
const requeueOnError = 5 * time.Second

// locksUnbuilt returns the manager, creating it once, without rebuilding it.
func (r *Reconciler) locksUnbuilt() *lockManager {
	r.syncs.once.Do(func() {
		r.syncs.m = newLockManager()
		r.syncs.m.wake = r.syncs.wake
	})
	return r.syncs.m
}

func wfKey(wf *v1alpha1.Workflow) string { return wf.Namespace + "/" + wf.Name }

func priorityOf(wf *v1alpha1.Workflow) int32 {
	if wf.Spec.Priority != nil {
		return *wf.Spec.Priority
	}
	return 0
}

// lockRequests resolves a synchronization block into lock keys and limits; a semaphore's
// limit is the integer in its ConfigMap key (read from the API server, so a changed limit
// applies at the next acquire).
func (o *operation) lockRequests(path string, s *v1alpha1.Synchronization) ([]lockRequest, error) {
	var reqs []lockRequest
	for i, mx := range s.Mutexes {
		if mx.Database { // admission denies it too; never fall back to a local lock
			return nil, fmt.Errorf("%s.mutexes[%d].database: not supported by Skiff", path, i)
		}
		ns := mx.Namespace
		if ns == "" {
			ns = o.wf.Namespace
		}
		reqs = append(reqs, lockRequest{key: ns + "/Mutex/" + mx.Name, limit: 1})
	}
	for i, sem := range s.Semaphores {
		p := fmt.Sprintf("%s.semaphores[%d]", path, i)
		ref := sem.ConfigMapKeyRef
		if sem.Database != nil || ref == nil {
			return nil, fmt.Errorf("%s: only configMapKeyRef semaphores are supported by Skiff", p)
		}
		ns := sem.Namespace
		if ns == "" {
			ns = o.wf.Namespace
		}
		limit, err := o.semaphoreLimit(ns, ref)
		if err != nil {
			return nil, fmt.Errorf("%s.configMapKeyRef: %w", p, err)
		}
		reqs = append(reqs, lockRequest{key: ns + "/ConfigMap/" + ref.Name + "/" + ref.Key, limit: limit})
	}
	return reqs, nil
}

func (o *operation) semaphoreLimit(ns string, ref *corev1.ConfigMapKeySelector) (int, error) {
	cm, err := o.configMap(ns, ref.Name)
	if err != nil {
		if apierrors.IsNotFound(err) {
			return 0, fmt.Errorf("ConfigMap %s/%s not found", ns, ref.Name)
		}
		return 0, fmt.Errorf("reading ConfigMap %s/%s: %w", ns, ref.Name, err)
	}
	o.r.syncs.limitsRead(types.NamespacedName{Namespace: ns, Name: ref.Name}, cm.ResourceVersion) // sync_watch.go
	v, ok := cm.Data[ref.Key]
	if !ok {
		return 0, fmt.Errorf("ConfigMap %s/%s has no key %q", ns, ref.Name, ref.Key)
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("ConfigMap %s/%s key %q: the limit %q is not a non-negative integer", ns, ref.Name, ref.Key, v)
	}
	return n, nil
}

func waitingMessage(b *blocked) string {
	return fmt.Sprintf("Waiting for %s lock. Lock status: %d/%d", b.key, b.free, b.limit)
}

// acquireWorkflowLocks takes spec.synchronization before the workflow starts. It returns
// true while the workflow must stay Pending (or when it failed to resolve its locks).
func (o *operation) acquireWorkflowLocks() bool {
	wf := o.wf
	if wf.Spec.Synchronization == nil {
		return false
	}
	m, err := o.r.lockManager(o.ctx)
	if err != nil {
		o.setWorkflowPhase(v1alpha1.WorkflowPending, err.Error())
		o.requeueAfter(requeueOnError)
		return true
	}
	if wf.Spec.Shutdown != "" { // stopped while waiting: it gives up its place and fails
		m.release(wfKey(wf), false)
		o.renderSyncStatus(m)
		return false
	}
	reqs, err := o.lockRequests("spec.synchronization", wf.Spec.Synchronization)
	if err != nil {
		m.release(wfKey(wf), false)
		o.finishWorkflow(v1alpha1.WorkflowError, err.Error())
		return true
	}
	ok, b := m.tryAcquire(wfKey(wf), priorityOf(wf), wf.CreationTimestamp.Time, reqs)
	o.renderSyncStatus(m)
	if ok {
		return false
	}
	msg := waitingMessage(b)
	if wf.Status.Phase != v1alpha1.WorkflowPending || wf.Status.Message != msg {
		log.FromContext(o.ctx).Info("Queued the workflow for a lock", "workflow", wfKey(wf), "lock", b.key)
		wf.Status.Phase, wf.Status.Message = v1alpha1.WorkflowPending, msg
		setConditions(wf, o.now)
	}
	return true
}

// releaseWorkflowLocks frees every lock of the workflow and its nodes (it finished).
func (o *operation) releaseWorkflowLocks() {
	st := o.wf.Status.Synchronization
	if st == nil && o.wf.Spec.Synchronization == nil && !o.usesTemplateLocks() {
		return
	}
	m, err := o.r.lockManager(o.ctx)
	if err != nil {
		return
	}
	m.release(wfKey(o.wf), true)
	o.wf.Status.Synchronization = nil
	for id, n := range o.wf.Status.Nodes {
		if n.SynchronizationStatus != nil {
			n.SynchronizationStatus = nil
			o.wf.Status.Nodes[id] = n
		}
	}
}

func (o *operation) usesTemplateLocks() bool {
	for i := range o.wf.Spec.Templates {
		if o.wf.Spec.Templates[i].Synchronization != nil {
			return true
		}
	}
	return false
}

// renderSyncStatus mirrors the manager into status.synchronization: the locks this workflow
// holds (with its holder keys) and those it waits for (with their current holders).
func (o *operation) renderSyncStatus(m *lockManager) {
	var st v1alpha1.SynchronizationStatus
	for _, v := range m.viewOf(wfKey(o.wf)) {
		if strings.Contains(v.key, "/Mutex/") {
			if st.Mutex == nil {
				st.Mutex = &v1alpha1.MutexStatus{}
			}
			for _, h := range v.mine {
				st.Mutex.Holding = append(st.Mutex.Holding, v1alpha1.MutexHolding{Mutex: v.key, Holder: h})
			}
			if v.waiting {
				holder := ""
				if len(v.holders) > 0 {
					holder = v.holders[0]
				}
				st.Mutex.Waiting = append(st.Mutex.Waiting, v1alpha1.MutexHolding{Mutex: v.key, Holder: holder})
			}
			continue
		}
		if st.Semaphore == nil {
			st.Semaphore = &v1alpha1.SemaphoreStatus{}
		}
		if len(v.mine) > 0 {
			st.Semaphore.Holding = append(st.Semaphore.Holding, v1alpha1.SemaphoreHolding{Semaphore: v.key, Holders: v.mine})
		}
		if v.waiting {
			st.Semaphore.Waiting = append(st.Semaphore.Waiting, v1alpha1.SemaphoreHolding{Semaphore: v.key, Holders: v.holders})
		}
	}
	if st.Mutex == nil && st.Semaphore == nil {
		o.wf.Status.Synchronization = nil
		return
	}
	o.wf.Status.Synchronization = &st
}

// releaseDeleted frees the locks of a workflow that is gone or being deleted.
func (r *Reconciler) releaseDeleted(ctx context.Context, nn types.NamespacedName) {
	if m, err := r.lockManager(ctx); err == nil {
		m.release(nn.Namespace+"/"+nn.Name, true)
	}
}
