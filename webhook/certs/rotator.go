package certs

import (
	"bytes"
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-logr/logr"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Keys of the Secret.
const (
	KeyCert     = corev1.TLSCertKey       // tls.crt
	KeyKey      = corev1.TLSPrivateKeyKey // tls.key
	KeyCA       = "ca.crt"
	KeyCAKey    = "ca.key"
	KeyCABundle = "ca-bundle.crt"
)

// Rotator keeps the serving certificate; see the package comment. Add it to a manager
// (it is a manager.Runnable) and serve with GetCertificate.
type Rotator struct {
	// Reader reads the Secret and the configurations live (the manager's API reader).
	Reader client.Reader
	// Writer writes them.
	Writer client.Writer
	// Secret holds the CA and the serving pair.
	Secret types.NamespacedName
	// Hosts are the serving certificate's DNS names or IP addresses; the first is its CN.
	Hosts []string
	// ValidatingWebhooks and MutatingWebhooks name the configurations to inject the CA
	// bundle into.
	ValidatingWebhooks, MutatingWebhooks []string
	// CAValidity (default 10 years) and CertValidity (default 1 year) are the lifetimes.
	CAValidity, CertValidity time.Duration
	// RenewBefore is how long before expiry a certificate is replaced (default 90 days).
	RenewBefore time.Duration
	// CheckInterval is the longest time between two checks (default 10 minutes); changes to
	// the Secret or the configurations trigger a check at once (Trigger).
	CheckInterval time.Duration
	// PropagationDelay is how long a new CA must have been in every configuration before a
	// certificate it signed is served (default 10 seconds).
	PropagationDelay time.Duration
	// Log receives what the rotator does.
	Log logr.Logger

	trigger  chan struct{}
	once     sync.Once
	mu       sync.RWMutex
	served   *tls.Certificate
	injected map[string]time.Time // CA fingerprint -> when every configuration first held it
	ready    atomic.Bool
	rotated  atomic.Int64
	hellos   atomic.Int64
}

func (r *Rotator) init() {
	r.once.Do(func() {
		r.trigger = make(chan struct{}, 1)
		r.injected = map[string]time.Time{}
		def := func(d *time.Duration, v time.Duration) {
			if *d == 0 {
				*d = v
			}
		}
		def(&r.CAValidity, 10*365*24*time.Hour)
		def(&r.CertValidity, 365*24*time.Hour)
		def(&r.RenewBefore, 90*24*time.Hour)
		def(&r.CheckInterval, 10*time.Minute)
		def(&r.PropagationDelay, 10*time.Second)
	})
}

// NeedLeaderElection: every replica keeps its own served certificate current.
func (r *Rotator) NeedLeaderElection() bool { return false }

// Trigger asks for a check now (called on Secret and configuration events).
func (r *Rotator) Trigger() {
	r.init()
	select {
	case r.trigger <- struct{}{}:
	default:
	}
}

// Start runs the rotation loop until ctx ends.
func (r *Rotator) Start(ctx context.Context) error {
	r.init()
	if len(r.Hosts) == 0 {
		return errors.New("certs: no hosts for the serving certificate")
	}
	for {
		next := r.Sync(ctx)
		t := time.NewTimer(next)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-r.trigger:
			t.Stop()
		case <-t.C:
		}
	}
}

// GetCertificate serves the current certificate (tls.Config.GetCertificate).
func (r *Rotator) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	r.hellos.Add(1)
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.served == nil {
		return nil, errors.New("no serving certificate yet")
	}
	return r.served, nil
}

// ReadyCheck is a healthz.Checker: ready once a certificate is served whose CA every
// configuration trusts.
func (r *Rotator) ReadyCheck(*http.Request) error {
	if !r.ready.Load() {
		return errors.New("the serving certificate is not served or its CA not injected yet")
	}
	return nil
}

// Served returns the leaf certificate being served, or nil.
func (r *Rotator) Served() *x509.Certificate {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.served == nil {
		return nil
	}
	return r.served.Leaf
}

// Handshakes counts the TLS handshakes served.
func (r *Rotator) Handshakes() int64 { return r.hellos.Load() }

// Rotations counts the certificates (CA or serving) this rotator issued.
func (r *Rotator) Rotations() int64 { return r.rotated.Load() }

// state is what the Secret holds, parsed.
type state struct {
	ca     *x509.Certificate
	caKey  crypto.Signer
	bundle []*x509.Certificate
	leaf   *x509.Certificate
	leafKP []byte // tls.key PEM
}

