package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
)

// Push sources: the listener pod serves an HTTP endpoint that a remote system calls.

// EventSourceWebhookContext configures the HTTP server of a push source.
type EventSourceWebhookContext struct {
	// Endpoint is the URL path served, e.g. /push.
	// +required
	// +kubebuilder:validation:MinLength=1
	Endpoint string `json:"endpoint"`
	// Method is the accepted HTTP method, e.g. POST.
	// +optional
	Method string `json:"method,omitempty"`
	// Port the server listens on, as a decimal string (e.g. "12000").
	// +required
	// +kubebuilder:validation:Pattern=`^[+-]?[0-9]+$`
	Port string `json:"port"`
	// URL is the externally reachable base URL registered with the remote system.
	// +optional
	URL string `json:"url,omitempty"`
	// ServerCertSecret is the secret key holding the TLS certificate of the server.
	// +optional
	ServerCertSecret *corev1.SecretKeySelector `json:"serverCertSecret,omitempty"`
	// ServerKeySecret is the secret key holding the TLS private key of the server.
	// +optional
	ServerKeySecret *corev1.SecretKeySelector `json:"serverKeySecret,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// AuthSecret is the secret key holding a bearer token callers must present.
	// +optional
	AuthSecret *corev1.SecretKeySelector `json:"authSecret,omitempty"`
	// MaxPayloadSize is the largest request body accepted, in bytes.
	// +optional
	MaxPayloadSize *int64 `json:"maxPayloadSize,omitempty"`
}

// EventSourceWebhook is a plain HTTP endpoint; each request becomes an event.
type EventSourceWebhook struct {
	EventSourceWebhookContext `json:",inline"`
	// Filter drops requests whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
}

// EventSourceGithub receives GitHub webhooks and can register them on repositories or
// organizations.
type EventSourceGithub struct {
	// DeprecatedID is unused (upstream `id`).
	// +optional
	DeprecatedID *int64 `json:"id,omitempty"`
	// Webhook configures the HTTP server.
	// +optional
	Webhook *EventSourceWebhookContext `json:"webhook,omitempty"`
	// DeprecatedOwner is the repository owner (use repositories).
	// +optional
	DeprecatedOwner string `json:"owner,omitempty"`
	// DeprecatedRepository is the repository name (use repositories).
	// +optional
	DeprecatedRepository string `json:"repository,omitempty"`
	// Events are the GitHub event types to subscribe to ("*" for all).
	// +optional
	Events []string `json:"events,omitempty"`
	// APIToken is the secret key holding a GitHub API token used to manage the hook.
	// +optional
	APIToken *corev1.SecretKeySelector `json:"apiToken,omitempty"`
	// WebhookSecret is the secret key holding the shared secret that signs deliveries.
	// +optional
	WebhookSecret *corev1.SecretKeySelector `json:"webhookSecret,omitempty"`
	// Insecure turns off TLS verification of deliveries.
	// +optional
	Insecure *bool `json:"insecure,omitempty"`
	// Active sets whether GitHub delivers to the hook.
	// +optional
	Active *bool `json:"active,omitempty"`
	// ContentType of deliveries: json or form.
	// +optional
	ContentType string `json:"contentType,omitempty"`
	// GithubBaseURL is the API URL of a GitHub Enterprise server.
	// +optional
	GithubBaseURL string `json:"githubBaseURL,omitempty"`
	// GithubUploadURL is the upload URL of a GitHub Enterprise server.
	// +optional
	GithubUploadURL string `json:"githubUploadURL,omitempty"`
	// DeleteHookOnFinish removes the registered hook when the EventSource stops.
	// +optional
	DeleteHookOnFinish *bool `json:"deleteHookOnFinish,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Repositories to register the hook on, grouped by owner.
	// +optional
	Repositories []EventSourceGithubOwnedRepositories `json:"repositories,omitempty"`
	// Organizations to register an organization hook on.
	// +optional
	Organizations []string `json:"organizations,omitempty"`
	// GithubApp authenticates as a GitHub App instead of with an API token.
	// +optional
	GithubApp *EventSourceGithubAppCreds `json:"githubApp,omitempty"`
	// Filter drops deliveries whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
}

// EventSourceGithubOwnedRepositories lists repositories of one owner.
type EventSourceGithubOwnedRepositories struct {
	// Owner is the user or organization.
	// +optional
	Owner string `json:"owner,omitempty"`
	// Names of the repositories.
	// +optional
	Names []string `json:"names,omitempty"`
}

