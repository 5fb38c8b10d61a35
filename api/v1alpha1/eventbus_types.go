package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// EventBus is the message transport between EventSources and Sensors of a namespace: either a
// NATS/JetStream cluster the controller runs, or an existing (exotic) NATS, JetStream or Kafka
// service.
//
// The resource name is "eventbus" in both singular and plural, as upstream.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:scope=Namespaced,path=eventbus,singular=eventbus,shortName=eb,categories=argo;argo-events
type EventBus struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`

	Spec EventBusSpec `json:"spec"`
	// +optional
	Status EventBusStatus `json:"status,omitempty"`
}

// EventBusList is a list of EventBuses.
//
// +kubebuilder:object:root=true
type EventBusList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`

	Items []EventBus `json:"items"`
}

func init() { SchemeBuilder.Register(&EventBus{}, &EventBusList{}) }

// EventBusSpec selects the event bus technology; set exactly one field.
//
// +kubebuilder:validation:XValidation:rule="(has(self.nats) ? 1 : 0) + (has(self.jetstream) ? 1 : 0) + (has(self.jetstreamExotic) ? 1 : 0) + (has(self.kafka) ? 1 : 0) == 1",message="spec must set exactly one of nats, jetstream, jetstreamExotic or kafka"
type EventBusSpec struct {
	// NATS is a NATS Streaming bus, run by the controller (native) or existing (exotic).
	// NATS Streaming is deprecated upstream in favour of JetStream.
	// +optional
	NATS *EventBusNATSBus `json:"nats,omitempty"`

	// JetStream is a NATS JetStream cluster run by the controller.
	// +optional
	JetStream *EventBusJetStreamBus `json:"jetstream,omitempty"`

	// Kafka is an existing Kafka cluster used as bus.
	// +optional
	Kafka *EventBusKafkaBus `json:"kafka,omitempty"`

	// JetStreamExotic is an existing JetStream service used as bus.
	// +optional
	JetStreamExotic *EventBusJetStreamConfig `json:"jetstreamExotic,omitempty"`
}

