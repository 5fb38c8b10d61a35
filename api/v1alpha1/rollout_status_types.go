package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// RolloutStatus is the controller's view of a Rollout. Tools (kubectl plugin, Argo CD health
// checks, the HPA through the scale subresource) read these fields.
type RolloutStatus struct {
	// Abort is set when the current update was aborted and the stable version restored.
	// +optional
	Abort bool `json:"abort,omitempty"`
	// PauseConditions lists why the controller paused the Rollout. Clearing the list resumes
	// it.
	// +optional
	PauseConditions []RolloutPauseCondition `json:"pauseConditions,omitempty"`
	// ControllerPause is true once the controller has paused the Rollout; it stays true
	// when a user resumes by clearing pauseConditions.
	// +optional
	ControllerPause bool `json:"controllerPause,omitempty"`
	// AbortedAt is when the controller handled the abort.
	// +optional
	AbortedAt *metav1.Time `json:"abortedAt,omitempty"`
	// CurrentPodHash is the pod-template hash of the desired version.
	// +optional
	CurrentPodHash string `json:"currentPodHash,omitempty"`
	// CurrentStepHash is a hash of the steps list, used to notice that the steps changed.
	// +optional
	CurrentStepHash string `json:"currentStepHash,omitempty"`
	// Replicas is the number of non-terminated pods selected by the Rollout.
	// +optional
	Replicas int32 `json:"replicas,omitempty"`
	// UpdatedReplicas is the number of those pods running the desired version.
	// +optional
	UpdatedReplicas int32 `json:"updatedReplicas,omitempty"`
	// ReadyReplicas is the number of ready pods.
	// +optional
	ReadyReplicas int32 `json:"readyReplicas,omitempty"`
	// AvailableReplicas is the number of pods ready for at least minReadySeconds.
	// +optional
	AvailableReplicas int32 `json:"availableReplicas,omitempty"`
	// CurrentStepIndex is the canary step being executed (nil before the first step).
	// +optional
	CurrentStepIndex *int32 `json:"currentStepIndex,omitempty"`
	// CollisionCount is bumped to derive a fresh ReplicaSet name on hash collisions.
	// +optional
	CollisionCount *int32 `json:"collisionCount,omitempty"`
	// ObservedGeneration is the metadata.generation last processed, kept as a string as
	// upstream does.
	// +optional
	ObservedGeneration string `json:"observedGeneration,omitempty"`
	// Conditions describe Available, Progressing, Paused, Healthy, Completed, InvalidSpec
	// and ReplicaFailure.
	// +optional
	Conditions []RolloutCondition `json:"conditions,omitempty"`
	// Canary holds state that only canary updates use.
	// +optional
	Canary *RolloutCanaryStatus `json:"canary,omitempty"`
	// BlueGreen holds state that only blue-green updates use.
	// +optional
	BlueGreen *RolloutBlueGreenStatus `json:"blueGreen,omitempty"`
	// HPAReplicas is the number of pods receiving active traffic; the scale subresource
	// reports it to autoscalers.
	// +optional
	HPAReplicas int32 `json:"HPAReplicas,omitempty"`
	// Selector is the label selector (string form) of the pods receiving active traffic.
	// +optional
	Selector string `json:"selector,omitempty"`
	// StableRS is the pod-template hash of the last fully promoted ReplicaSet.
	// +optional
	StableRS string `json:"stableRS,omitempty"`
	// RestartedAt is when the last restart requested by spec.restartAt finished.
	// +optional
	RestartedAt *metav1.Time `json:"restartedAt,omitempty"`
	// PromoteFull asks the controller to skip the remaining steps, analyses and pauses.
	// +optional
	PromoteFull bool `json:"promoteFull,omitempty"`
	// Phase summarises the Rollout: Healthy, Progressing, Paused or Degraded. Only trust it
	// when observedGeneration matches metadata.generation.
	// +optional
	Phase string `json:"phase,omitempty"`
	// Message explains the phase.
	// +optional
	Message string `json:"message,omitempty"`
	// WorkloadObservedGeneration is the generation of the referenced workload last processed.
	// +optional
	WorkloadObservedGeneration string `json:"workloadObservedGeneration,omitempty"`
	// ALB records the load balancer and target groups used (single Ingress).
	// +optional
	ALB *RolloutALBStatus `json:"alb,omitempty"`
	// ALBs records them per Ingress (several Ingresses).
	// +optional
	ALBs []RolloutALBStatus `json:"albs,omitempty"`
	// Duration records timing of the current or last update.
	// +optional
	Duration *RolloutDurationStatus `json:"duration,omitempty"`
}

