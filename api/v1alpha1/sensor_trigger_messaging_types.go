package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
)

// SensorHTTPTrigger sends an HTTP request built from event data.
type SensorHTTPTrigger struct {
	// URL the request is sent to.
	// +optional
	URL string `json:"url,omitempty"`

	// Payload builds the JSON request body from event values.
	// +optional
	// +listType=atomic
	Payload []SensorTriggerParameter `json:"payload,omitempty"`

	// TLS configures the client certificate and CA.
	// +optional
	TLS *EventsTLSConfig `json:"tls,omitempty"`

	// Method is the HTTP method; POST when empty.
	// +optional
	Method string `json:"method,omitempty"`

	// Parameters patch this trigger's fields with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`

	// Timeout of the request in seconds; 60 when unset.
	// +optional
	Timeout *int64 `json:"timeout,omitempty"`

	// BasicAuth adds HTTP basic authentication.
	// +optional
	BasicAuth *EventsBasicAuth `json:"basicAuth,omitempty"`

	// Headers are fixed request headers.
	// +optional
	Headers map[string]string `json:"headers,omitempty"`

	// SecureHeaders are request headers whose values come from Secrets or ConfigMaps.
	// +optional
	// +listType=atomic
	SecureHeaders []*EventsSecureHeader `json:"secureHeaders,omitempty"`

	// DynamicHeaders are request headers whose values come from events (dest is the header
	// name).
	// +optional
	// +listType=atomic
	DynamicHeaders []SensorTriggerParameter `json:"dynamicHeaders,omitempty"`

	// Host overrides the Host header (virtual hosting).
	// +optional
	Host string `json:"host,omitempty"`

	// LegacyServerURL is the old name of url (found in upstream tutorials); current upstream
	// ignores it. Accepted so those manifests decode; Skiff treats it as url when url is
	// empty.
	// +optional
	LegacyServerURL string `json:"serverURL,omitempty"`
}

// SensorAWSLambdaTrigger invokes an AWS Lambda function with a payload built from events.
type SensorAWSLambdaTrigger struct {
	// FunctionName of the Lambda function.
	// +optional
	FunctionName string `json:"functionName,omitempty"`

	// AccessKey is the Secret key holding the AWS access key ID.
	// +optional
	AccessKey *corev1.SecretKeySelector `json:"accessKey,omitempty"`

	// SecretKey is the Secret key holding the AWS secret access key.
	// +optional
	SecretKey *corev1.SecretKeySelector `json:"secretKey,omitempty"`

	// Region of the function.
	// +optional
	Region string `json:"region,omitempty"`

	// Payload builds the JSON invocation payload from event values.
	// +optional
	// +listType=atomic
	Payload []SensorTriggerParameter `json:"payload,omitempty"`

	// Parameters patch this trigger's fields with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`

	// InvocationType is RequestResponse (synchronous, the default), Event (asynchronous) or
	// DryRun.
	// +optional
	InvocationType *string `json:"invocationType,omitempty"`

	// RoleARN is an IAM role to assume for the call.
	// +optional
	RoleARN string `json:"roleARN,omitempty"`
}

// SensorAzureEventHubsTrigger publishes an event to an Azure Event Hub.
type SensorAzureEventHubsTrigger struct {
	// FQDN of the Event Hubs namespace.
	// +optional
	FQDN string `json:"fqdn,omitempty"`

	// HubName is the Event Hub to publish to.
	// +optional
	HubName string `json:"hubName,omitempty"`

	// SharedAccessKeyName is the Secret key holding the shared access policy name.
	// +optional
	SharedAccessKeyName *corev1.SecretKeySelector `json:"sharedAccessKeyName,omitempty"`

	// SharedAccessKey is the Secret key holding the shared access key.
	// +optional
	SharedAccessKey *corev1.SecretKeySelector `json:"sharedAccessKey,omitempty"`

	// Payload builds the message body from event values.
	// +optional
	// +listType=atomic
	Payload []SensorTriggerParameter `json:"payload,omitempty"`

	// Parameters patch this trigger's fields with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`
}

