package app

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"

	"github.com/go-logr/logr"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/webhook"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/webhook/admit"
	"github.com/skiff-dev/skiff/webhook/certs"
	"github.com/skiff-dev/skiff/webhook/events"
	"github.com/skiff-dev/skiff/webhook/gitops"
	"github.com/skiff-dev/skiff/webhook/mutate"
	"github.com/skiff-dev/skiff/webhook/rollouts"
	"github.com/skiff-dev/skiff/webhook/workflows"
)

// Scheme holds the built-in kinds and Skiff's.
func Scheme() (*runtime.Scheme, error) {
	s := runtime.NewScheme()
	return s, errors.Join(clientgoscheme.AddToScheme(s), v1alpha1.AddToScheme(s))
}

// Server is the assembled webhook.
type Server struct {
	Manager manager.Manager
	// Rotator is nil unless --self-signed-certs.
	Rotator *certs.Rotator
}

// New builds the manager with every handler registered.
func New(cfg *rest.Config, o Options, log logr.Logger) (*Server, error) {
	s, err := Scheme()
	if err != nil {
		return nil, err
	}
	controllerUser, err := o.controllerUsername()
	if err != nil {
		return nil, err
	}
	srv := &Server{}
	var tlsOpts []func(*tls.Config)
	if !o.EnableHTTP2 {
		tlsOpts = append(tlsOpts, func(c *tls.Config) { c.NextProtos = []string{"http/1.1"} })
	}
	if o.SelfSignedCerts {
		hosts := []string{
			fmt.Sprintf("%s.%s.svc", o.ServiceName, o.Namespace),
			fmt.Sprintf("%s.%s.svc.cluster.local", o.ServiceName, o.Namespace),
			fmt.Sprintf("%s.%s", o.ServiceName, o.Namespace),
		}
		srv.Rotator = &certs.Rotator{
			Secret:             types.NamespacedName{Namespace: o.Namespace, Name: o.SecretName},
			Hosts:              append(hosts, o.CertHosts...),
			ValidatingWebhooks: []string{o.ValidatingConfigName},
			MutatingWebhooks:   []string{o.MutatingConfigName},
			CAValidity:         o.CAValidity,
			CertValidity:       o.CertValidity,
			RenewBefore:        o.CertRenewBefore,
			CheckInterval:      o.CertCheck,
			PropagationDelay:   o.PropagationDelay,
			Log:                log.WithName("certs"),
		}
		tlsOpts = append(tlsOpts, func(c *tls.Config) { c.GetCertificate = srv.Rotator.GetCertificate })
	}
	byObject := map[client.Object]cache.ByObject{}
	if o.SelfSignedCerts {
		// Only the webhook's own Secret: its events trigger a certificate check.
		byObject[&corev1.Secret{}] = cache.ByObject{
			Namespaces: map[string]cache.Config{o.Namespace: {}},
			Field:      fields.OneTermEqualSelector("metadata.name", o.SecretName),
		}
	}
	mgr, err := manager.New(cfg, manager.Options{
		Scheme: s,
		Cache: cache.Options{
			DefaultTransform: cache.TransformStripManagedFields(),
			ByObject:         byObject,
		},
		Metrics:                o.ServerOptions(o.EnableHTTP2),
		HealthProbeBindAddress: o.HealthProbeBindAddress,
		WebhookServer: webhook.NewServer(webhook.Options{
			Host: o.Host, Port: o.Port, CertDir: o.CertDir, TLSOpts: tlsOpts,
		}),
		Logger: log,
	})
	if err != nil {
		return nil, err
	}
	srv.Manager = mgr

	lookup := &admit.ClusterLookup{Cached: mgr.GetClient(), Live: mgr.GetAPIReader()}
	d := admit.NewDispatcher()
	if err := errors.Join(
		workflows.Register(d, s, lookup),
		rollouts.Register(d, s, lookup),
		gitops.Register(d, s, lookup),
		events.Register(d, s, lookup),
	); err != nil {
		return nil, err
	}
	ws := mgr.GetWebhookServer()
	ws.Register(admit.ValidatePath, d.Webhook())
	if err := mutate.Register(ws, s, mutate.Options{
		CronChildren:       &mutate.CronChildren{ControllerUsername: controllerUser, Reader: mgr.GetAPIReader()},
		DeploymentAdoption: o.DeploymentAdoption,
	}); err != nil {
		return nil, err
	}
	if err := mgr.Add(manager.RunnableFunc(func(ctx context.Context) error {
		admit.Warm(ctx, mgr.GetCache())
		return nil
	})); err != nil {
		return nil, err
	}

	if err := mgr.AddHealthzCheck("ping", healthz.Ping); err != nil {
		return nil, err
	}
	if err := mgr.AddReadyzCheck("webhook", ws.StartedChecker()); err != nil {
		return nil, err
	}
	if srv.Rotator != nil {
		srv.Rotator.Reader, srv.Rotator.Writer = mgr.GetAPIReader(), mgr.GetClient()
		if err := mgr.Add(srv.Rotator); err != nil {
			return nil, err
		}
		if err := mgr.AddReadyzCheck("certificate", srv.Rotator.ReadyCheck); err != nil {
			return nil, err
		}
		if err := mgr.Add(manager.RunnableFunc(func(ctx context.Context) error {
			return watchForRotator(ctx, mgr.GetCache(), srv.Rotator)
		})); err != nil {
			return nil, err
		}
	}
	return srv, nil
}

// watchForRotator triggers a certificate check whenever the Secret or a webhook
// configuration changes (someone resetting the caBundle, another replica rotating).
func watchForRotator(ctx context.Context, c cache.Cache, r *certs.Rotator) error {
	h := toolscache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { r.Trigger() },
		UpdateFunc: func(any, any) { r.Trigger() },
		DeleteFunc: func(any) { r.Trigger() },
	}
	for _, obj := range []client.Object{&corev1.Secret{}, &admissionregistrationv1.ValidatingWebhookConfiguration{}, &admissionregistrationv1.MutatingWebhookConfiguration{}} {
		inf, err := c.GetInformer(ctx, obj)
		if err != nil {
			return err
		}
		if _, err := inf.AddEventHandler(h); err != nil {
			return err
		}
	}
	<-ctx.Done()
	return nil
}
