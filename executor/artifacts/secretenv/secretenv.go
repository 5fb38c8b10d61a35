// Package secretenv names the environment variables through which the workflow controller
// hands Secret values (artifact store credentials) to the executor: the controller puts
// secretKeyRef env vars in the pod, so neither the pod nor the executor needs RBAC to read
// Secrets. Both sides derive the same name from the Secret's name and key.
package secretenv

import (
	"crypto/sha256"
	"encoding/hex"

	corev1 "k8s.io/api/core/v1"
)

// Name is the env var that carries the value of sel: a hash, because Secret names and keys
// may hold characters an env var name should not.
func Name(sel *corev1.SecretKeySelector) string {
	sum := sha256.Sum256([]byte(sel.Name + "\x00" + sel.Key))
	return "SKIFF_SECRET_" + hex.EncodeToString(sum[:10])
}
