package admit

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
)

// ClusterLookup is the webhook's validate.Lookup.
//
// The objects validation reads are few per cluster and read on nearly every request of their
// kind (WorkflowTemplates and ClusterWorkflowTemplates for templateRef, AnalysisTemplates for
// Rollouts and Experiments, AppProjects for Applications, EventSources for Sensors), so they
// come from the manager's informer cache: no API round trip inside the 5-second admission
// budget. The cache holds only these kinds, with managedFields stripped (see CachedKinds).
// Services, of which clusters hold many and which only Rollout admission reads, are read
// live through the API reader rather than cached cluster-wide. A cache miss is confirmed
// live before it is reported as NotFound: an AppProject applied in the same `kubectl apply`
// as its Application may not have reached the informer yet, and a missing project denies.
type ClusterLookup struct {
	Cached client.Reader // the manager's cached client
	Live   client.Reader // the manager's API reader
}

var _ validate.Lookup = &ClusterLookup{}

// CachedKinds are the kinds ClusterLookup reads from the informer cache.
func CachedKinds() []client.Object {
	return []client.Object{
		&v1alpha1.WorkflowTemplate{}, &v1alpha1.ClusterWorkflowTemplate{},
		&v1alpha1.AnalysisTemplate{}, &v1alpha1.ClusterAnalysisTemplate{},
		&v1alpha1.AppProject{}, &v1alpha1.EventSource{},
	}
}

// Get implements validate.Lookup.
func (l *ClusterLookup) Get(ctx context.Context, namespace, name string, obj runtime.Object) error {
	o, ok := obj.(client.Object)
	if !ok {
		return fmt.Errorf("lookup of %T: not a client.Object", obj)
	}
	key := client.ObjectKey{Namespace: namespace, Name: name}
	if _, isService := obj.(*corev1.Service); isService || l.Cached == nil {
		return l.Live.Get(ctx, key, o)
	}
	err := l.Cached.Get(ctx, key, o)
	if apierrors.IsNotFound(err) && l.Live != nil {
		return l.Live.Get(ctx, key, o)
	}
	return err
}

// Warm starts the informers of CachedKinds so the first request of a kind does not wait for
// a list. Kinds whose CRD is missing are skipped (their lookups then fail into warnings).
func Warm(ctx context.Context, c cache.Cache) {
	for _, obj := range CachedKinds() {
		_, _ = c.GetInformer(ctx, obj, cache.BlockUntilSynced(false))
	}
}
