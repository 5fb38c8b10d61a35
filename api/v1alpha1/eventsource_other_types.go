package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Timer, file-system, Kubernetes and generic sources. (Minio uses EventsS3Artifact.)

// EventSourceCalendar emits events on a cron schedule or at a fixed interval.
// +kubebuilder:validation:XValidation:rule="(has(self.schedule) && size(self.schedule) > 0) || (has(self.interval) && size(self.interval) > 0)",message="calendar: set schedule or interval"
type EventSourceCalendar struct {
	// Schedule is a cron expression; it wins over interval.
	// +optional
	Schedule string `json:"schedule,omitempty"`
	// Interval between events, e.g. 10s, 1h.
	// +optional
	Interval string `json:"interval,omitempty"`
	// ExclusionDates are date-times at which no event is emitted.
	// +optional
	ExclusionDates []string `json:"exclusionDates,omitempty"`
	// Timezone the schedule is read in, e.g. America/New_York.
	// +optional
	Timezone string `json:"timezone,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Persistence remembers the last emitted event so missed ones can be caught up.
	// +optional
	Persistence *EventSourceEventPersistence `json:"persistence,omitempty"`
	// Filter drops events whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
}

// EventSourceEventPersistence says where calendar progress is stored and whether missed
// schedules are emitted after a restart.
type EventSourceEventPersistence struct {
	// Catchup emits the schedules missed while the EventSource was down.
	// +optional
	Catchup *EventSourceCatchupConfiguration `json:"catchup,omitempty"`
	// ConfigMap stores the progress.
	// +optional
	ConfigMap *EventSourceConfigMapPersistence `json:"configMap,omitempty"`
}

// EventSourceCatchupConfiguration configures the catch-up of missed schedules.
type EventSourceCatchupConfiguration struct {
	// Enabled turns catch-up on.
	// +optional
	Enabled *bool `json:"enabled,omitempty"`
	// MaxDuration bounds how far back missed schedules are emitted, e.g. 1h.
	// +optional
	MaxDuration string `json:"maxDuration,omitempty"`
}

// EventSourceConfigMapPersistence names the ConfigMap holding calendar progress.
type EventSourceConfigMapPersistence struct {
	// Name of the ConfigMap.
	// +optional
	Name string `json:"name,omitempty"`
	// CreateIfNotExist creates the ConfigMap when missing.
	// +optional
	CreateIfNotExist *bool `json:"createIfNotExist,omitempty"`
}

// EventSourceWatchPathConfig selects the files to watch in a directory.
type EventSourceWatchPathConfig struct {
	// Directory to watch.
	// +optional
	Directory string `json:"directory,omitempty"`
	// Path of the file, relative to the directory.
	// +optional
	Path string `json:"path,omitempty"`
	// PathRegexp matches relative paths, instead of path.
	// +optional
	PathRegexp string `json:"pathRegexp,omitempty"`
}

// EventSourceFile watches files inside the listener pod (e.g. a mounted volume).
type EventSourceFile struct {
	// EventType is the file operation to react to: CREATE, WRITE, REMOVE, RENAME or CHMOD.
	// +optional
	EventType string `json:"eventType,omitempty"`
	// WatchPathConfig selects the files.
	// +optional
	WatchPathConfig *EventSourceWatchPathConfig `json:"watchPathConfig,omitempty"`
	// Polling polls the directory instead of using inotify.
	// +optional
	Polling *bool `json:"polling,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Filter drops events whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
}

