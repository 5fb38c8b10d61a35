package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// SensorLogicalOperator says how several filters are combined: all must pass ("and", the
// default when empty) or any one is enough ("or").
// +kubebuilder:validation:Enum=and;or
type SensorLogicalOperator string

const (
	// SensorLogicalAnd requires every filter to pass.
	SensorLogicalAnd SensorLogicalOperator = "and"
	// SensorLogicalOr requires at least one filter to pass.
	SensorLogicalOr SensorLogicalOperator = "or"
)

// SensorEventDependency names one event (an event of a given EventSource) that the Sensor
// waits for, with optional filters and a transformation applied before triggers see it.
type SensorEventDependency struct {
	// Name identifies the dependency inside the Sensor; trigger conditions and parameters use
	// it.
	// +optional
	Name string `json:"name,omitempty"`

	// EventSourceName is the name of the EventSource that emits the event.
	// +optional
	EventSourceName string `json:"eventSourceName,omitempty"`

	// EventName is the key of the event inside that EventSource's spec.
	// +optional
	EventName string `json:"eventName,omitempty"`

	// Filters decide whether an incoming event satisfies the dependency.
	// +optional
	Filters *SensorEventDependencyFilter `json:"filters,omitempty"`

	// Transform rewrites the event payload before filters and triggers use it.
	// +optional
	Transform *SensorEventDependencyTransformer `json:"transform,omitempty"`

	// FiltersLogicalOperator combines the different kinds of filters (time, context, data,
	// exprs, script).
	// +optional
	FiltersLogicalOperator SensorLogicalOperator `json:"filtersLogicalOperator,omitempty"`
}

// SensorEventDependencyFilter holds the checks an event must pass to count for a dependency.
type SensorEventDependencyFilter struct {
	// Time only lets events through during a daily time window.
	// +optional
	Time *SensorTimeFilter `json:"time,omitempty"`

	// Context matches fields of the CloudEvents context of the event.
	// +optional
	Context *SensorEventContext `json:"context,omitempty"`

	// Data matches values at paths of the event payload.
	// +optional
	// +listType=atomic
	Data []SensorDataFilter `json:"data,omitempty"`

	// Exprs are boolean expressions over named values taken from the payload.
	// +optional
	// +listType=atomic
	Exprs []SensorExprFilter `json:"exprs,omitempty"`

	// DataLogicalOperator combines the Data filters.
	// +optional
	DataLogicalOperator SensorLogicalOperator `json:"dataLogicalOperator,omitempty"`

	// ExprLogicalOperator combines the Exprs filters.
	// +optional
	ExprLogicalOperator SensorLogicalOperator `json:"exprLogicalOperator,omitempty"`

	// Script is a Lua script that receives the event and returns whether it passes.
	// +optional
	Script string `json:"script,omitempty"`
}

// SensorTimeFilter accepts events whose arrival time lies in the window [start, stop) of a
// day. When stop is before start the window wraps around midnight.
type SensorTimeFilter struct {
	// Start of the window, "hh:mm:ss".
	// +optional
	Start string `json:"start,omitempty"`

	// Stop of the window, "hh:mm:ss".
	// +optional
	Stop string `json:"stop,omitempty"`

	// Timezone (IANA name) in which start and stop are read; UTC when empty.
	// +optional
	Timezone string `json:"timezone,omitempty"`
}

// SensorEventContext lists CloudEvents context attributes; every attribute set must equal the
// event's.
type SensorEventContext struct {
	// ID of the event.
	// +optional
	ID string `json:"id,omitempty"`

	// Source of the event (the EventSource that produced it).
	// +optional
	Source string `json:"source,omitempty"`

	// SpecVersion of CloudEvents the event follows.
	// +optional
	SpecVersion string `json:"specversion,omitempty"`

	// Type of the event (the EventSource type, e.g. "webhook").
	// +optional
	Type string `json:"type,omitempty"`

	// DataContentType is the media type of the event data.
	// +optional
	DataContentType string `json:"datacontenttype,omitempty"`

	// Subject of the event (usually the event name).
	// +optional
	Subject string `json:"subject,omitempty"`

	// Time the event was produced.
	// +optional
	Time *metav1.Time `json:"time,omitempty"`
}

// SensorDataFilter compares the payload value found at Path with the listed values.
type SensorDataFilter struct {
	// Path of the value in the JSON payload (gjson syntax).
	// +optional
	Path string `json:"path,omitempty"`

	// Type the value is read as before comparing: bool, number or string.
	// +optional
	Type string `json:"type,omitempty"`

	// Value lists the accepted values (any one may match); strings may be regular
	// expressions when Type is string.
	// +optional
	// +listType=atomic
	Value []string `json:"value,omitempty"`

	// Comparator used for numbers and strings: ">=", ">", "=", "!=", "<", "<=" ("=" when
	// empty).
	// +optional
	Comparator string `json:"comparator,omitempty"`

	// Template is a Go template applied to the found value before comparing.
	// +optional
	Template string `json:"template,omitempty"`
}

// SensorExprFilter evaluates a boolean expression whose variables are payload values.
type SensorExprFilter struct {
	// Expr is the expression; it must yield a boolean.
	// +optional
	Expr string `json:"expr,omitempty"`

	// Fields bind expression variable names to payload paths.
	// +optional
	// +listType=atomic
	Fields []SensorPayloadField `json:"fields,omitempty"`
}

// SensorPayloadField binds a name used in an expression to a value of the event payload.
type SensorPayloadField struct {
	// Path of the value in the JSON payload (gjson syntax).
	// +optional
	Path string `json:"path,omitempty"`

	// Name of the variable in the expression.
	// +optional
	Name string `json:"name,omitempty"`
}

// SensorEventDependencyTransformer rewrites the event payload; set one of the two.
type SensorEventDependencyTransformer struct {
	// JQ is a jq program applied to the payload.
	// +optional
	JQ string `json:"jq,omitempty"`

	// Script is a Lua script that receives the payload and returns the new one.
	// +optional
	Script string `json:"script,omitempty"`
}
