package workflow

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// The controller caches no ConfigMap. The ones it reads are named by users (semaphore limits,
// artifact-repositories) or are memoization caches it finds by name, and are read once per
// workflow, per node start or per lock attempt: a GET each (at most one per ConfigMap per
// reconcile, see configMap) costs far less than an informer, which would hold every
// ConfigMap of the cluster (the manager's cache cannot select by name) and grow with it.
// Changes to a semaphore's limit reach its waiters through sync_watch.go's poll instead of a
// watch.

// configMapReader reads ConfigMaps past any informer cache: APIReader, or Client in tests
// that give no APIReader (a fake client has no cache to fill).
func (r *Reconciler) configMapReader() client.Reader {
	if r.APIReader != nil {
		return r.APIReader
	}
	return r.Client
}

// configMap reads a ConfigMap once per reconcile: a workflow whose nodes share a semaphore
// asks for its limit once per node, and must not cost a GET per node.
func (o *operation) configMap(ns, name string) (*corev1.ConfigMap, error) {
	key := types.NamespacedName{Namespace: ns, Name: name}
	if cm, ok := o.configMaps[key]; ok {
		return cm, nil
	}
	cm := &corev1.ConfigMap{}
	if err := o.r.configMapReader().Get(o.ctx, key, cm); err != nil {
		return nil, err
	}
	if o.configMaps == nil {
		o.configMaps = map[types.NamespacedName]*corev1.ConfigMap{}
	}
	o.configMaps[key] = cm
	return cm, nil
}
