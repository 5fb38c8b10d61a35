package workflow

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
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

// semaphoreConfigMapHandler enqueues the workflows waiting on a semaphore whose ConfigMap
// changed, so a raised limit lets them in at once.
func (r *Reconciler) semaphoreConfigMapHandler() handler.EventHandler {
	return handler.EnqueueRequestsFromMapFunc(func(ctx context.Context, obj client.Object) []reconcile.Request {
		cm, ok := obj.(*corev1.ConfigMap)
		if !ok {
			return nil
		}
		var out []reconcile.Request
		for _, nn := range r.locksUnbuilt().waitersOf(cm.Namespace + "/ConfigMap/" + cm.Name + "/") {
			out = append(out, reconcile.Request{NamespacedName: nn})
		}
		return out
	})
}
