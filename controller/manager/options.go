// Package manager builds the controller-runtime manager every Skiff reconciler runs in:
// leader election on a Lease, Prometheus metrics, health and readiness probes, a cache that
// watches one set of namespaces or the whole cluster and strips managedFields, and one bound
// on concurrent reconciles. Tools (gitops, workflow, rollout, events) register reconcilers
// into it through Setup functions.
package manager

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/skiff-dev/skiff/internal/metricsendpoint"
)

// LeaderElectionID names the Lease the controller replicas compete for.
const LeaderElectionID = "skiff-controller"

// Options configure the manager. Defaults() gives the values the flags start from.
type Options struct {
	// LeaderElect turns leader election on: only the replica holding the Lease reconciles.
	LeaderElect bool
	// LeaderElectionNamespace holds the Lease; defaults to $POD_NAMESPACE, then to the
	// in-cluster namespace controller-runtime discovers.
	LeaderElectionNamespace string
	LeaseDuration           time.Duration
	RenewDeadline           time.Duration
	RetryPeriod             time.Duration

	// Metrics: --metrics-bind-address (":8443", "0" turns it off), --metrics-secure (HTTPS
	// with authentication and authorisation, the default) and --metrics-cert-dir.
	metricsendpoint.Settings
	// HealthProbeBindAddress serves /healthz and /readyz ("0" turns it off).
	HealthProbeBindAddress string

	// WatchNamespaces restricts the cache (and so every reconciler) to these namespaces;
	// empty means cluster-wide.
	WatchNamespaces []string

	// MaxConcurrentReconciles bounds each reconciler's worker pool.
	MaxConcurrentReconciles int

	// QPS and Burst limit the client's requests to the API server.
	QPS   float64
	Burst int

	// GracefulShutdownTimeout is how long running reconciles get to finish on stop.
	GracefulShutdownTimeout time.Duration
}

// Defaults returns the options a controller starts with.
func Defaults() Options {
	return Options{
		LeaderElect:             true,
		LeaderElectionNamespace: os.Getenv("POD_NAMESPACE"),
		LeaseDuration:           15 * time.Second,
		RenewDeadline:           10 * time.Second,
		RetryPeriod:             2 * time.Second,
		Settings:                metricsendpoint.Defaults(),
		HealthProbeBindAddress:  ":8081",
		MaxConcurrentReconciles: 4,
		QPS:                     50,
		Burst:                   100,
		GracefulShutdownTimeout: 30 * time.Second,
	}
}

// BindFlags registers the options as flags on fs, starting from o's values.
func (o *Options) BindFlags(fs *flag.FlagSet) {
	fs.BoolVar(&o.LeaderElect, "leader-elect", o.LeaderElect,
		"Elect a leader through the Lease "+LeaderElectionID+"; only the leader reconciles.")
	fs.StringVar(&o.LeaderElectionNamespace, "leader-election-namespace", o.LeaderElectionNamespace,
		"Namespace of the leader election Lease (default $POD_NAMESPACE, else the pod's namespace).")
	fs.DurationVar(&o.LeaseDuration, "leader-election-lease-duration", o.LeaseDuration,
		"How long non-leaders wait before taking over an unrenewed Lease.")
	fs.DurationVar(&o.RenewDeadline, "leader-election-renew-deadline", o.RenewDeadline,
		"How long the leader retries renewing the Lease before giving it up.")
	fs.DurationVar(&o.RetryPeriod, "leader-election-retry-period", o.RetryPeriod,
		"How often replicas try to acquire or renew the Lease.")
	o.Settings.BindFlags(fs)
	fs.StringVar(&o.HealthProbeBindAddress, "health-probe-bind-address", o.HealthProbeBindAddress,
		`Address of the /healthz and /readyz endpoints ("0" disables them).`)
	fs.Func("watch-namespace",
		"Watch only these namespaces (comma-separated, or repeat the flag); unset watches the whole cluster.",
		func(v string) error {
			for _, ns := range strings.Split(v, ",") {
				if ns = strings.TrimSpace(ns); ns != "" {
					o.WatchNamespaces = append(o.WatchNamespaces, ns)
				}
			}
			return nil
		})
	fs.IntVar(&o.MaxConcurrentReconciles, "max-concurrent-reconciles", o.MaxConcurrentReconciles,
		"Workers per reconciler: at most this many objects of one kind reconcile at once.")
	fs.Float64Var(&o.QPS, "kube-api-qps", o.QPS, "Sustained requests per second to the API server.")
	fs.IntVar(&o.Burst, "kube-api-burst", o.Burst, "Burst of requests to the API server.")
	fs.DurationVar(&o.GracefulShutdownTimeout, "graceful-shutdown-timeout", o.GracefulShutdownTimeout,
		"How long running reconciles get to finish when the controller stops.")
}

// Validate reports options that cannot work together.
func (o Options) Validate() error {
	var errs []error
	if o.MaxConcurrentReconciles < 1 {
		errs = append(errs, fmt.Errorf("--max-concurrent-reconciles must be at least 1, got %d", o.MaxConcurrentReconciles))
	}
	if o.LeaderElect && o.RenewDeadline >= o.LeaseDuration {
		errs = append(errs, fmt.Errorf("--leader-election-renew-deadline (%s) must be shorter than the lease duration (%s)", o.RenewDeadline, o.LeaseDuration))
	}
	if o.LeaderElect && o.RetryPeriod >= o.RenewDeadline {
		errs = append(errs, fmt.Errorf("--leader-election-retry-period (%s) must be shorter than the renew deadline (%s)", o.RetryPeriod, o.RenewDeadline))
	}
	if o.QPS <= 0 || o.Burst < 1 {
		errs = append(errs, fmt.Errorf("--kube-api-qps and --kube-api-burst must be positive"))
	}
	return errors.Join(errs...)
}
