package manager

import (
	"flag"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	skiffv1alpha1 "github.com/skiff-dev/skiff/api/v1alpha1"
)

func parse(t *testing.T, args ...string) Options {
	t.Helper()
	o := Defaults()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	o.BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return o
}

func TestDefaultsAreClusterWideWithLeaderElection(t *testing.T) {
	o := parse(t)
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	s, err := NewScheme()
	if err != nil {
		t.Fatal(err)
	}
	mo := o.ManagerOptions(s)
	if !mo.LeaderElection || mo.LeaderElectionID != "skiff-controller" || mo.LeaderElectionResourceLock != "leases" {
		t.Errorf("leader election %v %q %q", mo.LeaderElection, mo.LeaderElectionID, mo.LeaderElectionResourceLock)
	}
	if mo.Cache.DefaultNamespaces != nil {
		t.Errorf("cluster-wide by default, got namespaces %v", mo.Cache.DefaultNamespaces)
	}
	if mo.Metrics.BindAddress != ":8443" || !mo.Metrics.SecureServing || mo.Metrics.FilterProvider == nil || mo.HealthProbeBindAddress != ":8081" {
		t.Errorf("metrics %q secure %v filter %v, health %q: want HTTPS with authn/authz on :8443",
			mo.Metrics.BindAddress, mo.Metrics.SecureServing, mo.Metrics.FilterProvider != nil, mo.HealthProbeBindAddress)
	}
	if mo.Client.Cache == nil || len(mo.Client.Cache.DisableFor) != 2 {
		t.Errorf("ConfigMaps and Secrets must be read live, not through the cache: %+v", mo.Client.Cache)
	}
	if mo.Controller.MaxConcurrentReconciles != 4 {
		t.Errorf("workers %d", mo.Controller.MaxConcurrentReconciles)
	}
	for _, obj := range []runtime.Object{&skiffv1alpha1.Workflow{}, &skiffv1alpha1.Rollout{}, &corev1.Pod{}} {
		if _, _, err := s.ObjectKinds(obj); err != nil {
			t.Errorf("scheme: %v", err)
		}
	}
}

func TestMetricsSecureEscapeHatch(t *testing.T) {
	s, _ := NewScheme()
	mo := parse(t, "--metrics-secure=false", "--metrics-bind-address=:8080").ManagerOptions(s)
	if mo.Metrics.SecureServing || mo.Metrics.FilterProvider != nil || mo.Metrics.BindAddress != ":8080" {
		t.Errorf("--metrics-secure=false: secure %v filter %v address %q", mo.Metrics.SecureServing, mo.Metrics.FilterProvider != nil, mo.Metrics.BindAddress)
	}
	mo = parse(t, "--metrics-cert-dir=/certs").ManagerOptions(s)
	if mo.Metrics.CertDir != "/certs" || !mo.Metrics.SecureServing {
		t.Errorf("--metrics-cert-dir: %q secure %v", mo.Metrics.CertDir, mo.Metrics.SecureServing)
	}
}

func TestWatchNamespaceFlag(t *testing.T) {
	o := parse(t, "--watch-namespace", "a, b", "--watch-namespace=c", "--max-concurrent-reconciles=9")
	s, _ := NewScheme()
	mo := o.ManagerOptions(s)
	if len(mo.Cache.DefaultNamespaces) != 3 {
		t.Fatalf("namespaces %v, want a b c", mo.Cache.DefaultNamespaces)
	}
	for _, ns := range []string{"a", "b", "c"} {
		if _, ok := mo.Cache.DefaultNamespaces[ns]; !ok {
			t.Errorf("namespace %s not watched", ns)
		}
	}
	if mo.Controller.MaxConcurrentReconciles != 9 {
		t.Errorf("workers %d, want 9", mo.Controller.MaxConcurrentReconciles)
	}
}

func TestCacheStripsManagedFields(t *testing.T) {
	s, _ := NewScheme()
	mo := parse(t).ManagerOptions(s)
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubectl"}}}}
	out, err := mo.Cache.DefaultTransform(pod)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.(*corev1.Pod).ManagedFields) != 0 {
		t.Errorf("managedFields kept in the cache")
	}
}

func TestValidate(t *testing.T) {
	for _, args := range [][]string{
		{"--max-concurrent-reconciles=0"},
		{"--leader-election-renew-deadline=20s"},
		{"--leader-election-retry-period=10s"},
		{"--kube-api-qps=0"},
	} {
		if err := parse(t, args...).Validate(); err == nil || !strings.Contains(err.Error(), "must") {
			t.Errorf("%v: got %v, want an error", args, err)
		}
	}
	if err := parse(t, "--leader-elect=false", "--leader-election-renew-deadline=20s").Validate(); err != nil {
		t.Errorf("lease timings matter only with leader election: %v", err)
	}
}