// SensorAzureServiceBusTrigger sends a message to an Azure Service Bus queue or topic.
type SensorAzureServiceBusTrigger struct {
	// ConnectionString is the Secret key holding the Service Bus connection string.
	// +optional
	ConnectionString *corev1.SecretKeySelector `json:"connectionString,omitempty"`

	// QueueName to send to (instead of a topic).
	// +optional
	QueueName string `json:"queueName,omitempty"`

	// TopicName to send to (instead of a queue).
	// +optional
	TopicName string `json:"topicName,omitempty"`

	// SubscriptionName of the topic.
	// +optional
	SubscriptionName string `json:"subscriptionName,omitempty"`

	// TLS configures the client.
	// +optional
	TLS *EventsTLSConfig `json:"tls,omitempty"`

	// Payload builds the message body from event values.
	// +optional
	// +listType=atomic
	Payload []SensorTriggerParameter `json:"payload,omitempty"`

	// Parameters patch this trigger's fields with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`
}

// SensorCustomTrigger hands the event to a user-provided gRPC trigger server.
type SensorCustomTrigger struct {
	// ServerURL is the address of the gRPC server.
	// +optional
	ServerURL string `json:"serverURL,omitempty"`

	// Secure uses TLS for the gRPC connection.
	// +optional
	Secure *bool `json:"secure,omitempty"`

	// CertSecret holds the certificate used for the TLS connection.
	// +optional
	CertSecret *corev1.SecretKeySelector `json:"certSecret,omitempty"`

	// ServerNameOverride is the TLS server name to verify.
	// +optional
	ServerNameOverride string `json:"serverNameOverride,omitempty"`

	// Spec is passed to the server as is; its meaning is up to the server.
	// +optional
	Spec map[string]string `json:"spec,omitempty"`

	// Parameters patch this trigger's fields with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`

	// Payload builds the request payload from event values.
	// +optional
	// +listType=atomic
	Payload []SensorTriggerParameter `json:"payload,omitempty"`
}

// SensorEmailTrigger sends an email through an SMTP server.
type SensorEmailTrigger struct {
	// Parameters patch this trigger's fields with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`

	// Username for SMTP authentication.
	// +optional
	Username string `json:"username,omitempty"`

	// SMTPPassword is the Secret key holding the SMTP password.
	// +optional
	SMTPPassword *corev1.SecretKeySelector `json:"smtpPassword,omitempty"`

	// Host of the SMTP server.
	// +optional
	Host string `json:"host,omitempty"`

	// Port of the SMTP server.
	// +optional
	Port int32 `json:"port,omitempty"`

	// To lists the recipients.
	// +optional
	// +listType=atomic
	To []string `json:"to,omitempty"`

	// From is the sender address.
	// +optional
	From string `json:"from,omitempty"`

	// Subject of the email.
	// +optional
	Subject string `json:"subject,omitempty"`

	// Body of the email.
	// +optional
	Body string `json:"body,omitempty"`
}