// Sync checks and repairs everything once and returns when to check again.
func (r *Rotator) Sync(ctx context.Context) time.Duration {
	r.init()
	retry := time.Second
	now := time.Now()
	log := r.Log.WithValues("secret", r.Secret.String())

	sec := &corev1.Secret{}
	create := false
	if err := r.Reader.Get(ctx, r.Secret, sec); apierrors.IsNotFound(err) {
		create = true
		sec = &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: r.Secret.Name, Namespace: r.Secret.Namespace}, Type: corev1.SecretTypeTLS}
	} else if err != nil {
		log.Error(err, "Could not read the certificate Secret")
		return retry
	}
	st := parse(sec.Data)
	changed := false
	wait := r.CheckInterval

	// The CA: replaced RenewBefore its expiry; the old one stays in the bundle until it expires.
	if st.ca == nil || st.caKey == nil || !now.Add(r.RenewBefore).Before(st.ca.NotAfter) {
		ca, key, err := newCA(now, r.CAValidity, r.Hosts[0]+"-ca")
		if err != nil {
			log.Error(err, "Could not create a CA")
			return retry
		}
		if st.ca != nil {
			st.bundle = append(st.bundle, st.ca)
		}
		st.ca, st.caKey = ca, key
		changed = true
		r.rotated.Add(1)
		log.Info("Created a new CA", "notAfter", ca.NotAfter, "fingerprint", fingerprint(ca))
	}
	bundle := []*x509.Certificate{st.ca}
	for _, c := range st.bundle {
		if now.Before(c.NotAfter) && !c.Equal(st.ca) && !contains(bundle, c) {
			bundle = append(bundle, c)
		}
	}
	if !bytes.Equal(certPEM(bundle...), certPEM(st.bundle...)) {
		changed = true
	}
	st.bundle = bundle

	// The serving certificate: replaced RenewBefore its expiry, or when its CA is not the
	// current one; while the one in use is still good, only once the current CA is trusted.
	good := st.leaf != nil && verifies(st.leaf, bundle, r.Hosts, now)
	fresh := good && now.Add(r.RenewBefore).Before(st.leaf.NotAfter) && st.leaf.CheckSignatureFrom(st.ca) == nil
	if !fresh {
		trustedFor, trusted := r.trustedFor(st.ca, now)
		if !good || (trusted && trustedFor >= r.PropagationDelay) {
			leaf, key, err := newLeaf(now, r.CertValidity, r.Hosts, st.ca, st.caKey)
			if err != nil {
				log.Error(err, "Could not create a serving certificate")
				return retry
			}
			kp, err := keyPEM(key)
			if err != nil {
				log.Error(err, "Could not encode a key")
				return retry
			}
			st.leaf, st.leafKP = leaf, kp
			changed = true
			r.rotated.Add(1)
			log.Info("Issued a serving certificate", "notAfter", leaf.NotAfter, "ca", fingerprint(st.ca))
		} else {
			wait = r.PropagationDelay - trustedFor
			if !trusted {
				wait = r.PropagationDelay
			}
		}
	}

	if changed {
		caKey, err := keyPEM(st.caKey)
		if err != nil {
			log.Error(err, "Could not encode a key")
			return retry
		}
		if sec.Data == nil {
			sec.Data = map[string][]byte{}
		}
		sec.Data[KeyCA], sec.Data[KeyCAKey], sec.Data[KeyCABundle] = certPEM(st.ca), caKey, certPEM(st.bundle...)
		sec.Data[KeyCert], sec.Data[KeyKey] = certPEM(st.leaf), st.leafKP
		if create {
			err = r.Writer.Create(ctx, sec)
		} else {
			err = r.Writer.Update(ctx, sec)
		}
		if err != nil {
			// Another replica wrote first (conflict) or the API is unreachable: read again.
			log.Info("Could not write the certificate Secret, retrying", "error", err.Error())
			return retry
		}
	}

	allHold, err := r.inject(ctx, certPEM(st.bundle...))
	if err != nil {
		log.Info("Could not inject the CA bundle, retrying", "error", err.Error())
		wait = retry
	}
	if allHold {
		r.mu.Lock()
		for _, c := range st.bundle {
			if _, ok := r.injected[fingerprint(c)]; !ok {
				r.injected[fingerprint(c)] = now
			}
		}
		r.mu.Unlock()
	}

	if st.leaf != nil {
		r.serve(st, log)
	}
	r.ready.Store(allHold && st.leaf != nil && verifies(st.leaf, st.bundle, r.Hosts, now))
	if wait <= 0 || wait > r.CheckInterval {
		wait = r.CheckInterval
	}
	// Check again no later than when a certificate enters its renewal window.
	for _, c := range []*x509.Certificate{st.ca, st.leaf} {
		if c != nil {
			if until := time.Until(c.NotAfter.Add(-r.RenewBefore)); until > 0 && until < wait {
				wait = until + 10*time.Millisecond
			}
		}
	}
	return wait
}

