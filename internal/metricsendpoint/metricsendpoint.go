// Package metricsendpoint holds the /metrics endpoint settings the controller and the webhook
// share. By default it is served as kubebuilder's project scaffold serves it: HTTPS on
// :8443, and only to callers whose bearer token the API server authenticates (TokenReview)
// and authorises for a GET of the non-resource URL /metrics (SubjectAccessReview), e.g.
// through a ClusterRole like the chart's <release>-metrics-reader. Each binary's service
// account therefore needs create on tokenreviews and subjectaccessreviews (RBAC markers
// beside controller/manager and webhook/app).
package metricsendpoint

import (
	"crypto/tls"
	"flag"

	"sigs.k8s.io/controller-runtime/pkg/metrics/filters"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
)

// Settings are the metrics flags; binaries embed them in their own options.
type Settings struct {
	// MetricsBindAddress serves /metrics ("0" turns it off).
	MetricsBindAddress string
	// MetricsSecure serves HTTPS with authentication and authorisation; false serves plain,
	// open HTTP (kubebuilder's --metrics-secure=false escape hatch).
	MetricsSecure bool
	// MetricsCertDir holds tls.crt and tls.key (watched for renewal); empty, or a directory
	// without them, makes controller-runtime serve a self-signed certificate.
	MetricsCertDir string
}

// Defaults returns secure serving on :8443.
func Defaults() Settings {
	return Settings{MetricsBindAddress: ":8443", MetricsSecure: true}
}

// BindFlags registers --metrics-bind-address, --metrics-secure and --metrics-cert-dir.
func (o *Settings) BindFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.MetricsBindAddress, "metrics-bind-address", o.MetricsBindAddress,
		`Address of the Prometheus /metrics endpoint ("0" disables it).`)
	fs.BoolVar(&o.MetricsSecure, "metrics-secure", o.MetricsSecure,
		"Serve /metrics over HTTPS to callers the API server authenticates and authorises for GET /metrics (TokenReview, SubjectAccessReview); false serves plain HTTP to anyone.")
	fs.StringVar(&o.MetricsCertDir, "metrics-cert-dir", o.MetricsCertDir,
		"Directory with tls.crt and tls.key for the /metrics endpoint (reloaded on change); without them a self-signed certificate is served.")
}

// ServerOptions translates o into controller-runtime's metrics server options. enableHTTP2
// false limits TLS to HTTP/1.1 (the HTTP/2 rapid-reset and stream-cancellation CVEs).
func (o Settings) ServerOptions(enableHTTP2 bool) metricsserver.Options {
	mo := metricsserver.Options{BindAddress: o.MetricsBindAddress, SecureServing: o.MetricsSecure}
	if !o.MetricsSecure {
		return mo
	}
	mo.FilterProvider = filters.WithAuthenticationAndAuthorization
	mo.CertDir = o.MetricsCertDir
	if !enableHTTP2 {
		mo.TLSOpts = []func(*tls.Config){func(c *tls.Config) { c.NextProtos = []string{"http/1.1"} }}
	}
	return mo
}
