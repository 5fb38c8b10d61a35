package cluster

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"
)

// validatePKI checks every file of the PKI: parseable, key matches certificate, signed by
// its CA, names what it must name, and not about to expire. Any failure means regenerate.
func (c Config) validatePKI() error {
	cas := map[string]*x509.Certificate{}
	for _, name := range caNames {
		cert, _, err := c.loadPair(name)
		if err != nil {
			return err
		}
		if !cert.IsCA {
			return fmt.Errorf("pki/%s.crt is not a CA", name)
		}
		cas[name] = cert
	}
	for _, s := range c.certSpecs() {
		cert, _, err := c.loadPair(s.name)
		if err != nil {
			return err
		}
		roots := x509.NewCertPool()
		roots.AddCert(cas[s.ca])
		if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
			return fmt.Errorf("pki/%s.crt does not verify against %s: %w", s.name, s.ca, err)
		}
		if cert.Subject.CommonName != s.cn || !slices.Equal(cert.Subject.Organization, s.orgs) {
			return fmt.Errorf("pki/%s.crt names %q, want %q", s.name, cert.Subject.CommonName, s.cn)
		}
		for _, d := range s.dns {
			if !slices.Contains(cert.DNSNames, d) {
				return fmt.Errorf("pki/%s.crt lacks the name %q", s.name, d)
			}
		}
		for _, ip := range s.ips {
			if !slices.ContainsFunc(cert.IPAddresses, ip.Equal) {
				return fmt.Errorf("pki/%s.crt lacks the address %s", s.name, ip)
			}
		}
	}
	key, err := readKey(c.pki("sa.key"))
	if err != nil {
		return err
	}
	pubPEM, err := os.ReadFile(c.pki("sa.pub"))
	if err != nil {
		return err
	}
	block, _ := pem.Decode(pubPEM)
	if block == nil {
		return errors.New("pki/sa.pub is not PEM")
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return fmt.Errorf("pki/sa.pub: %w", err)
	}
	if eq, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !eq.Equal(pub) {
		return errors.New("pki/sa.pub does not match pki/sa.key")
	}
	return nil
}

// loadPair reads <name>.crt and <name>.key and checks they belong together and the
// certificate stays valid for at least another day.
func (c Config) loadPair(name string) (*x509.Certificate, crypto.Signer, error) {
	b, err := os.ReadFile(c.pki(name + ".crt"))
	if err != nil {
		return nil, nil, err
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, nil, fmt.Errorf("pki/%s.crt is not a PEM certificate", name)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("pki/%s.crt: %w", name, err)
	}
	if time.Until(cert.NotAfter) < 24*time.Hour {
		return nil, nil, fmt.Errorf("pki/%s.crt expires %s", name, cert.NotAfter.Format(time.RFC3339))
	}
	key, err := readKey(c.pki(name + ".key"))
	if err != nil {
		return nil, nil, err
	}
	if eq, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !eq.Equal(cert.PublicKey) {
		return nil, nil, fmt.Errorf("pki/%s.key does not match pki/%s.crt", name, name)
	}
	return cert, key, nil
}

func readKey(path string) (crypto.Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("%s is not PEM", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	signer, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%s holds no signing key", path)
	}
	return signer, nil
}