// SensorKafkaTrigger publishes a message to a Kafka topic.
type SensorKafkaTrigger struct {
	// URL of the brokers, comma-separated.
	// +optional
	URL string `json:"url,omitempty"`

	// Topic to publish to.
	// +optional
	Topic string `json:"topic,omitempty"`

	// Partition is deprecated upstream (partitioningKey decides the partition).
	// +optional
	Partition *int32 `json:"partition,omitempty"`

	// Parameters patch this trigger's fields with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`

	// RequiredAcks is how many replica acknowledgements the producer waits for (1, the
	// leader only, when unset; 0 means none; -1 means all).
	// +optional
	RequiredAcks *int32 `json:"requiredAcks,omitempty"`

	// Compress compresses messages with snappy.
	// +optional
	Compress *bool `json:"compress,omitempty"`

	// FlushFrequency is how often batches are flushed, in milliseconds (500 when unset).
	// +optional
	FlushFrequency *int32 `json:"flushFrequency,omitempty"`

	// TLS configures the producer.
	// +optional
	TLS *EventsTLSConfig `json:"tls,omitempty"`

	// Payload builds the message body from event values.
	// +optional
	// +listType=atomic
	Payload []SensorTriggerParameter `json:"payload,omitempty"`

	// PartitioningKey is the message key (it selects the partition).
	// +optional
	PartitioningKey *string `json:"partitioningKey,omitempty"`

	// Version of the Kafka protocol to speak.
	// +optional
	Version string `json:"version,omitempty"`

	// SASL configures SASL authentication.
	// +optional
	SASL *EventsSASLConfig `json:"sasl,omitempty"`

	// SchemaRegistry makes the producer encode messages with Avro using a schema registry.
	// +optional
	SchemaRegistry *SensorSchemaRegistryConfig `json:"schemaRegistry,omitempty"`

	// Headers are fixed message headers.
	// +optional
	Headers map[string]string `json:"headers,omitempty"`

	// SecureHeaders are message headers whose values come from Secrets or ConfigMaps.
	// +optional
	// +listType=atomic
	SecureHeaders []*EventsSecureHeader `json:"secureHeaders,omitempty"`
}

// SensorSchemaRegistryConfig points to a Confluent-compatible schema registry.
type SensorSchemaRegistryConfig struct {
	// URL of the schema registry.
	// +optional
	URL string `json:"url,omitempty"`

	// SchemaID of the schema used to encode messages.
	// +optional
	SchemaID int32 `json:"schemaId,omitempty"`

	// Auth is basic authentication for the registry.
	// +optional
	Auth *EventsBasicAuth `json:"auth,omitempty"`
}

// SensorLogTrigger prints the events that fired the trigger to the Sensor log.
type SensorLogTrigger struct {
	// IntervalSeconds prints at most one message per interval (0: every time).
	// +optional
	IntervalSeconds *int64 `json:"intervalSeconds,omitempty"`
}

// SensorNATSTrigger publishes a message to a NATS subject.
type SensorNATSTrigger struct {
	// URL of the NATS server.
	// +optional
	URL string `json:"url,omitempty"`

	// Subject to publish to.
	// +optional
	Subject string `json:"subject,omitempty"`

	// Payload builds the message body from event values.
	// +optional
	// +listType=atomic
	Payload []SensorTriggerParameter `json:"payload,omitempty"`

	// Parameters patch this trigger's fields with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`

	// TLS configures the client.
	// +optional
	TLS *EventsTLSConfig `json:"tls,omitempty"`

	// Auth selects one NATS authentication method.
	// +optional
	Auth *SensorNATSAuth `json:"auth,omitempty"`
}

// SensorNATSAuth holds the credentials of one NATS authentication method.
type SensorNATSAuth struct {
	// Basic is username/password authentication.
	// +optional
	Basic *EventsBasicAuth `json:"basic,omitempty"`

	// Token is the Secret key holding an auth token.
	// +optional
	Token *corev1.SecretKeySelector `json:"token,omitempty"`

	// NKey is the Secret key holding an NKey seed.
	// +optional
	NKey *corev1.SecretKeySelector `json:"nkey,omitempty"`

	// Credential is the Secret key holding a .creds (JWT) file.
	// +optional
	Credential *corev1.SecretKeySelector `json:"credential,omitempty"`
}

// SensorOpenWhiskTrigger invokes an Apache OpenWhisk action.
type SensorOpenWhiskTrigger struct {
	// Host of the OpenWhisk API.
	// +optional
	Host string `json:"host,omitempty"`

	// Version of the OpenWhisk API.
	// +optional
	Version string `json:"version,omitempty"`

	// Namespace of the action.
	// +optional
	Namespace string `json:"namespace,omitempty"`

	// AuthToken is the Secret key holding the API auth token.
	// +optional
	AuthToken *corev1.SecretKeySelector `json:"authToken,omitempty"`

	// ActionName of the action to invoke.
	// +optional
	ActionName string `json:"actionName,omitempty"`

	// Payload builds the invocation payload from event values.
	// +optional
	// +listType=atomic
	Payload []SensorTriggerParameter `json:"payload,omitempty"`

	// Parameters patch this trigger's fields with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`
}

