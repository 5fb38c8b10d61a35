// Command webhook is Skiff's admission webhook server (the image's skiff-webhook): it
// validates every Skiff kind through api/validate and mutates Helm-hooked Jobs, Pods and
// Workflows, creator labels of the Workflow family and adopted Deployments (see
// webhook/mutate). By default it manages its own serving certificate (webhook/certs).
package main

import (
	"flag"
	"fmt"
	"os"

	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/skiff-dev/skiff/webhook/app"
)

func main() {
	o := app.Defaults()
	fs := flag.NewFlagSet("skiff-webhook", flag.ExitOnError)
	o.AddFlags(fs)
	zo := zap.Options{}
	zo.BindFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: skiff-webhook [flags]

Skiff's admission webhook: one HTTPS server validating every argoproj.io kind Skiff serves
(validate.skiff.dev) and mutating where Skiff's contract says (mutate.skiff.dev,
helm-hooks.mutate.skiff.dev, adopt*.mutate.skiff.dev). Its webhook configurations are
skiff-validating-webhook-configuration and skiff-mutating-webhook-configuration.

Endpoints: the webhooks on --port; /metrics on --metrics-bind-address
(controller_runtime_webhook_* and skiff_webhook_denials_total{kind,reason}), over HTTPS for
bearer tokens the API server allows GET /metrics unless --metrics-secure=false; /healthz and
/readyz on --health-probe-bind-address (ready once the server listens and, with
--self-signed-certs, its certificate is served and its CA injected).

Deployment adoption (scaling opted-in Deployments to zero for the Rollout controller) is off
unless --deployment-adoption. Creator labels a Workflow carries survive only when
--controller-service-account creates it for a CronWorkflow that exists.

Flags:
`)
		fs.PrintDefaults()
	}
	_ = fs.Parse(os.Args[1:])
	if err := o.Validate(); err != nil {
		fmt.Fprintln(os.Stderr, "skiff-webhook:", err)
		os.Exit(2)
	}
	ctrl.SetLogger(zap.New(zap.UseFlagOptions(&zo)))
	log := ctrl.Log.WithName("skiff-webhook")

	cfg, err := ctrl.GetConfig()
	if err != nil {
		log.Error(err, "Could not load a kubeconfig")
		os.Exit(1)
	}
	srv, err := app.New(cfg, o, log)
	if err != nil {
		log.Error(err, "Could not set the webhook server up")
		os.Exit(1)
	}
	log.Info("Starting", "port", o.Port, "namespace", o.Namespace, "selfSignedCerts", o.SelfSignedCerts, "http2", o.EnableHTTP2)
	if err := srv.Manager.Start(ctrl.SetupSignalHandler()); err != nil {
		log.Error(err, "The webhook server stopped")
		os.Exit(1)
	}
}
