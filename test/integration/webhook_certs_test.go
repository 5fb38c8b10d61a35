//go:build integration

package integration

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/webhook/app"
	"github.com/skiff-dev/skiff/webhook/certs"
)

// TestWebhookCertRotation runs a second webhook server that manages its own certificates
// (--self-signed-certs) with lifetimes of seconds, behind its own copies of the generated
// configurations scoped to one namespace. It starts from a Secret holding an expired CA and
// certificate, which it must replace and inject before it is ready; then, while admission
// requests are sent in a loop, the CA and the serving certificate are rotated several times
// and the caBundle updated, and no request fails.
func TestWebhookCertRotation(t *testing.T) {
	ctx := context.Background()
	const ns, secretNS, secretName = "webhook-rotation", "skiff-system", "rotation-cert"
	ensureNamespace(t, ns, nil)
	ensureNamespace(t, secretNS, nil)
	port := freePort(t)

	vName, mName := "skiff-rotation-validating", "skiff-rotation-mutating"
	scope := &metav1.LabelSelector{MatchLabels: map[string]string{"kubernetes.io/metadata.name": ns}}
	url := func(path string) *string { u := fmt.Sprintf("https://127.0.0.1:%d%s", port, path); return &u }
	vwc := webhookInstall.ValidatingWebhooks[0].DeepCopy()
	vwc.ObjectMeta = metav1.ObjectMeta{Name: vName}
	for i := range vwc.Webhooks {
		vwc.Webhooks[i].ClientConfig = admissionv1.WebhookClientConfig{URL: url("/validate-skiff")}
		vwc.Webhooks[i].NamespaceSelector = scope
	}
	mwc := &admissionv1.MutatingWebhookConfiguration{ObjectMeta: metav1.ObjectMeta{Name: mName}}
	for _, w := range webhookInstall.MutatingWebhooks[0].Webhooks {
		if w.Name == "mutate.skiff.dev" {
			w.ClientConfig = admissionv1.WebhookClientConfig{URL: url("/mutate-skiff")}
			w.NamespaceSelector = scope
			mwc.Webhooks = append(mwc.Webhooks, w)
		}
	}
	for _, obj := range []client.Object{vwc, mwc} {
		if err := cl.Create(ctx, obj); err != nil {
			t.Fatal(err)
		}
		defer func(obj client.Object) { _ = cl.Delete(ctx, obj) }(obj)
	}

	// An expired CA and serving certificate, as after a long outage.
	expired := expiredSecret(t, secretNS, secretName)
	if err := cl.Create(ctx, expired); err != nil {
		t.Fatal(err)
	}

	o := app.Defaults()
	o.Host, o.Port = "127.0.0.1", port
	o.Namespace, o.SecretName = secretNS, secretName
	o.CertHosts = []string{"127.0.0.1"}
	o.ValidatingConfigName, o.MutatingConfigName = vName, mName
	o.CAValidity, o.CertValidity, o.CertRenewBefore = 6*time.Second, 6*time.Second, 3*time.Second
	o.CertCheck, o.PropagationDelay = 200*time.Millisecond, time.Second
	o.MetricsBindAddress, o.HealthProbeBindAddress = "0", "0"
	srv, err := app.New(cfg, o, testLogger().WithName("rotation"))
	if err != nil {
		t.Fatal(err)
	}
	mctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Manager.Start(mctx) }()
	defer func() { cancel(); <-done }()

	deadline := time.Now().Add(30 * time.Second)
	for srv.Rotator.ReadyCheck(nil) != nil || srv.Manager.GetWebhookServer().StartedChecker()(nil) != nil {
		if time.Now().After(deadline) {
			t.Fatal("the rotating webhook server did not become ready within 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	sec := &corev1.Secret{}
	if err := cl.Get(ctx, client.ObjectKey{Namespace: secretNS, Name: secretName}, sec); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(sec.Data[certs.KeyCert], expired.Data[certs.KeyCert]) || bytes.Equal(sec.Data[certs.KeyCA], expired.Data[certs.KeyCA]) {
		t.Fatal("the expired CA and certificate were not replaced")
	}
	bundles := func() (v, m []byte) {
		var gv admissionv1.ValidatingWebhookConfiguration
		var gm admissionv1.MutatingWebhookConfiguration
		if err := cl.Get(ctx, client.ObjectKey{Name: vName}, &gv); err != nil {
			t.Error(err)
		}
		if err := cl.Get(ctx, client.ObjectKey{Name: mName}, &gm); err != nil {
			t.Error(err)
		}
		return gv.Webhooks[0].ClientConfig.CABundle, gm.Webhooks[0].ClientConfig.CABundle
	}
	if v, m := bundles(); !bytes.Equal(v, sec.Data[certs.KeyCABundle]) || !bytes.Equal(m, sec.Data[certs.KeyCABundle]) {
		t.Fatal("the caBundle of the configurations is not the Secret's bundle")
	}
	firstBundle, _ := bundles()
	firstSerial := srv.Rotator.Served().SerialNumber.String()

	// Admission requests in a loop while the certificates rotate.
	var sent, failed atomic.Int64
	var mu sync.Mutex
	var errs []string
	serials, caBundles := map[string]bool{firstSerial: true}, map[string]bool{string(firstBundle): true}
	stop := time.Now().Add(12 * time.Second)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				wf := workflow("rotation-")
				wf.Namespace = ns
				sent.Add(1)
				if err := ucl.Create(ctx, wf, client.DryRunAll); err != nil {
					failed.Add(1)
					mu.Lock()
					errs = append(errs, err.Error())
					mu.Unlock()
				} else if wf.Labels["workflows.argoproj.io/creator"] == "" {
					failed.Add(1)
				}
			}
		}()
	}
	for time.Now().Before(stop) {
		time.Sleep(100 * time.Millisecond)
		if c := srv.Rotator.Served(); c != nil {
			serials[c.SerialNumber.String()] = true
		}
		v, _ := bundles()
		caBundles[string(v)] = true
	}
	wg.Wait()
	fmt.Printf("certificate rotation: %d admission requests, %d failed; %d serving certificates served, %d caBundles injected, %d certificates issued, %d TLS handshakes\n",
		sent.Load(), failed.Load(), len(serials), len(caBundles), srv.Rotator.Rotations(), srv.Rotator.Handshakes())
	if failed.Load() > 0 {
		t.Errorf("%d of %d admission requests failed during rotation, first: %v", failed.Load(), sent.Load(), errs)
	}
	if len(serials) < 3 || len(caBundles) < 3 {
		t.Errorf("want at least 2 rotations of the serving certificate and of the caBundle in 12s, saw %d certificates and %d bundles", len(serials), len(caBundles))
	}
	if srv.Rotator.Handshakes() < 2 {
		t.Errorf("the API server made %d TLS handshakes with the rotating server: requests did not reach it", srv.Rotator.Handshakes())
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// expiredSecret is a certificate Secret whose CA and serving certificate expired an hour ago.
func expiredSecret(t *testing.T, ns, name string) *corev1.Secret {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	past := time.Now().Add(-time.Hour)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "old-ca"}, NotBefore: past.Add(-time.Hour), NotAfter: past,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"}, NotBefore: past.Add(-time.Hour), NotAfter: past,
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(key)
	pemOf := func(typ string, b []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}) }
	return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Type: corev1.SecretTypeTLS, Data: map[string][]byte{
		certs.KeyCA: pemOf("CERTIFICATE", caDER), certs.KeyCAKey: pemOf("PRIVATE KEY", keyDER), certs.KeyCABundle: pemOf("CERTIFICATE", caDER),
		certs.KeyCert: pemOf("CERTIFICATE", leafDER), certs.KeyKey: pemOf("PRIVATE KEY", keyDER),
	}}
}
