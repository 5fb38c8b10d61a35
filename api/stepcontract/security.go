package stepcontract

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"
)

// ImageUser is the non-root user and group of Skiff's image (nonroot, 65532; see
// hack/image), which the injected containers run as.
const ImageUser = 65532

// RestrictedSecurityContext is the security context of the containers Skiff injects (init,
// wait, a resource template's main): it passes the restricted Pod Security Standard, so a
// step pod passes it whenever the user's own containers do.
func RestrictedSecurityContext() *corev1.SecurityContext {
	return &corev1.SecurityContext{
		AllowPrivilegeEscalation: ptr.To(false),
		Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
		RunAsNonRoot:             ptr.To(true),
		RunAsUser:                ptr.To(int64(ImageUser)),
		RunAsGroup:               ptr.To(int64(ImageUser)),
		SeccompProfile:           &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
	}
}
