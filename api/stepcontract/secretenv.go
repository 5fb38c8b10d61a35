package stepcontract

import (
	"crypto/sha256"
	"encoding/hex"

	corev1 "k8s.io/api/core/v1"
)

// SecretEnv is the env var through which the controller hands the value of a Secret key
// (artifact store credentials) to init and wait: a secretKeyRef, so the kubelet reads the
// Secret and neither the pod nor skiff-exec needs RBAC. It is a hash, because Secret names
// and keys may hold characters an env var name should not.
func SecretEnv(sel *corev1.SecretKeySelector) string {
	sum := sha256.Sum256([]byte(sel.Name + "\x00" + sel.Key))
	return "SKIFF_SECRET_" + hex.EncodeToString(sum[:10])
}
