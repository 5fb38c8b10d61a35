package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
)

// Pull sources that consume a cloud provider's queue or event service.

// EventSourceAzureEventsHub consumes an Azure Event Hub.
type EventSourceAzureEventsHub struct {
	// FQDN of the Event Hubs namespace.
	// +optional
	FQDN string `json:"fqdn,omitempty"`
	// SharedAccessKeyName is the secret key holding the SAS key name (Azure AD when unset).
	// +optional
	SharedAccessKeyName *corev1.SecretKeySelector `json:"sharedAccessKeyName,omitempty"`
	// SharedAccessKey is the secret key holding the SAS key (Azure AD when unset).
	// +optional
	SharedAccessKey *corev1.SecretKeySelector `json:"sharedAccessKey,omitempty"`
	// HubName is the event hub.
	// +optional
	HubName string `json:"hubName,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Filter drops events whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
}

// EventSourceAzureServiceBus consumes an Azure Service Bus queue or topic subscription.
type EventSourceAzureServiceBus struct {
	// ConnectionString is the secret key holding the connection string (Azure AD when unset).
	// +optional
	ConnectionString *corev1.SecretKeySelector `json:"connectionString,omitempty"`
	// QueueName to consume (or use topicName and subscriptionName).
	// +optional
	QueueName string `json:"queueName,omitempty"`
	// TopicName whose subscription is consumed.
	// +optional
	TopicName string `json:"topicName,omitempty"`
	// SubscriptionName of the topic subscription.
	// +optional
	SubscriptionName string `json:"subscriptionName,omitempty"`
	// TLS configures the client.
	// +optional
	TLS *EventsTLSConfig `json:"tls,omitempty"`
	// JSONBody marks message bodies as JSON.
	// +optional
	JSONBody *bool `json:"jsonBody,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Filter drops messages whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
	// FullyQualifiedNamespace of the Service Bus (needed for Azure AD).
	// +optional
	FullyQualifiedNamespace string `json:"fullyQualifiedNamespace,omitempty"`
	// DeferDelete deletes messages only after they were published as events.
	// +optional
	DeferDelete *bool `json:"deferDelete,omitempty"`
}

// EventSourceAzureQueueStorage consumes an Azure Storage queue.
type EventSourceAzureQueueStorage struct {
	// StorageAccountName of the queue (needed for Azure AD).
	// +optional
	StorageAccountName string `json:"storageAccountName,omitempty"`
	// ConnectionString is the secret key holding the connection string (Azure AD when unset).
	// +optional
	ConnectionString *corev1.SecretKeySelector `json:"connectionString,omitempty"`
	// QueueName to consume.
	// +optional
	QueueName string `json:"queueName,omitempty"`
	// JSONBody marks message bodies as JSON.
	// +optional
	JSONBody *bool `json:"jsonBody,omitempty"`
	// DLQ leaves unprocessable messages in the queue for a dead-letter policy.
	// +optional
	DLQ *bool `json:"dlq,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Filter drops messages whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
	// DecodeMessage base64-decodes messages (before jsonBody applies).
	// +optional
	DecodeMessage *bool `json:"decodeMessage,omitempty"`
	// WaitTimeInSeconds is the pause after an empty read.
	// +optional
	WaitTimeInSeconds *int32 `json:"waitTimeInSeconds,omitempty"`
}

// EventSourceSQS consumes an AWS SQS queue.
type EventSourceSQS struct {
	// AccessKey is the secret key holding the AWS access key id.
	// +optional
	AccessKey *corev1.SecretKeySelector `json:"accessKey,omitempty"`
	// SecretKey is the secret key holding the AWS secret access key.
	// +optional
	SecretKey *corev1.SecretKeySelector `json:"secretKey,omitempty"`
	// Region is the AWS region.
	// +optional
	Region string `json:"region,omitempty"`
	// Queue name.
	// +optional
	Queue string `json:"queue,omitempty"`
	// WaitTimeSeconds is the long-poll duration of each receive call.
	// +optional
	WaitTimeSeconds *int64 `json:"waitTimeSeconds,omitempty"`
	// RoleARN is an IAM role to assume.
	// +optional
	RoleARN string `json:"roleARN,omitempty"`
	// JSONBody marks message bodies as JSON.
	// +optional
	JSONBody *bool `json:"jsonBody,omitempty"`
	// QueueAccountID is the AWS account owning the queue.
	// +optional
	QueueAccountID string `json:"queueAccountId,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// DLQ leaves unprocessable messages in the queue for a redrive policy.
	// +optional
	DLQ *bool `json:"dlq,omitempty"`
	// Filter drops messages whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
	// Endpoint overrides the SQS API endpoint.
	// +optional
	Endpoint string `json:"endpoint,omitempty"`
	// SessionToken is the secret key holding an STS session token.
	// +optional
	SessionToken *corev1.SecretKeySelector `json:"sessionToken,omitempty"`
}

// EventSourcePubSub consumes a Google Cloud Pub/Sub subscription.
type EventSourcePubSub struct {
	// ProjectID of the subscription.
	// +optional
	ProjectID string `json:"projectID,omitempty"`
	// TopicProjectID of the topic (projectID when empty).
	// +optional
	TopicProjectID string `json:"topicProjectID,omitempty"`
	// Topic to create a subscription on.
	// +optional
	Topic string `json:"topic,omitempty"`
	// SubscriptionID of an existing or created subscription.
	// +optional
	SubscriptionID string `json:"subscriptionID,omitempty"`
	// CredentialSecret is the secret key holding JSON credentials (workload identity when unset).
	// +optional
	CredentialSecret *corev1.SecretKeySelector `json:"credentialSecret,omitempty"`
	// DeleteSubscriptionOnFinish deletes the subscription when the EventSource stops.
	// +optional
	DeleteSubscriptionOnFinish *bool `json:"deleteSubscriptionOnFinish,omitempty"`
	// JSONBody marks message bodies as JSON.
	// +optional
	JSONBody *bool `json:"jsonBody,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Filter drops messages whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
}

// EventSourceMNS consumes an Alibaba Cloud MNS queue.
type EventSourceMNS struct {
	// AccessKey is the secret key holding the access key id.
	// +optional
	AccessKey *corev1.SecretKeySelector `json:"accessKey,omitempty"`
	// SecretKey is the secret key holding the secret access key.
	// +optional
	SecretKey *corev1.SecretKeySelector `json:"secretKey,omitempty"`
	// Queue name.
	// +optional
	Queue string `json:"queue,omitempty"`
	// JSONBody marks message bodies as JSON.
	// +optional
	JSONBody *bool `json:"jsonBody,omitempty"`
	// Endpoint of the MNS service.
	// +optional
	Endpoint string `json:"endpoint,omitempty"`
	// Filter drops messages whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
}