// trustedFor says how long every configuration has held the CA.
func (r *Rotator) trustedFor(ca *x509.Certificate, now time.Time) (time.Duration, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	t, ok := r.injected[fingerprint(ca)]
	return now.Sub(t), ok
}

func (r *Rotator) serve(st state, log logr.Logger) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.served != nil && r.served.Leaf != nil && r.served.Leaf.Equal(st.leaf) {
		return
	}
	kp, err := tls.X509KeyPair(certPEM(st.leaf), st.leafKP)
	if err != nil {
		log.Error(err, "Could not load the serving certificate")
		return
	}
	kp.Leaf = st.leaf
	r.served = &kp
	log.Info("Serving a new certificate", "notAfter", st.leaf.NotAfter, "serial", st.leaf.SerialNumber.Text(16))
}

// setCABundle writes bundle into each client config; it reports whether any changed.
func setCABundle(bundle []byte, configs []*admissionregistrationv1.WebhookClientConfig) bool {
	changed := false
	for _, cc := range configs {
		if !bytes.Equal(cc.CABundle, bundle) {
			cc.CABundle, changed = bundle, true
		}
	}
	return changed
}

// inject writes the bundle into every webhook of the configurations; it reports whether
// they all hold it.
func (r *Rotator) inject(ctx context.Context, bundle []byte) (bool, error) {
	all := true
	var errs []error
	for _, name := range r.ValidatingWebhooks {
		c := &admissionregistrationv1.ValidatingWebhookConfiguration{}
		ok, err := r.injectOne(ctx, name, c, func() bool {
			configs := make([]*admissionregistrationv1.WebhookClientConfig, len(c.Webhooks))
			for i := range c.Webhooks {
				configs[i] = &c.Webhooks[i].ClientConfig
			}
			return setCABundle(bundle, configs)
		})
		all, errs = all && ok, append(errs, err)
	}
	for _, name := range r.MutatingWebhooks {
		c := &admissionregistrationv1.MutatingWebhookConfiguration{}
		ok, err := r.injectOne(ctx, name, c, func() bool {
			configs := make([]*admissionregistrationv1.WebhookClientConfig, len(c.Webhooks))
			for i := range c.Webhooks {
				configs[i] = &c.Webhooks[i].ClientConfig
			}
			return setCABundle(bundle, configs)
		})
		all, errs = all && ok, append(errs, err)
	}
	return all, errors.Join(errs...)
}

func (r *Rotator) injectOne(ctx context.Context, name string, obj client.Object, set func() bool) (bool, error) {
	if err := r.Reader.Get(ctx, client.ObjectKey{Name: name}, obj); err != nil {
		return false, fmt.Errorf("reading %T %s: %w", obj, name, err)
	}
	if !set() {
		return true, nil
	}
	if err := r.Writer.Update(ctx, obj); err != nil {
		return false, fmt.Errorf("injecting the CA bundle into %s: %w", name, err)
	}
	r.Log.Info("Injected the CA bundle", "configuration", name)
	// Written now: the API server's informer sees it a moment later, which
	// PropagationDelay covers.
	return true, nil
}

func parse(data map[string][]byte) state {
	var st state
	if cas := parseCerts(data[KeyCA]); len(cas) > 0 {
		st.ca = cas[0]
	}
	if k, err := parseKey(data[KeyCAKey]); err == nil {
		st.caKey = k
	}
	st.bundle = parseCerts(data[KeyCABundle])
	if leaves := parseCerts(data[KeyCert]); len(leaves) > 0 {
		if _, err := tls.X509KeyPair(data[KeyCert], data[KeyKey]); err == nil {
			st.leaf, st.leafKP = leaves[0], data[KeyKey]
		}
	}
	return st
}

func contains(list []*x509.Certificate, c *x509.Certificate) bool {
	for _, x := range list {
		if x.Equal(c) {
			return true
		}
	}
	return false
}
