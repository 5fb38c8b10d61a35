package v1alpha1

// SensorTrigger is one action of a Sensor together with how its input is parameterised and
// how failures are handled.
type SensorTrigger struct {
	SensorTriggerFields `json:",inline"`

	// DLQTrigger runs when this trigger still fails after its retries (a dead-letter action).
	// It cannot itself carry another dlqTrigger.
	// +optional
	DLQTrigger *SensorDLQTrigger `json:"dlqTrigger,omitempty"`
}

// SensorDLQTrigger is the dead-letter trigger of a SensorTrigger: the same fields without a
// further dlqTrigger (one level only, which also keeps the CRD schema finite).
type SensorDLQTrigger struct {
	SensorTriggerFields `json:",inline"`
}

// SensorTriggerFields are the fields shared by a trigger and its dead-letter trigger.
type SensorTriggerFields struct {
	// Template says what the trigger does and when.
	// +optional
	Template *SensorTriggerTemplate `json:"template,omitempty"`

	// Parameters patch the trigger template itself with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`

	// Policy decides whether a run counts as successful (k8s resource labels or HTTP status
	// codes).
	// +optional
	Policy *SensorTriggerPolicy `json:"policy,omitempty"`

	// RetryStrategy retries a failed run with backoff.
	// +optional
	RetryStrategy *EventsBackoff `json:"retryStrategy,omitempty"`

	// RateLimit caps how often the trigger runs.
	// +optional
	RateLimit *SensorRateLimit `json:"rateLimit,omitempty"`

	// AtLeastOnce acknowledges events only after the trigger ran successfully, so a crash
	// leads to a retry rather than a lost run (default: at most once).
	// +optional
	AtLeastOnce *bool `json:"atLeastOnce,omitempty"`
}

// SensorTriggerTemplate names a trigger, gives the dependency condition that fires it and
// holds exactly one trigger type.
//
// +kubebuilder:validation:XValidation:rule="(has(self.k8s) ? 1 : 0) + (has(self.argoWorkflow) ? 1 : 0) + (has(self.http) ? 1 : 0) + (has(self.awsLambda) ? 1 : 0) + (has(self.custom) ? 1 : 0) + (has(self.kafka) ? 1 : 0) + (has(self.nats) ? 1 : 0) + (has(self.slack) ? 1 : 0) + (has(self.openWhisk) ? 1 : 0) + (has(self.openwhisk) ? 1 : 0) + (has(self.log) ? 1 : 0) + (has(self.azureEventHubs) ? 1 : 0) + (has(self.azureServiceBus) ? 1 : 0) + (has(self.pulsar) ? 1 : 0) + (has(self.email) ? 1 : 0) == 1",message="trigger template must set exactly one trigger type (k8s, argoWorkflow, http, awsLambda, custom, kafka, nats, slack, openWhisk, log, azureEventHubs, azureServiceBus, pulsar or email)"
type SensorTriggerTemplate struct {
	// Name identifies the trigger inside the Sensor.
	// +optional
	Name string `json:"name,omitempty"`

	// Conditions is a boolean expression over dependency names (e.g. "dep-a && (dep-b ||
	// dep-c)"); when empty, all dependencies are required.
	// +optional
	Conditions string `json:"conditions,omitempty"`

	// ConditionsReset clears partially satisfied conditions on a schedule.
	// +optional
	// +listType=atomic
	ConditionsReset []SensorConditionsResetCriteria `json:"conditionsReset,omitempty"`

	// K8s creates, updates, patches or deletes a Kubernetes object.
	// +optional
	K8s *SensorStandardK8STrigger `json:"k8s,omitempty"`

	// ArgoWorkflow runs an Argo Workflow operation (submit, resubmit, suspend, ...).
	// +optional
	ArgoWorkflow *SensorArgoWorkflowTrigger `json:"argoWorkflow,omitempty"`

	// HTTP sends an HTTP request.
	// +optional
	HTTP *SensorHTTPTrigger `json:"http,omitempty"`

	// AWSLambda invokes an AWS Lambda function.
	// +optional
	AWSLambda *SensorAWSLambdaTrigger `json:"awsLambda,omitempty"`

	// Custom delegates to a user-provided gRPC trigger server.
	// +optional
	Custom *SensorCustomTrigger `json:"custom,omitempty"`

	// Kafka publishes a message to a Kafka topic.
	// +optional
	Kafka *SensorKafkaTrigger `json:"kafka,omitempty"`

	// NATS publishes a message to a NATS subject.
	// +optional
	NATS *SensorNATSTrigger `json:"nats,omitempty"`

	// Slack posts a Slack message.
	// +optional
	Slack *SensorSlackTrigger `json:"slack,omitempty"`

	// OpenWhisk invokes an Apache OpenWhisk action.
	// +optional
	OpenWhisk *SensorOpenWhiskTrigger `json:"openWhisk,omitempty"`

	// Log writes the event to the Sensor log (useful for debugging).
	// +optional
	Log *SensorLogTrigger `json:"log,omitempty"`

	// AzureEventHubs publishes to an Azure Event Hub.
	// +optional
	AzureEventHubs *SensorAzureEventHubsTrigger `json:"azureEventHubs,omitempty"`

	// AzureServiceBus sends a message to an Azure Service Bus queue or topic.
	// +optional
	AzureServiceBus *SensorAzureServiceBusTrigger `json:"azureServiceBus,omitempty"`

	// Pulsar publishes a message to an Apache Pulsar topic.
	// +optional
	Pulsar *SensorPulsarTrigger `json:"pulsar,omitempty"`

	// Email sends an email through an SMTP server.
	// +optional
	Email *SensorEmailTrigger `json:"email,omitempty"`

	// LegacyOpenWhisk is the all-lowercase spelling "openwhisk" used by an upstream example
	// (a case-insensitive JSON decoder maps it to openWhisk). Accepted so such manifests
	// decode; Skiff treats it as openWhisk. Set only one of the two.
	// +optional
	LegacyOpenWhisk *SensorOpenWhiskTrigger `json:"openwhisk,omitempty"`

	// LegacyAtLeastOnce is atLeastOnce written one level too deep (inside the template), as in
	// some upstream examples. Upstream ignores it there; only the trigger-level atLeastOnce
	// has an effect.
	// +optional
	LegacyAtLeastOnce *bool `json:"atLeastOnce,omitempty"`

	// LegacyPolicy is policy written one level too deep (inside the template), as in an
	// upstream example. Upstream ignores it there; only the trigger-level policy has an
	// effect.
	// +optional
	LegacyPolicy *SensorTriggerPolicy `json:"policy,omitempty"`
}