// EventSourceGithubAppCreds are the credentials of a GitHub App installation.
type EventSourceGithubAppCreds struct {
	// PrivateKey is the secret key holding the App private key.
	// +optional
	PrivateKey *corev1.SecretKeySelector `json:"privateKey,omitempty"`
	// AppID is the App id.
	// +optional
	AppID *int64 `json:"appID,omitempty"`
	// InstallationID is the id of the App installation.
	// +optional
	InstallationID *int64 `json:"installationID,omitempty"`
}

// EventSourceGitlab receives GitLab webhooks and can register them on projects or groups.
type EventSourceGitlab struct {
	// Webhook configures the HTTP server.
	// +optional
	Webhook *EventSourceWebhookContext `json:"webhook,omitempty"`
	// DeprecatedProjectID is a single project (use projects).
	// +optional
	DeprecatedProjectID string `json:"projectID,omitempty"`
	// Events are the GitLab hook event kinds, e.g. PushEvents, MergeRequestsEvents.
	// +optional
	Events []string `json:"events,omitempty"`
	// AccessToken is the secret key holding a GitLab API token used to manage the hook.
	// +optional
	AccessToken *corev1.SecretKeySelector `json:"accessToken,omitempty"`
	// EnableSSLVerification makes GitLab verify TLS when delivering.
	// +optional
	EnableSSLVerification *bool `json:"enableSSLVerification,omitempty"`
	// GitlabBaseURL is the GitLab server URL.
	// +optional
	GitlabBaseURL string `json:"gitlabBaseURL,omitempty"`
	// DeleteHookOnFinish removes the registered hook when the EventSource stops.
	// +optional
	DeleteHookOnFinish *bool `json:"deleteHookOnFinish,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Projects are project ids or namespace paths to register the hook on.
	// +optional
	Projects []string `json:"projects,omitempty"`
	// SecretToken is the secret key holding the token GitLab sends with deliveries.
	// +optional
	SecretToken *corev1.SecretKeySelector `json:"secretToken,omitempty"`
	// Filter drops deliveries whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
	// Groups are group ids or names to register a group hook on.
	// +optional
	Groups []string `json:"groups,omitempty"`
}

// EventSourceBitbucket receives Bitbucket Cloud webhooks.
type EventSourceBitbucket struct {
	// DeleteHookOnFinish removes the registered hook when the EventSource stops.
	// +optional
	DeleteHookOnFinish *bool `json:"deleteHookOnFinish,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Webhook configures the HTTP server.
	// +optional
	Webhook *EventSourceWebhookContext `json:"webhook,omitempty"`
	// Auth holds the credentials used to manage the hook.
	// +optional
	Auth *EventSourceBitbucketAuth `json:"auth,omitempty"`
	// Events are the Bitbucket event keys, e.g. repo:push.
	// +optional
	Events []string `json:"events,omitempty"`
	// DeprecatedOwner is the repository owner (use repositories).
	// +optional
	DeprecatedOwner string `json:"owner,omitempty"`
	// DeprecatedProjectKey is the project key (use repositories).
	// +optional
	DeprecatedProjectKey string `json:"projectKey,omitempty"`
	// DeprecatedRepositorySlug is the repository slug (use repositories).
	// +optional
	DeprecatedRepositorySlug string `json:"repositorySlug,omitempty"`
	// Repositories to register the hook on.
	// +optional
	Repositories []EventSourceBitbucketRepository `json:"repositories,omitempty"`
	// Filter drops deliveries whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
}

// EventSourceBitbucketAuth is basic auth or an OAuth token.
type EventSourceBitbucketAuth struct {
	// Basic authenticates with user name and password.
	// +optional
	Basic *EventSourceBitbucketBasicAuth `json:"basic,omitempty"`
	// OAuthToken is the secret key holding an OAuth bearer token.
	// +optional
	OAuthToken *corev1.SecretKeySelector `json:"oauthToken,omitempty"`
}

// EventSourceBitbucketBasicAuth holds user name and password references.
type EventSourceBitbucketBasicAuth struct {
	// Username is the secret key holding the user name.
	// +optional
	Username *corev1.SecretKeySelector `json:"username,omitempty"`
	// Password is the secret key holding the password.
	// +optional
	Password *corev1.SecretKeySelector `json:"password,omitempty"`
}

