//go:build integration

package integration

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/skiff-dev/skiff/controller/manager"
	"github.com/skiff-dev/skiff/hack/deploy/installer"
	"github.com/skiff-dev/skiff/webhook/app"
)

const metricsNS = "metrics-tests"

// TestMetricsSecure: the controller manager's and the webhook's /metrics, with the default
// (secure) settings, answer 401 without a token, 403 to a service account without the
// chart's metrics-reader ClusterRole, and Prometheus text to one bound to it.
func TestMetricsSecure(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ensureNamespace(t, metricsNS, nil)
	bindChartMetricsReader(t, ctx, "scraper")
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	scraper, nobody := saToken(t, ctx, cs, "scraper"), saToken(t, ctx, cs, "nobody")

	// The controller manager, as skiff-controller builds it, with one reconciler so that it
	// has controller_runtime_reconcile_* series.
	mo := manager.Defaults()
	mo.LeaderElect, mo.HealthProbeBindAddress = false, "0"
	mo.MetricsBindAddress = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	probe := manager.Setup{Name: "metrics-probe", Register: func(mgr ctrl.Manager, _ manager.Options) error {
		return ctrl.NewControllerManagedBy(mgr).Named("metricsprobe").For(&corev1.Namespace{}).
			Complete(reconcile.Func(func(context.Context, reconcile.Request) (reconcile.Result, error) { return reconcile.Result{}, nil }))
	}}
	mgr, err := manager.New(cfg, mo, probe)
	if err != nil {
		t.Fatal(err)
	}
	runManager(t, ctx, mgr.Start)

	// The webhook, with its own serving port and envtest's serving certificate.
	wo := app.Defaults()
	wo.Host, wo.Port, wo.CertDir, wo.SelfSignedCerts = "127.0.0.1", freePort(t), webhookInstall.LocalServingCertDir, false
	wo.HealthProbeBindAddress = "0"
	wo.MetricsBindAddress = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	wsrv, err := app.New(cfg, wo, testLogger().WithName("metrics"))
	if err != nil {
		t.Fatal(err)
	}
	runManager(t, ctx, wsrv.Manager.Start)

	for _, c := range []struct{ name, addr, series string }{
		{"controller", mo.MetricsBindAddress, "controller_runtime_reconcile_total"},
		{"webhook", wo.MetricsBindAddress, "controller_runtime_webhook_requests_in_flight"},
	} {
		url := "https://" + c.addr + "/metrics"
		if code, _ := scrape(t, url, "", http.StatusUnauthorized); code != http.StatusUnauthorized {
			t.Errorf("%s: no token: %d, want 401", c.name, code)
		}
		if code, _ := scrape(t, url, nobody, http.StatusForbidden); code != http.StatusForbidden {
			t.Errorf("%s: a token without metrics-reader: %d, want 403", c.name, code)
		}
		code, body := scrape(t, url, scraper, http.StatusOK)
		if code != http.StatusOK || !strings.Contains(body, "# TYPE controller_runtime_") || !strings.Contains(body, c.series) {
			t.Errorf("%s: a metrics-reader token: %d, want 200 and Prometheus text with %s; got %.300q", c.name, code, c.series, body)
		}
		t.Logf("%s %s: no token 401, token without the role 403, metrics-reader 200 (%d bytes, %d controller_runtime_ lines)",
			c.name, url, len(body), strings.Count(body, "\ncontroller_runtime_"))
	}
}

// bindChartMetricsReader creates the chart's <release>-metrics-reader ClusterRole, as the
// chart renders it, and binds the service account sa of metricsNS to it.
func bindChartMetricsReader(t *testing.T, ctx context.Context, sa string) {
	t.Helper()
	ch, err := installer.LoadChart("")
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := installer.Render(ch, map[string]any{}, installer.RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	objs, err := installer.Decode(manifest)
	if err != nil {
		t.Fatal(err)
	}
	role := &rbacv1.ClusterRole{}
	for _, u := range objs {
		if u.GetKind() == "ClusterRole" && strings.HasSuffix(u.GetName(), "-metrics-reader") {
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, role); err != nil {
				t.Fatal(err)
			}
		}
	}
	if role.Name == "" {
		t.Fatal("the chart renders no <release>-metrics-reader ClusterRole")
	}
	binding := &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: role.Name + "-" + sa},
		RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role.Name},
		Subjects: []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Namespace: metricsNS, Name: sa}}}
	if err := cl.Create(ctx, role); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	if err := cl.Create(ctx, binding); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
}

// saToken creates the service account name in metricsNS and returns a token for it from the
// TokenRequest API.
func saToken(t *testing.T, ctx context.Context, cs kubernetes.Interface, name string) string {
	t.Helper()
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: metricsNS}}
	if _, err := cs.CoreV1().ServiceAccounts(metricsNS).Create(ctx, sa, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	ten := int64(600)
	tr, err := cs.CoreV1().ServiceAccounts(metricsNS).CreateToken(ctx, name,
		&authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &ten}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return tr.Status.Token
}

// runManager starts a manager until the test ends.
func runManager(t *testing.T, ctx context.Context, start func(context.Context) error) {
	t.Helper()
	mctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- start(mctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("manager: %v", err)
		}
	})
}

// scrape GETs url with a bearer token (none when empty) until it answers want or 40 s pass
// (the server starting; the API server seeing a new RoleBinding, whose denial the metrics
// filter caches for 30 s), and returns the last answer. The metrics servers serve
// self-signed certificates.
func scrape(t *testing.T, url, token string, want int) (int, string) {
	t.Helper()
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	code, body := 0, ""
	for deadline := time.Now().Add(40 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := hc.Do(req)
		if err != nil {
			body = err.Error()
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if code, body = resp.StatusCode, string(b); code == want {
			break
		}
	}
	return code, body
}
