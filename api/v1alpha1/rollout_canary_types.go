package v1alpha1

import (
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// CanaryStrategy moves a Rollout to its new version through an ordered list of steps,
// shifting replicas (and, with trafficRouting, traffic) from the stable ReplicaSet to the
// canary ReplicaSet.
//
// +kubebuilder:validation:XValidation:rule="!has(self.canaryService) || !has(self.stableService) || size(self.canaryService) == 0 || self.canaryService != self.stableService",message="spec.strategy.canary: canaryService and stableService must name two different Services"
type CanaryStrategy struct {
	// CanaryService is the Service the controller points at the canary pods only.
	// +optional
	CanaryService string `json:"canaryService,omitempty"`
	// StableService is the Service the controller points at the stable pods only.
	// +optional
	StableService string `json:"stableService,omitempty"`
	// Steps is the ordered plan of the update. Without steps the update goes straight to
	// 100%.
	// +optional
	// +kubebuilder:validation:MaxItems=1000
	Steps []CanaryStep `json:"steps,omitempty"`
	// TrafficRouting lets a mesh or ingress split traffic by weight instead of by replica
	// count.
	// +optional
	TrafficRouting *RolloutTrafficRouting `json:"trafficRouting,omitempty"`
	// MaxUnavailable is how many pods (number or percentage) may be unavailable during the
	// update. It cannot be 0 when maxSurge is 0.
	// +optional
	MaxUnavailable *intstr.IntOrString `json:"maxUnavailable,omitempty"`
	// MaxSurge is how many pods (number or percentage) may run above the desired count
	// during the update. It cannot be 0 when maxUnavailable is 0.
	// +optional
	MaxSurge *intstr.IntOrString `json:"maxSurge,omitempty"`
	// Analysis runs in the background for the whole update and aborts it on failure.
	// +optional
	Analysis *RolloutAnalysisBackground `json:"analysis,omitempty"`
	// AntiAffinity keeps canary pods off the nodes running stable pods.
	// +optional
	AntiAffinity *RolloutAntiAffinity `json:"antiAffinity,omitempty"`
	// CanaryMetadata is put on canary pods while they are the canary.
	// +optional
	CanaryMetadata *RolloutPodMetadata `json:"canaryMetadata,omitempty"`
	// StableMetadata is put on stable pods while they are the stable version.
	// +optional
	StableMetadata *RolloutPodMetadata `json:"stableMetadata,omitempty"`
	// ScaleDownDelaySeconds is how long the old ReplicaSet stays up after the stable Service
	// moves to the new one (traffic routing only).
	// +optional
	ScaleDownDelaySeconds *int32 `json:"scaleDownDelaySeconds,omitempty"`
	// ScaleDownDelayRevisionLimit caps how many old ReplicaSets may wait for their delayed
	// scale-down at the same time.
	// +optional
	ScaleDownDelayRevisionLimit *int32 `json:"scaleDownDelayRevisionLimit,omitempty"`
	// AbortScaleDownDelaySeconds is how long canary pods stay up after an abort (traffic
	// routing only); 0 keeps them.
	// +optional
	AbortScaleDownDelaySeconds *int32 `json:"abortScaleDownDelaySeconds,omitempty"`
	// DynamicStableScale scales the stable ReplicaSet down as traffic moves to the canary,
	// instead of keeping it at full size.
	// +optional
	DynamicStableScale bool `json:"dynamicStableScale,omitempty"`
	// PingPong alternates two Services between the stable and canary roles instead of
	// using fixed canary/stable Services (ALB only).
	// +optional
	PingPong *CanaryPingPong `json:"pingPong,omitempty"`
	// MinPodsPerReplicaSet is the least number of pods a non-empty canary or stable
	// ReplicaSet gets, for availability (traffic routing only).
	// +optional
	MinPodsPerReplicaSet *int32 `json:"minPodsPerReplicaSet,omitempty"`
	// ReplicaProgressThreshold is how many canary pods must be available before the next
	// step starts (default: all).
	// +optional
	ReplicaProgressThreshold *CanaryReplicaProgressThreshold `json:"replicaProgressThreshold,omitempty"`
}

// CanaryPingPong names the two Services that swap the stable and canary roles.
//
// +kubebuilder:validation:XValidation:rule="self.pingService != self.pongService",message="spec.strategy.canary.pingPong: pingService and pongService must name two different Services"
type CanaryPingPong struct {
	// PingService is the first of the two Services.
	PingService string `json:"pingService"`
	// PongService is the second of the two Services.
	PongService string `json:"pongService"`
}

// CanaryReplicaProgressThreshold is a pod count or percentage that must be available before a
// step completes.
type CanaryReplicaProgressThreshold struct {
	// Type says how to read value: "Pod" (a count) or "Percent".
	Type string `json:"type"`
	// Value is the threshold, greater than 0.
	Value int32 `json:"value"`
}

// CanaryStep is one step of a canary update. A step does one main thing (setWeight, pause,
// experiment, analysis or plugin); setCanaryScale, setHeaderRoute and setMirrorRoute may
// be combined with it or with each other.
//
// +kubebuilder:validation:XValidation:rule="has(self.setWeight) || has(self.pause) || has(self.experiment) || has(self.analysis) || has(self.setCanaryScale) || has(self.setHeaderRoute) || has(self.setMirrorRoute) || has(self.plugin)",message="spec.strategy.canary.steps: a step must set one of setWeight, pause, experiment, analysis, setCanaryScale, setHeaderRoute, setMirrorRoute or plugin"
// +kubebuilder:validation:XValidation:rule="(has(self.setWeight) ? 1 : 0) + (has(self.pause) ? 1 : 0) + (has(self.experiment) ? 1 : 0) + (has(self.analysis) ? 1 : 0) + (has(self.plugin) ? 1 : 0) <= 1",message="spec.strategy.canary.steps: a step may set only one of setWeight, pause, experiment, analysis or plugin"
type CanaryStep struct {
	// SetWeight is the percentage (0-100) of traffic or replicas the canary gets.
	// +optional
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	SetWeight *int32 `json:"setWeight,omitempty"`
	// Pause stops the update, for a duration or until it is resumed.
	// +optional
	Pause *CanaryPause `json:"pause,omitempty"`
	// Experiment runs an Experiment and waits for it.
	// +optional
	Experiment *RolloutExperimentStep `json:"experiment,omitempty"`
	// Analysis runs an AnalysisRun and waits for its verdict.
	// +optional
	Analysis *RolloutAnalysis `json:"analysis,omitempty"`
	// SetCanaryScale sizes the canary ReplicaSet independently of its traffic weight.
	// +optional
	SetCanaryScale *CanarySetCanaryScale `json:"setCanaryScale,omitempty"`
	// SetHeaderRoute sends requests with matching headers to the canary.
	// +optional
	SetHeaderRoute *CanarySetHeaderRoute `json:"setHeaderRoute,omitempty"`
	// SetMirrorRoute copies matching requests to the canary.
	// +optional
	SetMirrorRoute *CanarySetMirrorRoute `json:"setMirrorRoute,omitempty"`
	// Plugin hands the step to a configured step plugin.
	// +optional
	Plugin *CanaryStepPlugin `json:"plugin,omitempty"`
}

// CanaryPause holds an update. Without a duration it waits until resumed.
type CanaryPause struct {
	// Duration is seconds (integer) or a Go duration string such as "30s" or "1h".
	// +optional
	Duration *intstr.IntOrString `json:"duration,omitempty"`
}

// CanarySetCanaryScale sizes the canary ReplicaSet without changing its traffic weight.
type CanarySetCanaryScale struct {
	// Weight sizes the canary as a percentage of the desired replicas.
	// +optional
	Weight *int32 `json:"weight,omitempty"`
	// Replicas sizes the canary as an absolute pod count.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
	// MatchTrafficWeight drops an earlier explicit scale so the canary follows its traffic
	// weight again.
	// +optional
	MatchTrafficWeight bool `json:"matchTrafficWeight,omitempty"`
}

// CanarySetHeaderRoute routes requests whose headers match to the canary.
type CanarySetHeaderRoute struct {
	// Name of the managed route to create or update; it must be listed in
	// trafficRouting.managedRoutes.
	// +optional
	Name string `json:"name,omitempty"`
	// Match lists the header conditions. Empty removes the route.
	// +optional
	Match []CanaryHeaderRoutingMatch `json:"match,omitempty"`
}

// CanaryHeaderRoutingMatch is one header condition.
type CanaryHeaderRoutingMatch struct {
	// HeaderName is the request header to test.
	HeaderName string `json:"headerName"`
	// HeaderValue is how its value must match.
	HeaderValue *CanaryStringMatch `json:"headerValue"`
}

// CanaryStringMatch matches a string one way: exactly, by prefix or by regular expression.
type CanaryStringMatch struct {
	// Exact requires the whole string to be equal.
	// +optional
	Exact string `json:"exact,omitempty"`
	// Prefix requires the string to start with this value.
	// +optional
	Prefix string `json:"prefix,omitempty"`
	// Regex requires the string to match this regular expression.
	// +optional
	Regex string `json:"regex,omitempty"`
}

// CanarySetMirrorRoute mirrors matching requests to the canary.
type CanarySetMirrorRoute struct {
	// Name of the managed route; it must be listed in trafficRouting.managedRoutes.
	Name string `json:"name"`
	// Match lists the request conditions. Empty removes the route.
	// +optional
	Match []CanaryRouteMatch `json:"match,omitempty"`
	// Percentage of the matching requests to mirror.
	// +optional
	Percentage *int32 `json:"percentage,omitempty"`
}

// CanaryRouteMatch is one request condition; all the fields set must match.
type CanaryRouteMatch struct {
	// Method matches the HTTP method.
	// +optional
	Method *CanaryStringMatch `json:"method,omitempty"`
	// Path matches the URL path.
	// +optional
	Path *CanaryStringMatch `json:"path,omitempty"`
	// Headers match request headers by name.
	// +optional
	Headers map[string]CanaryStringMatch `json:"headers,omitempty"`
}

// CanaryStepPlugin runs a step implemented by a step plugin.
type CanaryStepPlugin struct {
	// Name of the plugin as registered in the controller configuration.
	Name string `json:"name"`
	// Config is passed to the plugin unchanged.
	// +optional
	// +kubebuilder:validation:Schemaless
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	Config *apiextensionsv1.JSON `json:"config,omitempty"`
}
