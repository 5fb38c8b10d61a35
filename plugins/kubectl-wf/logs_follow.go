package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
)

// follow streams the container of every selected pod once it has started, concurrently,
// looking for pods that start later every Interval, and returns once the workflow has
// completed and every stream has ended (the pods' containers have exited). A pod is picked
// up once its container runs or has run, so a pod still pulling its image is not an error;
// the pods that exist when the workflow completes are picked up in one last look, so a
// step that started and finished between two looks is still printed.
func (l *LogsOptions) follow(ctx context.Context, cs kubernetes.Interface, ns string) error {
	interval := l.Interval
	if interval <= 0 {
		interval = time.Second
	}
	out := &lockedWriter{w: l.Out}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	streaming := map[string]bool{}
	var wf *wfv1.Workflow
	for {
		var err error
		wf, err = getWorkflow(ctx, l.Options, l.Workflow)
		var selected []stepPod
		if err == nil {
			selected, err = l.selectPods(ctx, cs, ns)
		}
		if err != nil {
			wg.Wait()
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		done := wf.Status.Phase.Completed()
		for _, sp := range selected {
			if streaming[sp.pod.Name] || !containerStarted(&sp.pod, l.Container) {
				continue
			}
			streaming[sp.pod.Name] = true
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := l.stream(ctx, cs, sp, out); err != nil && ctx.Err() == nil {
					fmt.Fprintf(l.ErrOut, "%v\n", err)
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}()
		}
		if done {
			break
		}
		select {
		case <-ctx.Done():
			wg.Wait()
			return nil // Ctrl-C ends following, as with kubectl logs -f
		case <-time.After(interval):
		}
	}
	wg.Wait()
	if len(streaming) == 0 {
		return l.noPods(wf)
	}
	return firstErr
}

// containerStarted says whether the pod's container has logs to stream: it runs or has run
// (a pod that finished without the status of that container is tried too, so its error,
// if any, is shown rather than the pod waited for forever).
func containerStarted(p *corev1.Pod, container string) bool {
	for _, st := range append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...) {
		if st.Name == container {
			return st.State.Running != nil || st.State.Terminated != nil || st.LastTerminationState.Terminated != nil
		}
	}
	return p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed
}
