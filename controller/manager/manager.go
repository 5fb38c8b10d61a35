package manager

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/config"
	"sigs.k8s.io/controller-runtime/pkg/healthz"

	skiffv1alpha1 "github.com/skiff-dev/skiff/api/v1alpha1"
)

// The manager itself needs the Lease it elects a leader with and the events reconcilers record.
// +kubebuilder:rbac:groups=coordination.k8s.io,resources=leases,verbs=get;list;watch;create;update;patch;delete
// +kubebuilder:rbac:groups="",resources=events,verbs=create;patch
// +kubebuilder:rbac:groups=events.k8s.io,resources=events,verbs=create;patch

// The secure /metrics endpoint (internal/metricsendpoint) authenticates and authorises each
// scrape through the API server.
// +kubebuilder:rbac:groups=authentication.k8s.io,resources=tokenreviews,verbs=create
// +kubebuilder:rbac:groups=authorization.k8s.io,resources=subjectaccessreviews,verbs=create

// Setup registers one tool's reconcilers with the manager, e.g. workflow.Setup.
type Setup struct {
	// Name is the tool, e.g. "workflow"; it names the reconcilers in logs and metrics.
	Name string
	// Register adds the tool's reconcilers to mgr, honouring opts (namespaces, workers).
	Register func(mgr ctrl.Manager, opts Options) error
}

// NewScheme returns the scheme every reconciler shares: Kubernetes' built-in kinds plus
// Skiff's argoproj.io/v1alpha1 kinds.
func NewScheme() (*runtime.Scheme, error) {
	s := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		return nil, err
	}
	if err := skiffv1alpha1.AddToScheme(s); err != nil {
		return nil, err
	}
	return s, nil
}

// ManagerOptions translates o into controller-runtime's options.
func (o Options) ManagerOptions(scheme *runtime.Scheme) ctrl.Options {
	cacheOpts := cache.Options{
		// DESIGN: caches trimmed. No Skiff reconciler reads managedFields.
		DefaultTransform: cache.TransformStripManagedFields(),
	}
	if len(o.WatchNamespaces) > 0 {
		cacheOpts.DefaultNamespaces = map[string]cache.Config{}
		for _, ns := range o.WatchNamespaces {
			cacheOpts.DefaultNamespaces[ns] = cache.Config{}
		}
	}
	shutdown := o.GracefulShutdownTimeout
	leaseDuration, renewDeadline, retryPeriod := o.LeaseDuration, o.RenewDeadline, o.RetryPeriod
	return ctrl.Options{
		Scheme:  scheme,
		Cache:   cacheOpts,
		Metrics: o.ServerOptions(false),
		// A Get of a ConfigMap or Secret goes to the API server: through the cache it would
		// silently start a cluster-wide informer on every ConfigMap or Secret.
		Client:                        client.Options{Cache: &client.CacheOptions{DisableFor: []client.Object{&corev1.ConfigMap{}, &corev1.Secret{}}}},
		HealthProbeBindAddress:        o.HealthProbeBindAddress,
		LeaderElection:                o.LeaderElect,
		LeaderElectionID:              LeaderElectionID,
		LeaderElectionNamespace:       o.LeaderElectionNamespace,
		LeaderElectionResourceLock:    "leases",
		LeaderElectionReleaseOnCancel: true,
		LeaseDuration:                 &leaseDuration,
		RenewDeadline:                 &renewDeadline,
		RetryPeriod:                   &retryPeriod,
		GracefulShutdownTimeout:       &shutdown,
		Controller:                    config.Controller{MaxConcurrentReconciles: o.MaxConcurrentReconciles},
	}
}

// New builds the manager from o with the given tools' reconcilers registered, and the
// /healthz and /readyz checks. Readiness means the informer cache has synced.
func New(cfg *rest.Config, o Options, setups ...Setup) (ctrl.Manager, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	scheme, err := NewScheme()
	if err != nil {
		return nil, fmt.Errorf("building the scheme: %w", err)
	}
	cfg = rest.CopyConfig(cfg)
	cfg.QPS, cfg.Burst = float32(o.QPS), o.Burst
	cfg.UserAgent = "skiff-controller"
	mgr, err := ctrl.NewManager(cfg, o.ManagerOptions(scheme))
	if err != nil {
		return nil, fmt.Errorf("creating the manager: %w", err)
	}
	if err := mgr.AddHealthzCheck("ping", healthz.Ping); err != nil {
		return nil, err
	}
	if err := mgr.AddReadyzCheck("informers", cacheSynced(mgr)); err != nil {
		return nil, err
	}
	for _, s := range setups {
		if err := s.Register(mgr, o); err != nil {
			return nil, fmt.Errorf("registering the %s reconcilers: %w", s.Name, err)
		}
	}
	return mgr, nil
}

// cacheSynced is a readiness check that passes once the manager's informers have synced.
func cacheSynced(mgr ctrl.Manager) healthz.Checker {
	return func(req *http.Request) error {
		ctx, cancel := context.WithTimeout(req.Context(), time.Second)
		defer cancel()
		if !mgr.GetCache().WaitForCacheSync(ctx) {
			return errors.New("informer cache not synced yet")
		}
		return nil
	}
}
