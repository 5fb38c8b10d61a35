// Package app assembles the webhook server: flags, the manager, the handlers of every tool,
// certificates, metrics and probes. webhook/main.go is a thin wrapper around it, and the
// integration tests run it in-process.
package app

import (
	"flag"
	"os"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/internal/metricsendpoint"
	"github.com/skiff-dev/skiff/webhook/mutate"
)

// Options are the webhook binary's flags.
type Options struct {
	Port    int
	Host    string
	CertDir string
	// Metrics: --metrics-bind-address, --metrics-secure, --metrics-cert-dir.
	metricsendpoint.Settings
	HealthProbeBindAddress string
	Namespace              string
	ServiceName            string
	SecretName             string
	SelfSignedCerts        bool
	EnableHTTP2            bool
	ValidatingConfigName   string
	MutatingConfigName     string
	// CertHosts are extra names or IPs for the self-signed serving certificate.
	CertHosts        []string
	CAValidity       time.Duration
	CertValidity     time.Duration
	CertRenewBefore  time.Duration
	CertCheck        time.Duration
	PropagationDelay time.Duration
	// ControllerServiceAccount is NAMESPACE:NAME of the controller's service account, the one
	// requester whose CronWorkflow runs keep their creator labels; empty means
	// <Namespace>:skiff-controller.
	ControllerServiceAccount string
	// DeploymentAdoption lets the Deployment webhooks scale opted-in Deployments to zero.
	DeploymentAdoption bool
}

// Validate reports flags that cannot work, as field errors naming the flag.
func (o Options) Validate() error {
	_, err := o.controllerUsername()
	return err
}

// controllerUsername returns the controller's service account username, or a field error
// naming the flag.
func (o Options) controllerUsername() (string, error) {
	sa := o.ControllerServiceAccount
	if sa == "" {
		sa = o.Namespace + ":skiff-controller"
	}
	return mutate.ServiceAccountUsername(field.NewPath("--controller-service-account"), sa)
}

// Defaults returns the options a flag-less start uses.
func Defaults() Options {
	ns := os.Getenv("POD_NAMESPACE")
	if ns == "" {
		ns = "skiff-system"
	}
	return Options{
		Port:                   9443,
		CertDir:                "/tmp/k8s-webhook-server/serving-certs",
		Settings:               metricsendpoint.Defaults(),
		HealthProbeBindAddress: ":8081",
		Namespace:              ns,
		ServiceName:            "skiff-webhook",
		SecretName:             "skiff-webhook-cert",
		SelfSignedCerts:        true,
		ValidatingConfigName:   "skiff-validating-webhook-configuration",
		MutatingConfigName:     "skiff-mutating-webhook-configuration",
		CAValidity:             10 * 365 * 24 * time.Hour,
		CertValidity:           365 * 24 * time.Hour,
		CertRenewBefore:        90 * 24 * time.Hour,
		CertCheck:              10 * time.Minute,
		PropagationDelay:       10 * time.Second,
	}
}

// AddFlags binds the options to a flag set.
func (o *Options) AddFlags(fs *flag.FlagSet) {
	fs.IntVar(&o.Port, "port", o.Port, "Port the webhook server serves HTTPS on.")
	fs.StringVar(&o.Host, "host", o.Host, "Address the webhook server binds to (all interfaces when empty).")
	fs.StringVar(&o.CertDir, "cert-dir", o.CertDir, "Directory holding tls.crt and tls.key when --self-signed-certs=false (for example a cert-manager Secret mounted there); reloaded on change.")
	o.Settings.BindFlags(fs)
	fs.StringVar(&o.HealthProbeBindAddress, "health-probe-bind-address", o.HealthProbeBindAddress, "Address of the /healthz and /readyz endpoints.")
	fs.StringVar(&o.Namespace, "namespace", o.Namespace, "The webhook's own namespace, holding its Service and certificate Secret (default from POD_NAMESPACE).")
	fs.StringVar(&o.ServiceName, "service-name", o.ServiceName, "Name of the Service in front of the webhook; the serving certificate is issued for <service>.<namespace>.svc.")
	fs.StringVar(&o.SecretName, "secret-name", o.SecretName, "Name of the Secret holding the CA and the serving certificate (--self-signed-certs).")
	fs.BoolVar(&o.SelfSignedCerts, "self-signed-certs", o.SelfSignedCerts, "Manage a self-signed CA and serving certificate in --secret-name, rotate them before expiry and inject the CA bundle into the webhook configurations. Set to false when cert-manager (or anything else) provides the certificate in --cert-dir and the caBundle.")
	fs.BoolVar(&o.EnableHTTP2, "enable-http2", o.EnableHTTP2, "Serve HTTP/2 as well as HTTP/1.1 (off by default: HTTP/2 rapid-reset and stream-cancellation CVEs).")
	fs.StringVar(&o.ValidatingConfigName, "validating-webhook-configuration", o.ValidatingConfigName, "ValidatingWebhookConfiguration to inject the CA bundle into.")
	fs.StringVar(&o.MutatingConfigName, "mutating-webhook-configuration", o.MutatingConfigName, "MutatingWebhookConfiguration to inject the CA bundle into.")
	fs.DurationVar(&o.CAValidity, "ca-validity", o.CAValidity, "Lifetime of the self-signed CA.")
	fs.DurationVar(&o.CertValidity, "cert-validity", o.CertValidity, "Lifetime of the serving certificate.")
	fs.DurationVar(&o.CertRenewBefore, "cert-renew-before", o.CertRenewBefore, "Replace the CA or the serving certificate this long before it expires.")
	fs.DurationVar(&o.CertCheck, "cert-check-interval", o.CertCheck, "Longest time between two certificate checks (Secret and configuration changes trigger one at once).")
	fs.StringVar(&o.ControllerServiceAccount, "controller-service-account", o.ControllerServiceAccount, "NAMESPACE:NAME of the controller's service account: only its Workflows owned by an existing CronWorkflow keep the creator labels they carry (default <namespace>:skiff-controller).")
	fs.BoolVar(&o.DeploymentAdoption, "deployment-adoption", o.DeploymentAdoption, "Let the Deployment webhooks adopt opted-in Deployments (scale them to zero for the Rollout controller). Off, every Deployment is admitted as written.")
}
