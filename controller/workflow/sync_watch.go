package workflow

import (
	"context"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/source"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// wakeSource feeds the workqueue with the workflows the lock manager wakes when a lock
// frees, so waiters are enqueued once instead of polling.
func (r *Reconciler) wakeSource() source.Source {
	ch := make(chan event.GenericEvent, 1024)
	r.syncs.wake = func(nn types.NamespacedName) {
		ch <- event.GenericEvent{Object: &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Namespace: nn.Namespace, Name: nn.Name}}}
	}
	return source.Channel(ch, &handler.EnqueueRequestForObject{})
}

// SemaphorePollInterval is how often the ConfigMaps of semaphores that have waiters are
// checked for a change (a raised limit lets waiters in).
//
// Why a poll and not a watch: a watch of ConfigMaps in the manager's cache holds every
// ConfigMap of the cluster, and a per-name watch needs an informer started and stopped per
// semaphore. The poll reads only the metadata of the ConfigMaps that have waiters, one GET
// each per interval however many workflows wait, and wakes the waiters only when the
// resourceVersion differs from the one their limit was read from.
const SemaphorePollInterval = 2 * time.Second

// limitsRead records the resourceVersion a semaphore limit was read from.
func (s *syncState) limitsRead(cm types.NamespacedName, resourceVersion string) {
	s.versionsMu.Lock()
	defer s.versionsMu.Unlock()
	if s.versions == nil {
		s.versions = map[types.NamespacedName]string{}
	}
	s.versions[cm] = resourceVersion
}

// semaphorePoller is the manager Runnable (leader only, like the reconciler) running
// pollSemaphores every interval.
func (r *Reconciler) semaphorePoller(reader client.Reader, every time.Duration) manager.Runnable {
	return manager.RunnableFunc(func(ctx context.Context) error {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-t.C:
				r.pollSemaphores(ctx, reader)
			}
		}
	})
}

// pollSemaphores wakes the waiters of each semaphore ConfigMap changed (or deleted) since
// its limit was last read; their reconcile reads the new limit.
func (r *Reconciler) pollSemaphores(ctx context.Context, reader client.Reader) {
	m := r.locksUnbuilt()
	waited := m.waitedConfigMaps()
	current := map[types.NamespacedName]string{}
	for _, cm := range waited {
		meta := &metav1.PartialObjectMetadata{}
		meta.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("ConfigMap"))
		switch err := reader.Get(ctx, cm, meta); {
		case err == nil:
			current[cm] = meta.ResourceVersion
		case apierrors.IsNotFound(err):
			current[cm] = ""
		default:
			log.FromContext(ctx).Error(err, "Failed to check a semaphore ConfigMap", "configMap", cm.String())
		}
	}
	s := &r.syncs
	s.versionsMu.Lock()
	var changed []types.NamespacedName
	for cm, rv := range current {
		if read, ok := s.versions[cm]; !ok || read != rv {
			changed = append(changed, cm)
		}
	}
	// Only waited ConfigMaps are remembered, so the map stays as small as the waits.
	s.versions = current
	s.versionsMu.Unlock()
	if s.wake == nil {
		return
	}
	for _, cm := range changed {
		for _, nn := range m.waitersOf(cm.Namespace + "/ConfigMap/" + cm.Name + "/") {
			s.wake(nn)
		}
	}
}

// configMapOfKey is the ConfigMap of a semaphore key "<ns>/ConfigMap/<name>/<key>".
func configMapOfKey(key string) (types.NamespacedName, bool) {
	parts := strings.SplitN(key, "/", 4)
	if len(parts) != 4 || parts[1] != "ConfigMap" {
		return types.NamespacedName{}, false
	}
	return types.NamespacedName{Namespace: parts[0], Name: parts[2]}, true
}
