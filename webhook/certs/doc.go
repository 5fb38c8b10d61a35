// Package certs keeps the webhook's serving certificate: a self-signed CA and a serving
// certificate in one Secret, rotated before they expire, the CA bundle injected into the
// webhook's own Validating/MutatingWebhookConfigurations, and the certificate served from
// memory (tls.Config.GetCertificate) as soon as the Secret holds it, with no wait for a
// kubelet volume sync.
//
// Rotation never breaks admission. The caBundle holds every CA that is still valid, the
// current one first, and a serving certificate signed by a new CA is only served once the
// bundle holding that CA has been in every configuration for PropagationDelay (the API
// server reads configurations through an informer). So at every moment the certificate
// served chains to a CA the API server trusts, whichever replica serves it. The CA is
// renewed RenewBefore its expiry, and so is the serving certificate.
//
// The Secret (type kubernetes.io/tls) holds tls.crt and tls.key (the serving pair), ca.crt
// and ca.key (the current CA) and ca-bundle.crt (the injected bundle). Several replicas may
// run the rotator: writes use optimistic concurrency and every replica serves what the
// Secret holds.
//
// github.com/open-policy-agent/cert-controller (v0.16.0 resolves here without moving
// k8s.io/*) was the first choice, but it injects only the current CA: at a CA rotation the
// API server and the server switch at different instants and admission requests fail in
// between, which failurePolicy Fail turns into denied writes. This rotator is the same idea
// with the overlap.
package certs