// RolloutPauseCondition is one reason the controller paused the Rollout.
type RolloutPauseCondition struct {
	// Reason is e.g. CanaryPauseStep, BlueGreenPause, InconclusiveAnalysisRun or
	// InconclusiveExperiment.
	Reason string `json:"reason"`
	// StartTime is when this pause began.
	StartTime metav1.Time `json:"startTime"`
}

// RolloutCondition is one observed condition of a Rollout.
type RolloutCondition struct {
	// Type of the condition, e.g. Available or Progressing.
	Type string `json:"type"`
	// Status is True, False or Unknown.
	Status corev1.ConditionStatus `json:"status"`
	// LastUpdateTime is when the condition was last written.
	LastUpdateTime metav1.Time `json:"lastUpdateTime"`
	// LastTransitionTime is when the status last changed.
	LastTransitionTime metav1.Time `json:"lastTransitionTime"`
	// Reason is a one-word cause.
	Reason string `json:"reason"`
	// Message explains the condition.
	Message string `json:"message"`
}

// RolloutCanaryStatus is the canary part of the status.
type RolloutCanaryStatus struct {
	// CurrentStepAnalysisRunStatus is the AnalysisRun of the current analysis step.
	// +optional
	CurrentStepAnalysisRunStatus *RolloutAnalysisRunStatus `json:"currentStepAnalysisRunStatus,omitempty"`
	// CurrentBackgroundAnalysisRunStatus is the background AnalysisRun.
	// +optional
	CurrentBackgroundAnalysisRunStatus *RolloutAnalysisRunStatus `json:"currentBackgroundAnalysisRunStatus,omitempty"`
	// CurrentExperiment is the name of the Experiment of the current step.
	// +optional
	CurrentExperiment string `json:"currentExperiment,omitempty"`
	// Weights are the traffic weights last applied to the traffic router.
	// +optional
	Weights *RolloutTrafficWeights `json:"weights,omitempty"`
	// StablePingPong says which of the ping-pong Services ("ping" or "pong") is stable.
	// +optional
	StablePingPong string `json:"stablePingPong,omitempty"`
	// StepPluginStatuses record the progress of plugin steps.
	// +optional
	StepPluginStatuses []RolloutStepPluginStatus `json:"stepPluginStatuses,omitempty"`
}

// RolloutBlueGreenStatus is the blue-green part of the status.
type RolloutBlueGreenStatus struct {
	// PreviewSelector is the pod-template hash the preview Service selects.
	// +optional
	PreviewSelector string `json:"previewSelector,omitempty"`
	// ActiveSelector is the pod-template hash the active Service selects.
	// +optional
	ActiveSelector string `json:"activeSelector,omitempty"`
	// ScaleUpPreviewCheckPoint marks that the preview may be scaled to full size once
	// resumed.
	// +optional
	ScaleUpPreviewCheckPoint bool `json:"scaleUpPreviewCheckPoint,omitempty"`
	// PrePromotionAnalysisRunStatus is the pre-promotion AnalysisRun.
	// +optional
	PrePromotionAnalysisRunStatus *RolloutAnalysisRunStatus `json:"prePromotionAnalysisRunStatus,omitempty"`
	// PostPromotionAnalysisRunStatus is the post-promotion AnalysisRun.
	// +optional
	PostPromotionAnalysisRunStatus *RolloutAnalysisRunStatus `json:"postPromotionAnalysisRunStatus,omitempty"`
}

// RolloutAnalysisRunStatus summarises an AnalysisRun owned by the Rollout.
type RolloutAnalysisRunStatus struct {
	// Name of the AnalysisRun.
	Name string `json:"name"`
	// Status is the run's phase.
	Status string `json:"status"`
	// Message is the run's message.
	// +optional
	Message string `json:"message,omitempty"`
}

