package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/intstr"
)

// BlueGreenStrategy brings the new version up next to the old one, exposes it through a
// preview Service, then switches the active Service to it.
//
// +kubebuilder:validation:XValidation:rule="!has(self.previewService) || self.previewService != self.activeService",message="spec.strategy.blueGreen: activeService and previewService must name two different Services"
type BlueGreenStrategy struct {
	// ActiveService is the Service switched to the new version on promotion.
	ActiveService string `json:"activeService"`
	// PreviewService is the Service pointed at the new version before promotion.
	// +optional
	PreviewService string `json:"previewService,omitempty"`
	// PreviewReplicaCount is how many pods the new version runs before promotion; it is
	// scaled to full size when the Rollout resumes.
	// +optional
	PreviewReplicaCount *int32 `json:"previewReplicaCount,omitempty"`
	// AutoPromotionEnabled promotes as soon as the new version is ready; false pauses
	// before the switch (nil means true).
	// +optional
	AutoPromotionEnabled *bool `json:"autoPromotionEnabled,omitempty"`
	// AutoPromotionSeconds delays automatic promotion by this many seconds after the
	// preview is fully available.
	// +optional
	AutoPromotionSeconds int32 `json:"autoPromotionSeconds,omitempty"`
	// MaxUnavailable is how many pods (number or percentage) may be unavailable while the
	// new version scales up.
	// +optional
	MaxUnavailable *intstr.IntOrString `json:"maxUnavailable,omitempty"`
	// ScaleDownDelaySeconds is how long the old version stays up after the switch (nil
	// means 30).
	// +optional
	ScaleDownDelaySeconds *int32 `json:"scaleDownDelaySeconds,omitempty"`
	// ScaleDownDelayRevisionLimit caps how many old ReplicaSets may wait for their delayed
	// scale-down at the same time.
	// +optional
	ScaleDownDelayRevisionLimit *int32 `json:"scaleDownDelayRevisionLimit,omitempty"`
	// PrePromotionAnalysis must succeed before the active Service is switched.
	// +optional
	PrePromotionAnalysis *RolloutAnalysis `json:"prePromotionAnalysis,omitempty"`
	// PostPromotionAnalysis runs after the switch; a failure rolls back.
	// +optional
	PostPromotionAnalysis *RolloutAnalysis `json:"postPromotionAnalysis,omitempty"`
	// AntiAffinity keeps new pods off the nodes running the old version.
	// +optional
	AntiAffinity *RolloutAntiAffinity `json:"antiAffinity,omitempty"`
	// PreviewMetadata is put on the pods while they are the preview.
	// +optional
	PreviewMetadata *RolloutPodMetadata `json:"previewMetadata,omitempty"`
	// ActiveMetadata is put on the pods while they are active.
	// +optional
	ActiveMetadata *RolloutPodMetadata `json:"activeMetadata,omitempty"`
	// AbortScaleDownDelaySeconds is how long the preview pods stay up after an abort; 0
	// keeps them (nil means 30).
	// +optional
	AbortScaleDownDelaySeconds *int32 `json:"abortScaleDownDelaySeconds,omitempty"`
}
