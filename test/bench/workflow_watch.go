package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"k8s.io/client-go/rest"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// phaseWatch follows the phase of every Workflow in a namespace through one watch, so the
// harness learns when workflows finish without listing 1,000 objects every second on the
// API server it shares with the controller.
type phaseWatch struct {
	mu        sync.Mutex
	phases    map[string]v1alpha1.WorkflowPhase
	failed    error
	succeeded int
	changed   chan struct{} // closed and replaced on every change
}

func watchPhases(ctx context.Context, cfg *rest.Config, ns string) (*phaseWatch, error) {
	c, err := cache.New(cfg, cache.Options{Scheme: scheme(), DefaultNamespaces: map[string]cache.Config{ns: {}},
		DefaultTransform: func(obj any) (any, error) {
			wf, ok := obj.(*v1alpha1.Workflow)
			if !ok {
				return obj, nil
			}
			trimmed := &v1alpha1.Workflow{}
			trimmed.Name, trimmed.Namespace, trimmed.ResourceVersion = wf.Name, wf.Namespace, wf.ResourceVersion
			trimmed.Status.Phase, trimmed.Status.Message = wf.Status.Phase, wf.Status.Message
			return trimmed, nil
		}})
	if err != nil {
		return nil, err
	}
	inf, err := c.GetInformer(ctx, &v1alpha1.Workflow{})
	if err != nil {
		return nil, err
	}
	w := &phaseWatch{phases: map[string]v1alpha1.WorkflowPhase{}, changed: make(chan struct{})}
	record := func(obj any) {
		if wf, ok := obj.(*v1alpha1.Workflow); ok {
			w.record(wf)
		}
	}
	if _, err := inf.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
		AddFunc: record, UpdateFunc: func(_, obj any) { record(obj) }}); err != nil {
		return nil, err
	}
	go func() { _ = c.Start(ctx) }()
	if !c.WaitForCacheSync(ctx) {
		return nil, fmt.Errorf("workflow watch: cache did not sync")
	}
	return w, nil
}

func (w *phaseWatch) record(wf *v1alpha1.Workflow) {
	w.mu.Lock()
	defer w.mu.Unlock()
	old := w.phases[wf.Name]
	if old == wf.Status.Phase {
		return
	}
	w.phases[wf.Name] = wf.Status.Phase
	if old == v1alpha1.WorkflowSucceeded {
		w.succeeded--
	}
	switch wf.Status.Phase {
	case v1alpha1.WorkflowSucceeded:
		w.succeeded++
	case v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
		if w.failed == nil {
			w.failed = fmt.Errorf("workflow %s/%s %s: %s", wf.Namespace, wf.Name, wf.Status.Phase, wf.Status.Message)
		}
	}
	close(w.changed)
	w.changed = make(chan struct{})
}

// waitSucceeded waits until n workflows have Succeeded, failing at the first that fails,
// when check reports an error (the controller or kubelet died) or after timeout.
func (w *phaseWatch) waitSucceeded(n int, timeout time.Duration, check func() error) error {
	deadline := time.After(timeout)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		w.mu.Lock()
		done, failed, changed := w.succeeded, w.failed, w.changed
		w.mu.Unlock()
		switch {
		case failed != nil:
			return failed
		case done >= n:
			return nil
		}
		select {
		case <-changed:
		case <-tick.C:
			if err := check(); err != nil {
				return err
			}
		case <-deadline:
			return fmt.Errorf("%d of %d workflows Succeeded after %s", done, n, timeout)
		}
	}
}