// EventSourceBitbucketRepository names a Bitbucket Cloud repository.
type EventSourceBitbucketRepository struct {
	// Owner of the repository.
	// +optional
	Owner string `json:"owner,omitempty"`
	// RepositorySlug is the URL name of the repository.
	// +optional
	RepositorySlug string `json:"repositorySlug,omitempty"`
}

// EventSourceBitbucketServer receives Bitbucket Server (Data Center) webhooks.
type EventSourceBitbucketServer struct {
	// Webhook configures the HTTP server.
	// +optional
	Webhook *EventSourceWebhookContext `json:"webhook,omitempty"`
	// DeprecatedProjectKey is a single project (use repositories or projects).
	// +optional
	DeprecatedProjectKey string `json:"projectKey,omitempty"`
	// DeprecatedRepositorySlug is a single repository (use repositories).
	// +optional
	DeprecatedRepositorySlug string `json:"repositorySlug,omitempty"`
	// Projects whose every repository gets the hook.
	// +optional
	Projects []string `json:"projects,omitempty"`
	// Repositories to register the hook on.
	// +optional
	Repositories []EventSourceBitbucketServerRepository `json:"repositories,omitempty"`
	// Events are the Bitbucket Server event keys, e.g. repo:refs_changed.
	// +optional
	Events []string `json:"events,omitempty"`
	// SkipBranchRefsChangedOnOpenPR ignores repo:refs_changed for branches with an open pull request.
	// +optional
	SkipBranchRefsChangedOnOpenPR *bool `json:"skipBranchRefsChangedOnOpenPR,omitempty"`
	// OneEventPerChange emits one event per change of a repo:refs_changed delivery.
	// +optional
	OneEventPerChange *bool `json:"oneEventPerChange,omitempty"`
	// AccessToken is the secret key holding an API token used to manage the hook.
	// +optional
	AccessToken *corev1.SecretKeySelector `json:"accessToken,omitempty"`
	// WebhookSecret is the secret key holding the HMAC secret of deliveries.
	// +optional
	WebhookSecret *corev1.SecretKeySelector `json:"webhookSecret,omitempty"`
	// BitbucketServerBaseURL is the REST API URL of the server.
	// +optional
	BitbucketServerBaseURL string `json:"bitbucketserverBaseURL,omitempty"`
	// DeleteHookOnFinish removes the registered hook when the EventSource stops.
	// +optional
	DeleteHookOnFinish *bool `json:"deleteHookOnFinish,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Filter drops deliveries whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
	// TLS configures the API client.
	// +optional
	TLS *EventsTLSConfig `json:"tls,omitempty"`
	// CheckInterval is how often the registered hooks are checked, e.g. 1m.
	// +optional
	CheckInterval string `json:"checkInterval,omitempty"`
}

// EventSourceBitbucketServerRepository names a Bitbucket Server repository.
type EventSourceBitbucketServerRepository struct {
	// ProjectKey of the project holding the repository.
	// +optional
	ProjectKey string `json:"projectKey,omitempty"`
	// RepositorySlug is the URL name of the repository.
	// +optional
	RepositorySlug string `json:"repositorySlug,omitempty"`
}

// EventSourceGerrit receives Gerrit webhooks (webhooks plugin) and can register them.
type EventSourceGerrit struct {
	// Webhook configures the HTTP server.
	// +optional
	Webhook *EventSourceWebhookContext `json:"webhook,omitempty"`
	// HookName is the name of the registered hook.
	// +optional
	HookName string `json:"hookName,omitempty"`
	// Events are the Gerrit event types, e.g. patchset-created.
	// +optional
	Events []string `json:"events,omitempty"`
	// Auth holds the credentials used to manage the hook.
	// +optional
	Auth *EventsBasicAuth `json:"auth,omitempty"`
	// GerritBaseURL is the Gerrit server URL.
	// +optional
	GerritBaseURL string `json:"gerritBaseURL,omitempty"`
	// DeleteHookOnFinish removes the registered hook when the EventSource stops.
	// +optional
	DeleteHookOnFinish *bool `json:"deleteHookOnFinish,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Projects to register the hook on.
	// +optional
	Projects []string `json:"projects,omitempty"`
	// SslVerify makes Gerrit verify TLS when delivering.
	// +optional
	SslVerify *bool `json:"sslVerify,omitempty"`
	// Filter drops deliveries whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
	// MaxTries is how many times Gerrit tries to deliver.
	// +optional
	MaxTries *int64 `json:"maxTries,omitempty"`
}