// EventSourceSFTP polls a directory on an SFTP server.
type EventSourceSFTP struct {
	// EventType is the file operation to react to: CREATE or REMOVE.
	// +optional
	EventType string `json:"eventType,omitempty"`
	// WatchPathConfig selects the files.
	// +optional
	WatchPathConfig *EventSourceWatchPathConfig `json:"watchPathConfig,omitempty"`
	// Username is the secret key holding the user name.
	// +optional
	Username *corev1.SecretKeySelector `json:"username,omitempty"`
	// Password is the secret key holding the password.
	// +optional
	Password *corev1.SecretKeySelector `json:"password,omitempty"`
	// SSHKeySecret is the secret key holding an SSH private key.
	// +optional
	SSHKeySecret *corev1.SecretKeySelector `json:"sshKeySecret,omitempty"`
	// Address is the secret key holding the server address (host:port).
	// +optional
	Address *corev1.SecretKeySelector `json:"address,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Filter drops events whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
	// PollIntervalDuration between two polls, e.g. 10s.
	// +optional
	PollIntervalDuration string `json:"pollIntervalDuration,omitempty"`
}

// EventSourceHDFS watches a directory of an HDFS file system.
type EventSourceHDFS struct {
	// Directory to watch.
	// +optional
	Directory string `json:"directory,omitempty"`
	// Path of the file, relative to the directory.
	// +optional
	Path string `json:"path,omitempty"`
	// PathRegexp matches relative paths, instead of path.
	// +optional
	PathRegexp string `json:"pathRegexp,omitempty"`
	// Type is the file operation to react to, e.g. CREATE.
	// +optional
	Type string `json:"type,omitempty"`
	// CheckInterval between two directory listings, e.g. 1m.
	// +optional
	CheckInterval string `json:"checkInterval,omitempty"`
	// Addresses of the name nodes (host:port).
	// +optional
	Addresses []string `json:"addresses,omitempty"`
	// HDFSUser to act as (ignored with Kerberos).
	// +optional
	HDFSUser string `json:"hdfsUser,omitempty"`
	// KrbCCacheSecret is the secret key holding a Kerberos credential cache.
	// +optional
	KrbCCacheSecret *corev1.SecretKeySelector `json:"krbCCacheSecret,omitempty"`
	// KrbKeytabSecret is the secret key holding a Kerberos keytab.
	// +optional
	KrbKeytabSecret *corev1.SecretKeySelector `json:"krbKeytabSecret,omitempty"`
	// KrbUsername is the Kerberos user (with a keytab).
	// +optional
	KrbUsername string `json:"krbUsername,omitempty"`
	// KrbRealm is the Kerberos realm (with a keytab).
	// +optional
	KrbRealm string `json:"krbRealm,omitempty"`
	// KrbConfigConfigMap is the config map key holding krb5.conf.
	// +optional
	KrbConfigConfigMap *corev1.ConfigMapKeySelector `json:"krbConfigConfigMap,omitempty"`
	// KrbServicePrincipalName is the name node service principal.
	// +optional
	KrbServicePrincipalName string `json:"krbServicePrincipalName,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Filter drops events whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
}

// EventSourceResource watches Kubernetes objects of one resource type.
type EventSourceResource struct {
	// Namespace to watch (all namespaces when empty).
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// Filter restricts the watched objects.
	// +optional
	Filter *EventSourceResourceFilter `json:"filter,omitempty"`
	// Group of the resource ("" for the core group).
	// +optional
	Group *string `json:"group,omitempty"`
	// Version of the resource, e.g. v1.
	// +required
	// +kubebuilder:validation:MinLength=1
	Version string `json:"version"`
	// Resource is the plural resource name, e.g. pods.
	// +required
	// +kubebuilder:validation:MinLength=1
	Resource string `json:"resource"`
	// EventTypes to react to: ADD, UPDATE and/or DELETE.
	// +required
	// +listType=atomic
	EventTypes []string `json:"eventTypes"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
}

// EventSourceResourceFilter restricts the objects a resource source watches.
type EventSourceResourceFilter struct {
	// Prefix the object name must start with.
	// +optional
	Prefix string `json:"prefix,omitempty"`
	// Labels are label selector terms (a value may list several values, comma-separated).
	// +optional
	// +listType=atomic
	Labels []EventSourceSelector `json:"labels,omitempty"`
	// Fields are field selector terms on any field path; the value may be a regular expression.
	// +optional
	// +listType=atomic
	Fields []EventSourceSelector `json:"fields,omitempty"`
	// CreatedBy keeps objects created before this time.
	// +optional
	CreatedBy *metav1.Time `json:"createdBy,omitempty"`
	// AfterStart keeps objects created after the EventSource started.
	// +optional
	AfterStart *bool `json:"afterStart,omitempty"`
}

// EventSourceSelector is one selector term: key, operator and value.
type EventSourceSelector struct {
	// Key is the label key or field path.
	// +required
	// +kubebuilder:validation:MinLength=1
	Key string `json:"key"`
	// Operation is the operator, e.g. ==, !=, in, notin, exists, gt, lt (== when empty).
	// +optional
	Operation string `json:"operation,omitempty"`
	// Value to compare with.
	// +optional
	Value string `json:"value,omitempty"`
}

// EventSourceGeneric connects to a user gRPC server that streams events.
type EventSourceGeneric struct {
	// URL of the gRPC server.
	// +optional
	URL string `json:"url,omitempty"`
	// Config is passed to the server as is.
	// +optional
	Config string `json:"config,omitempty"`
	// Insecure connects without TLS.
	// +optional
	Insecure *bool `json:"insecure,omitempty"`
	// JSONBody marks event bodies as JSON.
	// +optional
	JSONBody *bool `json:"jsonBody,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// AuthSecret is the secret key holding a bearer token sent to the server.
	// +optional
	AuthSecret *corev1.SecretKeySelector `json:"authSecret,omitempty"`
	// Filter drops events whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
}
