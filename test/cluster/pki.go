package cluster

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"time"
)

// coreDNSUser is the identity CoreDNS's client certificate carries; RBAC grants it reads.
const coreDNSUser = "skiff:coredns"

// certSpec describes one leaf certificate of the cluster PKI.
type certSpec struct {
	name   string // files <name>.crt and <name>.key in the pki dir
	ca     string // name of the signing CA
	cn     string
	orgs   []string
	dns    []string
	ips    []net.IP
	server bool // serving certificate; otherwise a client certificate
}

// caNames are the two CAs: the cluster CA, and the front-proxy CA the aggregation layer
// uses to vouch for users it forwards requests for.
var caNames = []string{"ca", "front-proxy-ca"}

func (c Config) certSpecs() []certSpec {
	host := c.NodeName
	loopback := net.ParseIP("127.0.0.1")
	return []certSpec{
		{name: "apiserver", ca: "ca", cn: "kube-apiserver", server: true,
			dns: []string{host, "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc." + ClusterDomain},
			ips: []net.IP{loopback, net.ParseIP(NodeIP), net.ParseIP(APIServiceIP)}},
		// The API server's identity towards kubelets (logs, exec, port-forward).
		{name: "apiserver-kubelet-client", ca: "ca", cn: "kube-apiserver-kubelet-client", orgs: []string{"system:masters"}},
		{name: "front-proxy-client", ca: "front-proxy-ca", cn: "front-proxy-client"},
		{name: "admin", ca: "ca", cn: "skiff-admin", orgs: []string{"system:masters"}},
		{name: "controller-manager", ca: "ca", cn: "system:kube-controller-manager"},
		{name: "scheduler", ca: "ca", cn: "system:kube-scheduler"},
		// The Node authorizer only lets a kubelet touch its own node: CN must be its name.
		{name: "kubelet-client", ca: "ca", cn: "system:node:" + host, orgs: []string{"system:nodes"}},
		{name: "kubelet", ca: "ca", cn: host, server: true,
			dns: []string{host, "localhost"}, ips: []net.IP{loopback, net.ParseIP(NodeIP)}},
		{name: "kube-proxy", ca: "ca", cn: "system:kube-proxy"},
		{name: coreDNSCertName, ca: "ca", cn: coreDNSUser},
	}
}

const coreDNSCertName = "coredns"

// pkiMeta is written last: its presence marks a complete PKI, and it records what the
// certificates name so a host rename triggers regeneration.
type pkiMeta struct {
	Node      string `json:"node"`
	NodeIP    string `json:"nodeIP"`
	ServiceIP string `json:"serviceIP"`
}

func (c Config) wantMeta() pkiMeta {
	return pkiMeta{Node: c.NodeName, NodeIP: NodeIP, ServiceIP: APIServiceIP}
}

// ensurePKI keeps a valid PKI or regenerates all of it. It returns why it regenerated ("" if
// it did not) and the node name the old PKI was made for (so a stale Node can be removed).
func (c Config) ensurePKI() (reason, oldNode string, err error) {
	var old pkiMeta
	b, err := os.ReadFile(c.pki("meta.json"))
	switch {
	case err != nil:
		reason = "no complete PKI yet"
	case json.Unmarshal(b, &old) != nil:
		reason = "pki/meta.json is corrupt"
	case old != c.wantMeta():
		reason = fmt.Sprintf("it was made for node %q, this host is %q", old.Node, c.NodeName)
	default:
		if verr := c.validatePKI(); verr != nil {
			reason = verr.Error()
		}
	}
	if reason == "" {
		return "", "", nil
	}
	if err := c.generatePKI(); err != nil {
		return "", "", fmt.Errorf("generating the PKI: %w", err)
	}
	if old.Node != c.NodeName {
		oldNode = old.Node
	}
	return reason, oldNode, nil
}

func (c Config) generatePKI() error {
	if err := os.RemoveAll(c.path("pki")); err != nil {
		return err
	}
	cas := map[string]*issuer{}
	for _, name := range caNames {
		ca, err := newCA("skiff-" + name)
		if err != nil {
			return err
		}
		if err := c.writePair(name, ca.cert, ca.key); err != nil {
			return err
		}
		cas[name] = ca
	}
	for _, s := range c.certSpecs() {
		key, err := newKey()
		if err != nil {
			return err
		}
		cert, err := cas[s.ca].sign(s, key)
		if err != nil {
			return fmt.Errorf("signing %s: %w", s.name, err)
		}
		if err := c.writePair(s.name, cert, key); err != nil {
			return err
		}
	}
	// The service-account key pair signs and verifies ServiceAccount tokens.
	sa, err := newKey()
	if err != nil {
		return err
	}
	if err := writeKey(c.pki("sa.key"), sa); err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(sa.Public())
	if err != nil {
		return err
	}
	if err := writeAtomic(c.pki("sa.pub"), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o644); err != nil {
		return err
	}
	meta, _ := json.Marshal(c.wantMeta())
	return writeAtomic(c.pki("meta.json"), meta, 0o644)
}

type issuer struct {
	cert *x509.Certificate
	key  crypto.Signer
}

func newKey() (*ecdsa.PrivateKey, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) }

func serial() (*big.Int, error) { return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127)) }

func newCA(cn string) (*issuer, error) {
	key, err := newKey()
	if err != nil {
		return nil, err
	}
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: sn, Subject: pkix.Name{CommonName: cn},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return &issuer{cert: cert, key: key}, err
}

func (ca *issuer) sign(s certSpec, key crypto.Signer) (*x509.Certificate, error) {
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	usage := x509.ExtKeyUsageClientAuth
	if s.server {
		usage = x509.ExtKeyUsageServerAuth
	}
	tmpl := &x509.Certificate{
		SerialNumber: sn, Subject: pkix.Name{CommonName: s.cn, Organization: s.orgs},
		// An hour of back-dating tolerates small clock differences between processes.
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
		DNSNames: s.dns, IPAddresses: s.ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

func (c Config) writePair(name string, cert *x509.Certificate, key crypto.Signer) error {
	if err := writeKey(c.pki(name+".key"), key); err != nil {
		return err
	}
	return writeAtomic(c.pki(name+".crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o644)
}

func writeKey(path string, key crypto.Signer) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return writeAtomic(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
}
