//go:build integration

package integration

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/go-logr/logr"
	"go.uber.org/zap/zapcore"
	admissionv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/webhook/app"
)

// crdTestUser is envtest's admin, whom the CRD schema tests (crds_test.go) act as: they test
// the CRD schemas alone, so the installed webhooks skip that user's requests (a matchCondition
// added here only, never in manifests/webhook). Webhook tests act as webhookUser.
const (
	crdTestUser = "admin"
	webhookUser = "alice@example.com"
	// controllerServiceAccount is the controller identity the webhook trusts with the creator
	// labels of CronWorkflow runs (--controller-service-account).
	controllerServiceAccount = "skiff-system:skiff-controller"
)

var (
	// ucl acts as webhookUser (system:masters): its requests go through the webhooks.
	ucl  client.Client
	ucfg *rest.Config
	// skiffScheme knows the built-in kinds and Skiff's.
	skiffScheme *runtime.Scheme
	// webhookServer is the in-process webhook behind the envtest-installed configurations.
	webhookServer *app.Server
	// webhookInstall is envtest's webhook install options (serving host, port, certs).
	webhookInstall *envtest.WebhookInstallOptions
)

// installWebhookConfigurations reads manifests/webhook, the controller-gen output, into
// envtest's WebhookInstallOptions (which points their clientConfig at the local server with
// envtest's own CA).
func installWebhookConfigurations(env *envtest.Environment, repo string) error {
	data, err := os.ReadFile(filepath.Join(repo, "manifests", "webhook", "manifests.yaml"))
	if err != nil {
		return err
	}
	skip := admissionv1.MatchCondition{Name: "not-the-crd-schema-tests", Expression: fmt.Sprintf("request.userInfo.username != %q", crdTestUser)}
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		var meta struct{ Kind string }
		if err := sigsyaml.Unmarshal(doc, &meta); err != nil {
			return err
		}
		switch meta.Kind {
		case "ValidatingWebhookConfiguration":
			c := &admissionv1.ValidatingWebhookConfiguration{}
			if err := sigsyaml.UnmarshalStrict(doc, c); err != nil {
				return err
			}
			for i := range c.Webhooks {
				c.Webhooks[i].MatchConditions = append(c.Webhooks[i].MatchConditions, skip)
			}
			env.WebhookInstallOptions.ValidatingWebhooks = append(env.WebhookInstallOptions.ValidatingWebhooks, c)
		case "MutatingWebhookConfiguration":
			c := &admissionv1.MutatingWebhookConfiguration{}
			if err := sigsyaml.UnmarshalStrict(doc, c); err != nil {
				return err
			}
			for i := range c.Webhooks {
				c.Webhooks[i].MatchConditions = append(c.Webhooks[i].MatchConditions, skip)
			}
			env.WebhookInstallOptions.MutatingWebhooks = append(env.WebhookInstallOptions.MutatingWebhooks, c)
		}
	}
	if len(env.WebhookInstallOptions.ValidatingWebhooks) != 1 || len(env.WebhookInstallOptions.MutatingWebhooks) != 1 {
		return fmt.Errorf("manifests/webhook: want one validating and one mutating configuration")
	}
	return nil
}

// startWebhook runs the webhook server in-process with envtest's serving certificate
// (--self-signed-certs=false, as with cert-manager) and creates the webhook tests' user.
func startWebhook(env *envtest.Environment) (func(), error) {
	var err error
	if skiffScheme, err = app.Scheme(); err != nil {
		return nil, err
	}
	webhookInstall = &env.WebhookInstallOptions
	o := app.Defaults()
	o.Host, o.Port, o.CertDir = webhookInstall.LocalServingHost, webhookInstall.LocalServingPort, webhookInstall.LocalServingCertDir
	o.SelfSignedCerts = false
	o.MetricsBindAddress, o.HealthProbeBindAddress = "0", "0"
	// Off by default (nothing runs adopted Deployments yet); TestWebhookDeploymentAdoption
	// tests the adoption itself, so this server turns it on.
	o.DeploymentAdoption = true
	o.ControllerServiceAccount = controllerServiceAccount
	ctrllog.SetLogger(testLogger())
	webhookServer, err = app.New(cfg, o, ctrllog.Log.WithName("skiff-webhook"))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- webhookServer.Manager.Start(ctx) }()
	stop := func() {
		cancel()
		<-done
	}
	started := webhookServer.Manager.GetWebhookServer().StartedChecker()
	deadline := time.Now().Add(30 * time.Second)
	for started(nil) != nil {
		if time.Now().After(deadline) {
			stop()
			return nil, errors.New("the webhook server did not start within 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	user, err := env.AddUser(envtest.User{Name: webhookUser, Groups: []string{"system:masters"}}, nil)
	if err != nil {
		stop()
		return nil, err
	}
	ucfg = user.Config()
	ucfg.QPS, ucfg.Burst = 1000, 2000 // client-go's default 5 QPS would time the tests, not the server
	ucl, err = client.New(ucfg, client.Options{Scheme: skiffScheme})
	if err != nil {
		stop()
		return nil, err
	}
	return stop, nil
}

// testLogger logs the webhook's errors to stderr (SKIFF_WEBHOOK_LOG=1 for everything).
func testLogger() logr.Logger {
	if os.Getenv("SKIFF_WEBHOOK_LOG") != "" {
		return zap.New(zap.UseDevMode(true), zap.WriteTo(os.Stderr))
	}
	return zap.New(zap.WriteTo(os.Stderr), zap.Level(zapcore.ErrorLevel))
}

// warnings collects the warnings the API server returns to a client.
type warnings struct {
	mu  sync.Mutex
	all []string
}

func (w *warnings) HandleWarningHeaderWithContext(_ context.Context, _ int, _ string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.all = append(w.all, text)
}

func (w *warnings) list() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.all...)
}

// userClientWithWarnings is a webhookUser client that records warnings.
func userClientWithWarnings() (client.Client, *warnings, error) {
	w := &warnings{}
	c := rest.CopyConfig(ucfg)
	c.WarningHandlerWithContext = w
	cl, err := client.New(c, client.Options{Scheme: skiffScheme})
	return cl, w, err
}