// RolloutTrafficWeights is how traffic is split right now.
type RolloutTrafficWeights struct {
	// Canary is the canary share.
	Canary RolloutWeightDestination `json:"canary"`
	// Stable is the stable share.
	Stable RolloutWeightDestination `json:"stable"`
	// Additional are shares of other ReplicaSets, such as experiment ones.
	// +optional
	Additional []RolloutWeightDestination `json:"additional,omitempty"`
	// Verified says whether the router confirmed the weights took effect (ALB only).
	// +optional
	Verified *bool `json:"verified,omitempty"`
}

// RolloutWeightDestination is one share of traffic.
type RolloutWeightDestination struct {
	// Weight is the share in percent (of maxTrafficWeight).
	Weight int32 `json:"weight"`
	// ServiceName is the Service receiving it.
	// +optional
	ServiceName string `json:"serviceName,omitempty"`
	// PodTemplateHash identifies the ReplicaSet receiving it.
	// +optional
	PodTemplateHash string `json:"podTemplateHash,omitempty"`
}

// RolloutStepPluginStatus is the progress of one plugin call for a canary step.
type RolloutStepPluginStatus struct {
	// Index of the step.
	Index int32 `json:"index"`
	// Name of the plugin.
	Name string `json:"name"`
	// Operation that was called, e.g. Run, Terminate or Abort.
	Operation string `json:"operation"`
	// Phase of the call, e.g. Running, Successful, Failed or Error.
	// +optional
	Phase string `json:"phase,omitempty"`
	// Message from the plugin.
	// +optional
	Message string `json:"message,omitempty"`
	// StartedAt is when the call began.
	// +optional
	StartedAt *metav1.Time `json:"startedAt,omitempty"`
	// UpdatedAt is when the call last reported.
	// +optional
	UpdatedAt *metav1.Time `json:"updatedAt,omitempty"`
	// FinishedAt is when the call completed.
	// +optional
	FinishedAt *metav1.Time `json:"finishedAt,omitempty"`
	// Backoff is the wait before the plugin is called again (Go duration).
	// +optional
	Backoff string `json:"backoff,omitempty"`
	// Executions counts the calls made.
	// +optional
	Executions int32 `json:"executions,omitempty"`
	// Disabled is true when the plugin is not configured and the step is skipped.
	// +optional
	Disabled bool `json:"disabled,omitempty"`
	// Status is the plugin's own state, stored unchanged.
	// +optional
	// +kubebuilder:validation:Schemaless
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	Status *apiextensionsv1.JSON `json:"status,omitempty"`
}

// RolloutALBStatus records the AWS resources behind one ALB Ingress.
type RolloutALBStatus struct {
	// LoadBalancer is the ALB.
	// +optional
	LoadBalancer *RolloutAWSResourceRef `json:"loadBalancer,omitempty"`
	// CanaryTargetGroup is the target group of the canary Service.
	// +optional
	CanaryTargetGroup *RolloutAWSResourceRef `json:"canaryTargetGroup,omitempty"`
	// StableTargetGroup is the target group of the stable Service.
	// +optional
	StableTargetGroup *RolloutAWSResourceRef `json:"stableTargetGroup,omitempty"`
	// Ingress is the Ingress these belong to.
	// +optional
	Ingress string `json:"ingress,omitempty"`
}

// RolloutAWSResourceRef identifies an AWS resource.
type RolloutAWSResourceRef struct {
	// Name of the resource.
	Name string `json:"name"`
	// ARN of the resource.
	ARN string `json:"arn"`
	// FullName is the resource's full name, as used in CloudWatch dimensions.
	// +optional
	FullName string `json:"fullName,omitempty"`
}

// RolloutDurationStatus records how long the current or last update took.
type RolloutDurationStatus struct {
	// RolloutStartedAt is when the update started.
	// +optional
	RolloutStartedAt *metav1.Time `json:"rolloutStartedAt,omitempty"`
	// FinishedAt is when the update ended.
	// +optional
	FinishedAt *metav1.Time `json:"finishedAt,omitempty"`
	// CompletionStatus is how the update ended (e.g. promoted or aborted).
	// +optional
	CompletionStatus string `json:"completionStatus,omitempty"`
	// ManualPauseStartedAt is when the current manual pause began.
	// +optional
	ManualPauseStartedAt *metav1.Time `json:"manualPauseStartedAt,omitempty"`
	// TotalManualPauseDurationSeconds adds up the manual pauses of this update.
	// +optional
	TotalManualPauseDurationSeconds int64 `json:"totalManualPauseDurationSeconds,omitempty"`
}