// SensorConditionsResetCriteria says when partially met trigger conditions are forgotten.
type SensorConditionsResetCriteria struct {
	// ByTime resets on a cron schedule.
	// +optional
	ByTime *SensorConditionsResetByTime `json:"byTime,omitempty"`
}

// SensorConditionsResetByTime is a cron schedule for resetting trigger conditions.
type SensorConditionsResetByTime struct {
	// Cron is a standard five-field cron expression.
	// +optional
	Cron string `json:"cron,omitempty"`

	// Timezone (IANA name) the cron expression is read in.
	// +optional
	Timezone string `json:"timezone,omitempty"`
}

// SensorTriggerParameterOperation says how a resolved parameter value is combined with the
// value already at the destination.
// +kubebuilder:validation:Enum=append;prepend;overwrite
type SensorTriggerParameterOperation string

const (
	// SensorParameterAppend appends to the existing value.
	SensorParameterAppend SensorTriggerParameterOperation = "append"
	// SensorParameterPrepend prepends to the existing value.
	SensorParameterPrepend SensorTriggerParameterOperation = "prepend"
	// SensorParameterOverwrite replaces the existing value (the default).
	SensorParameterOverwrite SensorTriggerParameterOperation = "overwrite"
)

// SensorTriggerParameter copies a value taken from an event (or a default) to a path of the
// trigger's resource or payload.
type SensorTriggerParameter struct {
	// Src says where the value comes from.
	// +optional
	Src *SensorTriggerParameterSource `json:"src,omitempty"`

	// Dest is the path (sjson syntax, e.g. "spec.arguments.parameters.0.value") that receives
	// the value.
	// +optional
	Dest string `json:"dest,omitempty"`

	// Operation combines the value with what is already at Dest; overwrite when empty.
	// +optional
	Operation SensorTriggerParameterOperation `json:"operation,omitempty"`
}

// SensorTriggerParameterSource picks a value from the event of one dependency.
type SensorTriggerParameterSource struct {
	// DependencyName is the dependency whose event supplies the value; it must be set. (A
	// schema constraint rather than a CEL rule: it costs nothing against the CEL budget, as
	// parameter lists are nested in the unbounded triggers list.)
	// +required
	// +kubebuilder:validation:MinLength=1
	DependencyName string `json:"dependencyName,omitempty"`

	// ContextKey is a path into the event's CloudEvents context.
	// +optional
	ContextKey string `json:"contextKey,omitempty"`

	// ContextTemplate is a Go template rendered with the event context.
	// +optional
	ContextTemplate string `json:"contextTemplate,omitempty"`

	// DataKey is a path (gjson syntax) into the event payload.
	// +optional
	DataKey string `json:"dataKey,omitempty"`

	// DataTemplate is a Go template rendered with the event payload.
	// +optional
	DataTemplate string `json:"dataTemplate,omitempty"`

	// Value is the fallback used when the key or template finds nothing.
	// +optional
	Value *string `json:"value,omitempty"`

	// UseRawData inserts the value found at DataKey as raw JSON rather than as a string.
	// +optional
	UseRawData *bool `json:"useRawData,omitempty"`
}

// SensorTriggerPolicy decides whether a trigger run succeeded.
type SensorTriggerPolicy struct {
	// K8s waits for labels on the created Kubernetes object.
	// +optional
	K8s *SensorK8SResourcePolicy `json:"k8s,omitempty"`

	// Status accepts the listed response status codes (HTTP-like triggers).
	// +optional
	Status *SensorStatusPolicy `json:"status,omitempty"`
}

// SensorK8SResourcePolicy polls the object created by a k8s trigger until it carries the given
// labels.
type SensorK8SResourcePolicy struct {
	// Labels the object must carry to count as successful.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`

	// Backoff controls how often and how long the object is checked.
	// +optional
	Backoff *EventsBackoff `json:"backoff,omitempty"`

	// ErrorOnBackoffTimeout marks the trigger failed when the labels never appear in time.
	// +optional
	ErrorOnBackoffTimeout *bool `json:"errorOnBackoffTimeout,omitempty"`
}

// SensorStatusPolicy lists the response status codes that count as success.
type SensorStatusPolicy struct {
	// Allow lists the accepted status codes.
	// +optional
	// +listType=atomic
	Allow []int32 `json:"allow,omitempty"`
}

// SensorRateLimit limits the number of runs per time unit.
type SensorRateLimit struct {
	// Unit of time: Second (default), Minute or Hour.
	// +optional
	Unit string `json:"unit,omitempty"`

	// RequestsPerUnit is the number of runs allowed per unit.
	// +optional
	RequestsPerUnit *int32 `json:"requestsPerUnit,omitempty"`
}