// EventSourceSlack receives Slack Events API and interaction requests.
type EventSourceSlack struct {
	// SigningSecret is the secret key holding the Slack signing secret.
	// +optional
	SigningSecret *corev1.SecretKeySelector `json:"signingSecret,omitempty"`
	// Token is the secret key holding the token used in the URL verification handshake.
	// +optional
	Token *corev1.SecretKeySelector `json:"token,omitempty"`
	// Webhook configures the HTTP server.
	// +optional
	Webhook *EventSourceWebhookContext `json:"webhook,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// Filter drops requests whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
}

// EventSourceStripe receives Stripe webhooks and can register the endpoint.
type EventSourceStripe struct {
	// Webhook configures the HTTP server.
	// +optional
	Webhook *EventSourceWebhookContext `json:"webhook,omitempty"`
	// CreateWebhook registers the endpoint with Stripe.
	// +optional
	CreateWebhook *bool `json:"createWebhook,omitempty"`
	// APIKey is the secret key holding the Stripe API key (needed by createWebhook).
	// +optional
	APIKey *corev1.SecretKeySelector `json:"apiKey,omitempty"`
	// EventFilter lists the Stripe event types to keep (all when empty).
	// +optional
	EventFilter []string `json:"eventFilter,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// DeprecatedNamespace is the pre-1.0 namespace of the API key secret. It is ignored
	// (secrets are read from the EventSource namespace). Kept so old manifests still decode.
	// +optional
	DeprecatedNamespace string `json:"namespace,omitempty"`
}

// EventSourceStorageGrid receives NetApp StorageGRID bucket notifications.
type EventSourceStorageGrid struct {
	// Webhook configures the HTTP server.
	// +optional
	Webhook *EventSourceWebhookContext `json:"webhook,omitempty"`
	// Events are the S3 notification types, e.g. s3:ObjectCreated:*.
	// +optional
	Events []string `json:"events,omitempty"`
	// Filter restricts notifications by object key.
	// +optional
	Filter *EventSourceStorageGridFilter `json:"filter,omitempty"`
	// TopicArn is the notification topic.
	// +optional
	TopicArn string `json:"topicArn,omitempty"`
	// Bucket to register notifications for.
	// +optional
	Bucket string `json:"bucket,omitempty"`
	// Region of the bucket.
	// +optional
	Region string `json:"region,omitempty"`
	// AuthToken is the secret key holding the StorageGRID API token.
	// +optional
	AuthToken *corev1.SecretKeySelector `json:"authToken,omitempty"`
	// APIURL is the StorageGRID API URL.
	// +optional
	APIURL string `json:"apiURL,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// TLS configures the API client.
	// +optional
	TLS *EventsTLSConfig `json:"tls,omitempty"`
}

// EventSourceStorageGridFilter restricts notifications to object keys with a prefix and suffix.
type EventSourceStorageGridFilter struct {
	// Prefix the object key must start with.
	// +optional
	Prefix string `json:"prefix,omitempty"`
	// Suffix the object key must end with.
	// +optional
	Suffix string `json:"suffix,omitempty"`
}

// EventSourceSNS subscribes an HTTP endpoint to an AWS SNS topic.
type EventSourceSNS struct {
	// Webhook configures the HTTP server.
	// +optional
	Webhook *EventSourceWebhookContext `json:"webhook,omitempty"`
	// TopicArn is the SNS topic.
	// +optional
	TopicArn string `json:"topicArn,omitempty"`
	// AccessKey is the secret key holding the AWS access key id.
	// +optional
	AccessKey *corev1.SecretKeySelector `json:"accessKey,omitempty"`
	// SecretKey is the secret key holding the AWS secret access key.
	// +optional
	SecretKey *corev1.SecretKeySelector `json:"secretKey,omitempty"`
	// Region is the AWS region.
	// +optional
	Region string `json:"region,omitempty"`
	// RoleARN is an IAM role to assume.
	// +optional
	RoleARN string `json:"roleARN,omitempty"`
	// Metadata is passed along with each event.
	// +optional
	Metadata map[string]string `json:"metadata,omitempty"`
	// ValidateSignature checks the SNS message signature.
	// +optional
	ValidateSignature *bool `json:"validateSignature,omitempty"`
	// Filter drops notifications whose payload does not match.
	// +optional
	Filter *EventSourceFilter `json:"filter,omitempty"`
	// Endpoint overrides the SNS API endpoint.
	// +optional
	Endpoint string `json:"endpoint,omitempty"`
}
