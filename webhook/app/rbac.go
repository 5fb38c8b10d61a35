package app

// What the webhook reads for validation (see admit.ClusterLookup): the referenced Skiff
// objects through its informer cache, Services live.
// +kubebuilder:rbac:groups=argoproj.io,resources=workflowtemplates;clusterworkflowtemplates;analysistemplates;clusteranalysistemplates;appprojects;eventsources,verbs=get;list;watch
// +kubebuilder:rbac:groups="",resources=services,verbs=get

// Certificates (--self-signed-certs): its own configurations, to inject the CA bundle, and the
// Secret in its own namespace.
// +kubebuilder:rbac:groups=admissionregistration.k8s.io,resources=validatingwebhookconfigurations;mutatingwebhookconfigurations,verbs=get;list;watch
// +kubebuilder:rbac:groups=admissionregistration.k8s.io,resources=validatingwebhookconfigurations;mutatingwebhookconfigurations,verbs=update,resourceNames=skiff-validating-webhook-configuration;skiff-mutating-webhook-configuration
// +kubebuilder:rbac:groups="",namespace=skiff-system,resources=secrets,verbs=get;list;watch;create;update

// The secure /metrics endpoint (internal/metricsendpoint) authenticates and authorises each
// scrape through the API server.
// +kubebuilder:rbac:groups=authentication.k8s.io,resources=tokenreviews,verbs=create
// +kubebuilder:rbac:groups=authorization.k8s.io,resources=subjectaccessreviews,verbs=create
