package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// EventSource runs a deployment that listens to external systems (webhooks, queues, clouds,
// timers, Kubernetes objects...) and publishes what it receives as events on an EventBus.
// Each source map is keyed by event name; Sensors depend on events by that name.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:scope=Namespaced,shortName=es,categories={argo,argo-events}
type EventSource struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`

	// Spec says which sources to listen to and how to run the listener pod.
	Spec EventSourceSpec `json:"spec"`
	// Status reports the controller's view of the EventSource.
	// +optional
	Status EventSourceStatus `json:"status,omitempty"`
}

// EventSourceList is a list of EventSources.
//
// +kubebuilder:object:root=true
type EventSourceList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []EventSource `json:"items"`
}

func init() {
	SchemeBuilder.Register(&EventSource{}, &EventSourceList{})
}

// EventSourceSpec holds the listener settings and one map per source type. Event names must
// be unique across all the maps of one EventSource.
type EventSourceSpec struct {
	// EventBusName is the EventBus events are published to ("default" when empty).
	// +optional
	EventBusName string `json:"eventBusName,omitempty"`
	// Template customises the listener pod.
	// +optional
	Template *EventsTemplate `json:"template,omitempty"`
	// Service exposes the listener pod (needed by push sources such as webhooks).
	// +optional
	Service *EventSourceService `json:"service,omitempty"`
	// Replicas is the number of listener pods (leader election picks an active one).
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`

	// DeprecatedType is the pre-1.0 `type` field. It is ignored; the source maps say which
	// sources run. Kept so that old manifests still decode.
	// +optional
	DeprecatedType string `json:"type,omitempty"`
	// DeprecatedReplica is the pre-1.2 spelling of replicas. It is ignored (use replicas).
	// Kept so that old manifests still decode.
	// +optional
	DeprecatedReplica *int32 `json:"replica,omitempty"`

	// Minio listens to bucket notifications of a Minio server.
	// +optional
	Minio map[string]EventsS3Artifact `json:"minio,omitempty"`
	// Calendar emits events on a schedule or interval.
	// +optional
	// +kubebuilder:validation:MaxProperties=1000
	Calendar map[string]EventSourceCalendar `json:"calendar,omitempty"`
	// File watches files in the listener pod.
	// +optional
	File map[string]EventSourceFile `json:"file,omitempty"`
	// Resource watches Kubernetes objects.
	// +optional
	Resource map[string]EventSourceResource `json:"resource,omitempty"`
	// Webhook serves plain HTTP endpoints.
	// +optional
	Webhook map[string]EventSourceWebhook `json:"webhook,omitempty"`
	// AMQP consumes RabbitMQ/AMQP messages.
	// +optional
	AMQP map[string]EventSourceAMQP `json:"amqp,omitempty"`
	// Kafka consumes Kafka messages.
	// +optional
	Kafka map[string]EventSourceKafka `json:"kafka,omitempty"`
	// MQTT consumes MQTT messages.
	// +optional
	MQTT map[string]EventSourceMQTT `json:"mqtt,omitempty"`
	// NATS consumes NATS messages.
	// +optional
	NATS map[string]EventSourceNATS `json:"nats,omitempty"`
	// SNS receives AWS SNS notifications.
	// +optional
	SNS map[string]EventSourceSNS `json:"sns,omitempty"`
	// SQS consumes AWS SQS messages.
	// +optional
	SQS map[string]EventSourceSQS `json:"sqs,omitempty"`
	// PubSub consumes Google Cloud Pub/Sub messages.
	// +optional
	PubSub map[string]EventSourcePubSub `json:"pubSub,omitempty"`
	// Github receives GitHub webhooks.
	// +optional
	Github map[string]EventSourceGithub `json:"github,omitempty"`
	// Gitlab receives GitLab webhooks.
	// +optional
	Gitlab map[string]EventSourceGitlab `json:"gitlab,omitempty"`
	// HDFS watches an HDFS directory.
	// +optional
	HDFS map[string]EventSourceHDFS `json:"hdfs,omitempty"`
	// Slack receives Slack events.
	// +optional
	Slack map[string]EventSourceSlack `json:"slack,omitempty"`
	// StorageGrid receives NetApp StorageGRID notifications.
	// +optional
	StorageGrid map[string]EventSourceStorageGrid `json:"storageGrid,omitempty"`
	// AzureEventsHub consumes Azure Event Hubs events.
	// +optional
	AzureEventsHub map[string]EventSourceAzureEventsHub `json:"azureEventsHub,omitempty"`
	// Stripe receives Stripe webhooks.
	// +optional
	Stripe map[string]EventSourceStripe `json:"stripe,omitempty"`
	// Emitter consumes Emitter channel messages.
	// +optional
	Emitter map[string]EventSourceEmitter `json:"emitter,omitempty"`
	// Redis subscribes to Redis pub/sub channels.
	// +optional
	Redis map[string]EventSourceRedis `json:"redis,omitempty"`
	// NSQ consumes NSQ messages.
	// +optional
	NSQ map[string]EventSourceNSQ `json:"nsq,omitempty"`
	// Pulsar consumes Apache Pulsar messages.
	// +optional
	Pulsar map[string]EventSourcePulsar `json:"pulsar,omitempty"`
	// Generic connects to a user gRPC server that streams events.
	// +optional
	Generic map[string]EventSourceGeneric `json:"generic,omitempty"`
	// BitbucketServer receives Bitbucket Server (Data Center) webhooks.
	// +optional
	BitbucketServer map[string]EventSourceBitbucketServer `json:"bitbucketserver,omitempty"`
	// Bitbucket receives Bitbucket Cloud webhooks.
	// +optional
	Bitbucket map[string]EventSourceBitbucket `json:"bitbucket,omitempty"`
	// RedisStream reads Redis streams through a consumer group.
	// +optional
	RedisStream map[string]EventSourceRedisStream `json:"redisStream,omitempty"`
	// AzureServiceBus consumes Azure Service Bus queues or topic subscriptions.
	// +optional
	AzureServiceBus map[string]EventSourceAzureServiceBus `json:"azureServiceBus,omitempty"`
	// AzureQueueStorage consumes Azure Storage queues.
	// +optional
	AzureQueueStorage map[string]EventSourceAzureQueueStorage `json:"azureQueueStorage,omitempty"`
	// SFTP polls a directory on an SFTP server.
	// +optional
	SFTP map[string]EventSourceSFTP `json:"sftp,omitempty"`
	// Gerrit receives Gerrit webhooks.
	// +optional
	Gerrit map[string]EventSourceGerrit `json:"gerrit,omitempty"`
	// MNS consumes Alibaba Cloud MNS queue messages.
	// +optional
	MNS map[string]EventSourceMNS `json:"mns,omitempty"`
}

// EventSourceService describes the Service created in front of the listener pod.
type EventSourceService struct {
	// Metadata adds labels and annotations to the Service.
	// +optional
	Metadata *EventsMetadata `json:"metadata,omitempty"`
	// Ports exposed by the Service.
	// +optional
	// +listType=atomic
	Ports []corev1.ServicePort `json:"ports,omitempty"`
	// ClusterIP of the Service ("None" for a headless Service).
	// +optional
	ClusterIP string `json:"clusterIP,omitempty"`
}

// EventSourceFilter drops events for which the expression is false.
type EventSourceFilter struct {
	// Expression is evaluated against the event payload.
	// +optional
	Expression string `json:"expression,omitempty"`
}

// EventSourceStatus is the observed state of an EventSource.
type EventSourceStatus struct {
	EventsStatus `json:",inline"`
	// ObservedGeneration is the spec generation the status was computed for (Skiff extension).
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}