// SensorPulsarTrigger publishes a message to an Apache Pulsar topic.
type SensorPulsarTrigger struct {
	// URL of the Pulsar service.
	// +optional
	URL string `json:"url,omitempty"`

	// Topic to publish to.
	// +optional
	Topic string `json:"topic,omitempty"`

	// Parameters patch this trigger's fields with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`

	// Payload builds the message body from event values.
	// +optional
	// +listType=atomic
	Payload []SensorTriggerParameter `json:"payload,omitempty"`

	// TLSTrustCertsSecret is the Secret key holding trusted CA certificates.
	// +optional
	TLSTrustCertsSecret *corev1.SecretKeySelector `json:"tlsTrustCertsSecret,omitempty"`

	// TLSAllowInsecureConnection accepts untrusted broker certificates.
	// +optional
	TLSAllowInsecureConnection *bool `json:"tlsAllowInsecureConnection,omitempty"`

	// TLSValidateHostname checks the broker's host name against its certificate.
	// +optional
	TLSValidateHostname *bool `json:"tlsValidateHostname,omitempty"`

	// TLS configures the client certificate.
	// +optional
	TLS *EventsTLSConfig `json:"tls,omitempty"`

	// AuthTokenSecret is the Secret key holding a token (token or Athenz, not both).
	// +optional
	AuthTokenSecret *corev1.SecretKeySelector `json:"authTokenSecret,omitempty"`

	// ConnectionBackoff retries the connection to Pulsar.
	// +optional
	ConnectionBackoff *EventsBackoff `json:"connectionBackoff,omitempty"`

	// AuthAthenzParams are the Athenz authentication parameters.
	// +optional
	AuthAthenzParams map[string]string `json:"authAthenzParams,omitempty"`

	// AuthAthenzSecret is the Secret key holding the Athenz private key (needed with
	// authAthenzParams).
	// +optional
	AuthAthenzSecret *corev1.SecretKeySelector `json:"authAthenzSecret,omitempty"`
}

// SensorSlackTrigger posts a message to a Slack channel.
type SensorSlackTrigger struct {
	// Parameters patch this trigger's fields with values taken from events.
	// +optional
	// +listType=atomic
	Parameters []SensorTriggerParameter `json:"parameters,omitempty"`

	// SlackToken is the Secret key holding the Slack bot token.
	// +optional
	SlackToken *corev1.SecretKeySelector `json:"slackToken,omitempty"`

	// Channel to post to.
	// +optional
	Channel string `json:"channel,omitempty"`

	// Message text.
	// +optional
	Message string `json:"message,omitempty"`

	// Attachments is a JSON array of Slack attachments.
	// +optional
	Attachments string `json:"attachments,omitempty"`

	// Blocks is a JSON array of Slack layout blocks.
	// +optional
	Blocks string `json:"blocks,omitempty"`

	// Thread groups messages into a Slack thread.
	// +optional
	Thread *SensorSlackThread `json:"thread,omitempty"`

	// Sender overrides the displayed sender.
	// +optional
	Sender *SensorSlackSender `json:"sender,omitempty"`
}

// SensorSlackThread groups the messages sharing an aggregation key into one thread.
type SensorSlackThread struct {
	// MessageAggregationKey identifies the thread (may be templated from the event).
	// +optional
	MessageAggregationKey string `json:"messageAggregationKey,omitempty"`

	// BroadcastMessageToChannel also shows thread replies in the channel.
	// +optional
	BroadcastMessageToChannel *bool `json:"broadcastMessageToChannel,omitempty"`
}

// SensorSlackSender is the name and icon shown for posted messages.
type SensorSlackSender struct {
	// Username shown as sender.
	// +optional
	Username string `json:"username,omitempty"`

	// Icon (emoji or image URL) shown for the sender.
	// +optional
	Icon string `json:"icon,omitempty"`
}