// EventBusStatus is the observed state of an EventBus.
type EventBusStatus struct {
	// Conditions report whether the bus is configured and deployed.
	EventsStatus `json:",inline"`

	// Config is the connection information clients use, filled in by the controller.
	// +optional
	Config *EventBusConfig `json:"config,omitempty"`

	// ObservedGeneration is the metadata.generation the status was computed from (Skiff
	// addition; upstream does not set it).
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// EventBusConfig is how EventSources and Sensors connect to the bus; one field is set.
type EventBusConfig struct {
	// NATS connection (NATS Streaming).
	// +optional
	NATS *EventBusNATSConfig `json:"nats,omitempty"`

	// JetStream connection.
	// +optional
	JetStream *EventBusJetStreamConfig `json:"jetstream,omitempty"`

	// Kafka connection.
	// +optional
	Kafka *EventBusKafkaBus `json:"kafka,omitempty"`
}

// EventBusAuthStrategy is how clients authenticate to a NATS bus.
// +kubebuilder:validation:Enum=none;token;basic
type EventBusAuthStrategy string

const (
	// EventBusAuthNone uses no authentication.
	EventBusAuthNone EventBusAuthStrategy = "none"
	// EventBusAuthToken uses a token stored in a Secret.
	EventBusAuthToken EventBusAuthStrategy = "token"
	// EventBusAuthBasic uses username and password stored in a Secret.
	EventBusAuthBasic EventBusAuthStrategy = "basic"
)

// EventBusNATSBus is a NATS Streaming bus; set native or exotic.
type EventBusNATSBus struct {
	// Native lets the controller run a NATS Streaming StatefulSet.
	// +optional
	Native *EventBusNativeStrategy `json:"native,omitempty"`

	// Exotic connects to an existing NATS Streaming service.
	// +optional
	Exotic *EventBusNATSConfig `json:"exotic,omitempty"`
}

// EventBusNativeStrategy describes the NATS Streaming StatefulSet the controller runs.
type EventBusNativeStrategy struct {
	// Replicas of the StatefulSet; values below 3 are raised to 3.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`

	// Auth is the client authentication strategy; none when empty.
	// +optional
	Auth *EventBusAuthStrategy `json:"auth,omitempty"`

	// Persistence stores messages on PersistentVolumes instead of emptyDir.
	// +optional
	Persistence *EventBusPersistenceStrategy `json:"persistence,omitempty"`

	// ContainerTemplate customises the NATS container.
	// +optional
	ContainerTemplate *EventBusContainerTemplate `json:"containerTemplate,omitempty"`

	// MetricsContainerTemplate customises the metrics exporter container.
	// +optional
	MetricsContainerTemplate *EventBusContainerTemplate `json:"metricsContainerTemplate,omitempty"`

	// NodeSelector constrains the nodes the pods run on.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`

	// Tolerations of the pods.
	// +optional
	// +listType=atomic
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`

	// Metadata adds labels and annotations to the pods.
	// +optional
	Metadata *EventsMetadata `json:"metadata,omitempty"`

	// SecurityContext of the pods.
	// +optional
	SecurityContext *corev1.PodSecurityContext `json:"securityContext,omitempty"`

	// MaxAge of stored messages, e.g. "72h" (unlimited when empty).
	// +optional
	MaxAge *string `json:"maxAge,omitempty"`

	// ImagePullSecrets used to pull the images.
	// +optional
	// +listType=atomic
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`

	// ServiceAccountName the pods run as.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`

	// PriorityClassName of the pods.
	// +optional
	PriorityClassName string `json:"priorityClassName,omitempty"`

	// Priority of the pods (normally filled in from priorityClassName by admission).
	// +optional
	Priority *int32 `json:"priority,omitempty"`

	// Affinity of the pods.
	// +optional
	Affinity *corev1.Affinity `json:"affinity,omitempty"`

	// MaxMsgs is the maximum number of messages per channel (0: unlimited).
	// +optional
	MaxMsgs *uint64 `json:"maxMsgs,omitempty"`

	// MaxBytes is the maximum total size of messages per channel, e.g. "1GB" (0: unlimited).
	// +optional
	MaxBytes *string `json:"maxBytes,omitempty"`

	// MaxSubs is the maximum number of subscriptions per channel (0: unlimited).
	// +optional
	MaxSubs *uint64 `json:"maxSubs,omitempty"`

	// MaxPayload is the maximum size of one message, e.g. "1MB" (0: unlimited).
	// +optional
	MaxPayload *string `json:"maxPayload,omitempty"`

	// RaftHeartbeatTimeout is how long a follower waits for the leader before calling an
	// election, e.g. "2s".
	// +optional
	RaftHeartbeatTimeout *string `json:"raftHeartbeatTimeout,omitempty"`

	// RaftElectionTimeout is how long a candidate waits before starting a new election.
	// +optional
	RaftElectionTimeout *string `json:"raftElectionTimeout,omitempty"`

	// RaftLeaseTimeout is how long a leader keeps leading without reaching a quorum.
	// +optional
	RaftLeaseTimeout *string `json:"raftLeaseTimeout,omitempty"`

	// RaftCommitTimeout is the idle time after which the leader sends a heartbeat to commit.
	// +optional
	RaftCommitTimeout *string `json:"raftCommitTimeout,omitempty"`
}

// EventBusNATSConfig is the connection to a NATS Streaming service.
type EventBusNATSConfig struct {
	// URL of the NATS server.
	// +optional
	URL string `json:"url,omitempty"`

	// ClusterID of the NATS Streaming cluster.
	// +optional
	ClusterID *string `json:"clusterID,omitempty"`

	// Auth is the client authentication strategy.
	// +optional
	Auth *EventBusAuthStrategy `json:"auth,omitempty"`

	// AccessSecret holds the credentials for the strategy.
	// +optional
	AccessSecret *corev1.SecretKeySelector `json:"accessSecret,omitempty"`
}

// EventBusJetStreamBus describes the NATS JetStream StatefulSet the controller runs.
type EventBusJetStreamBus struct {
	// Version of JetStream (NATS server) to run, one of the controller's configured versions
	// (e.g. "2.10.10" or "latest").
	// +optional
	Version string `json:"version,omitempty"`

	// Replicas of the StatefulSet; values below 3 are raised to 3.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`

	// ContainerTemplate customises the NATS container.
	// +optional
	ContainerTemplate *EventBusContainerTemplate `json:"containerTemplate,omitempty"`

	// ReloaderContainerTemplate customises the config reloader container.
	// +optional
	ReloaderContainerTemplate *EventBusContainerTemplate `json:"reloaderContainerTemplate,omitempty"`

	// MetricsContainerTemplate customises the metrics exporter container.
	// +optional
	MetricsContainerTemplate *EventBusContainerTemplate `json:"metricsContainerTemplate,omitempty"`

	// Persistence stores streams on PersistentVolumes instead of emptyDir.
	// +optional
	Persistence *EventBusPersistenceStrategy `json:"persistence,omitempty"`

	// Metadata adds labels and annotations to the pods.
	// +optional
	Metadata *EventsMetadata `json:"metadata,omitempty"`

	// NodeSelector constrains the nodes the pods run on.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`

	// Tolerations of the pods.
	// +optional
	// +listType=atomic
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`

	// SecurityContext of the pods.
	// +optional
	SecurityContext *corev1.PodSecurityContext `json:"securityContext,omitempty"`

	// ImagePullSecrets used to pull the images.
	// +optional
	// +listType=atomic
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`

	// PriorityClassName of the pods.
	// +optional
	PriorityClassName string `json:"priorityClassName,omitempty"`

	// Priority of the pods (normally filled in from priorityClassName by admission).
	// +optional
	Priority *int32 `json:"priority,omitempty"`

	// ServiceAccountName the pods run as.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`

	// Affinity of the pods.
	// +optional
	Affinity *corev1.Affinity `json:"affinity,omitempty"`

	// MaxPayload is the maximum size of one message, e.g. "1MB".
	// +optional
	MaxPayload *string `json:"maxPayload,omitempty"`

	// Settings is the JetStream server configuration block (nats-server config syntax);
	// the controller's defaults apply when empty.
	// +optional
	Settings *string `json:"settings,omitempty"`

	// StartArgs are extra nats-server command-line arguments (e.g. "-D").
	// +optional
	// +listType=atomic
	StartArgs []string `json:"startArgs,omitempty"`

	// StreamConfig (YAML) overrides the defaults of the streams the controller creates
	// (maxMsgs, maxBytes, maxAge, replicas, duplicates, retention, discard).
	// +optional
	StreamConfig *string `json:"streamConfig,omitempty"`
}

// EventBusJetStreamConfig is the connection to a JetStream service.
type EventBusJetStreamConfig struct {
	// URL of the JetStream (NATS) server.
	// +optional
	URL string `json:"url,omitempty"`

	// AccessSecret holds the client credentials.
	// +optional
	AccessSecret *corev1.SecretKeySelector `json:"accessSecret,omitempty"`

	// StreamConfig (YAML) of the streams used.
	// +optional
	StreamConfig string `json:"streamConfig,omitempty"`

	// TLS configures the client.
	// +optional
	TLS *EventsTLSConfig `json:"tls,omitempty"`
}

// EventBusKafkaBus is an existing Kafka cluster used as bus.
type EventBusKafkaBus struct {
	// URL of the brokers, comma-separated.
	// +optional
	URL string `json:"url,omitempty"`

	// Topic used for events; "<namespace>-<eventbus name>" when empty.
	// +optional
	Topic string `json:"topic,omitempty"`

	// Version of the Kafka protocol to speak.
	// +optional
	Version string `json:"version,omitempty"`

	// TLS configures the client.
	// +optional
	TLS *EventsTLSConfig `json:"tls,omitempty"`

	// SASL configures SASL authentication.
	// +optional
	SASL *EventsSASLConfig `json:"sasl,omitempty"`

	// ConsumerGroup configures the consumer group Sensors use.
	// +optional
	ConsumerGroup *EventBusKafkaConsumerGroup `json:"consumerGroup,omitempty"`

	// Partitioner is the producer partitioning strategy: random (default), hash, roundrobin
	// or manual.
	// +optional
	Partitioner string `json:"partitioner,omitempty"`
}

// EventBusKafkaConsumerGroup configures the Kafka consumer group.
type EventBusKafkaConsumerGroup struct {
	// GroupName of the consumer group.
	// +optional
	GroupName string `json:"groupName,omitempty"`

	// RebalanceStrategy is sticky, roundrobin or range (the default).
	// +optional
	RebalanceStrategy string `json:"rebalanceStrategy,omitempty"`

	// Oldest starts a new group from the oldest message instead of the newest.
	// +optional
	Oldest *bool `json:"oldest,omitempty"`
}

// EventBusContainerTemplate customises one container of the bus StatefulSet.
type EventBusContainerTemplate struct {
	// Resources of the container.
	// +optional
	Resources *corev1.ResourceRequirements `json:"resources,omitempty"`

	// ImagePullPolicy of the container.
	// +optional
	ImagePullPolicy corev1.PullPolicy `json:"imagePullPolicy,omitempty"`

	// SecurityContext of the container.
	// +optional
	SecurityContext *corev1.SecurityContext `json:"securityContext,omitempty"`
}

// EventBusPersistenceStrategy is the PersistentVolumeClaim template for bus storage.
type EventBusPersistenceStrategy struct {
	// StorageClassName of the claims; the cluster default when empty.
	// +optional
	StorageClassName *string `json:"storageClassName,omitempty"`

	// AccessMode of the claims; ReadWriteOnce when empty.
	// +optional
	AccessMode *corev1.PersistentVolumeAccessMode `json:"accessMode,omitempty"`

	// VolumeSize of each claim (e.g. "10Gi").
	// +optional
	VolumeSize *resource.Quantity `json:"volumeSize,omitempty"`
}
