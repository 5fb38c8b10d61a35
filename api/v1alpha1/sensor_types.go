package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Sensor waits for events from the event bus, resolves its dependencies against them and runs
// its triggers (create a Kubernetes object, submit a Workflow, call an HTTP endpoint, ...).
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:scope=Namespaced,shortName=sn,categories=argo;argo-events
type Sensor struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`

	Spec SensorSpec `json:"spec"`
	// +optional
	Status SensorStatus `json:"status,omitempty"`
}

// SensorList is a list of Sensors.
//
// +kubebuilder:object:root=true
type SensorList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`

	Items []Sensor `json:"items"`
}

func init() { SchemeBuilder.Register(&Sensor{}, &SensorList{}) }

// SensorSpec describes which events a Sensor waits for and what it does once they arrive.
type SensorSpec struct {
	// Dependencies are the events the Sensor subscribes to; trigger conditions refer to them by
	// name.
	// +optional
	// +listType=atomic
	Dependencies []SensorEventDependency `json:"dependencies,omitempty"`

	// Triggers are the actions run when their dependencies (or conditions) are satisfied.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=1000
	Triggers []SensorTrigger `json:"triggers,omitempty"`

	// Template customises the pod of the Sensor deployment (service account, container,
	// volumes, scheduling, ...).
	// +optional
	Template *EventsTemplate `json:"template,omitempty"`

	// ErrorOnFailedRound puts the Sensor into an error state when a trigger round fails, which
	// stops further rounds.
	// +optional
	ErrorOnFailedRound *bool `json:"errorOnFailedRound,omitempty"`

	// EventBusName selects the EventBus to read events from; empty means the one named
	// "default".
	// +optional
	EventBusName string `json:"eventBusName,omitempty"`

	// Replicas is the number of Sensor pods (active/standby: only one processes events).
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`

	// RevisionHistoryLimit is how many old ReplicaSets of the Sensor deployment to keep.
	// +optional
	RevisionHistoryLimit *int32 `json:"revisionHistoryLimit,omitempty"`

	// LoggingFields are extra key/value pairs added to every log line of the Sensor.
	// +optional
	LoggingFields map[string]string `json:"loggingFields,omitempty"`
}

// SensorStatus is the observed state of a Sensor.
type SensorStatus struct {
	// Conditions report whether the Sensor is deployed and its dependencies and triggers are
	// valid.
	EventsStatus `json:",inline"`

	// ObservedGeneration is the metadata.generation the status was computed from (Skiff
	// addition; upstream does not set it).
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}
