package v1alpha1

// What Skiff does not implement, by tool. Each entry is a path pattern (see unsupportedByKind).
// The lists say plainly what a user's Argo YAML may contain that Skiff will refuse rather than
// half-do: mostly integrations with hosted services this project cannot run or test.

// workflowArtifactDrivers are the artifact stores other than S3-compatible, git, HTTP and raw.
var workflowArtifactDrivers = []string{"gcs", "azure", "oss", "hdfs", "artifactory", "plugin"}

// templatePlaces are where a Template appears in a WorkflowSpec: the named templates, the
// defaults merged into each of them, and templates written inline in a step or task.
var templatePlaces = []string{
	"templates[]",
	"templateDefaults",
	"templates[].steps[][].inline",
	"templates[].dag.tasks[].inline",
}

// templateUnsupported is relative to a Template.
var templateUnsupported = append([]string{
	"plugin",         // executor plugins
	"containerSet",   // several containers in one pod
	"http",           // HTTP templates run by an agent pod
	"data",           // data templates
	"metrics",        // custom Prometheus metrics
	"executor",       // Skiff's executor needs no service account of its own
	"resourceClaims", // dynamic resource allocation (feature-gated in Kubernetes)
	"podResources",   // pod-level resources (feature-gated in Kubernetes)
	// A resource template's manifest from an artifact: write it in resource.manifest.
	"resource.manifestFrom",
	"synchronization.mutexes[].database",
	"synchronization.semaphores[].database",
	"outputs.artifacts[].artifactGC", // artifact garbage collection
}, crossJoin([]string{
	"inputs.artifacts[]",
	"outputs.artifacts[]",
	"archiveLocation",
	"resource.manifestFrom.artifact",
	"steps[][].arguments.artifacts[]",
	"steps[][].hooks{}.arguments.artifacts[]",
	"dag.tasks[].arguments.artifacts[]",
	"dag.tasks[].hooks{}.arguments.artifacts[]",
}, workflowArtifactDrivers)...)

// workflowSpecUnsupported is relative to a WorkflowSpec.
var workflowSpecUnsupported = append(append([]string{
	"metrics",
	"executor",
	"executorPlugins",
	"podDisruptionBudget",
	"artifactGC",
	"resourceClaims",
	"podResources",
	"synchronization.mutexes[].database", // database-backed locks: ConfigMap-backed only
	"synchronization.semaphores[].database",
}, crossJoin([]string{"arguments.artifacts[]", "hooks{}.arguments.artifacts[]"}, workflowArtifactDrivers)...),
	crossJoin(templatePlaces, templateUnsupported)...)

var rolloutUnsupported = []string{
	"spec.strategy.canary.trafficRouting.alb",
	"spec.strategy.canary.trafficRouting.appMesh",
	"spec.strategy.canary.trafficRouting.ambassador",
	"spec.strategy.canary.trafficRouting.apisix",
	"spec.strategy.canary.trafficRouting.traefik",
	"spec.strategy.canary.trafficRouting.plugins",
	"spec.strategy.canary.steps[].plugin",
	"spec.strategy.canary.pingPong", // upstream drives ping-pong only through ALB
}

// analysisSpecUnsupported: metric providers other than Prometheus, web and Job, and AWS
// request signing.
var analysisSpecUnsupported = append(crossJoin([]string{"metrics[].provider"}, []string{
	"datadog", "newRelic", "wavefront", "kayenta", "cloudWatch", "graphite", "influxdb", "skywalking", "plugin",
}), "metrics[].provider.prometheus.authentication.sigv4", "metrics[].provider.web.authentication.sigv4")

// eventSourceUnsupported: event sources tied to hosted services or to plugins.
var eventSourceUnsupported = append(crossJoin([]string{"spec"}, []string{
	"sns", "sqs", "pubSub", "azureEventsHub", "azureServiceBus", "azureQueueStorage", "storageGrid",
	"stripe", "slack", "gerrit", "bitbucket", "bitbucketserver", "github", "gitlab", "hdfs", "emitter",
	"nsq", "pulsar", "generic", "sftp", "mns",
}), "spec.kafka{}.awsMskIamAuth")

// sensorUnsupported: triggers that call hosted services (also as dead-letter triggers; openwhisk
// is upstream's lower-case alias), GitHub App logins for git sources, and Lua scripts in filters
// and transforms.
var sensorUnsupported = append(crossJoin([]string{"spec.triggers[].template", "spec.triggers[].dlqTrigger.template"}, []string{
	"awsLambda", "azureEventHubs", "azureServiceBus", "openWhisk", "openwhisk", "slack", "email", "pulsar", "custom",
	"k8s.source.git.githubApp", "argoWorkflow.source.git.githubApp",
}), "spec.dependencies[].filters.script", "spec.dependencies[].transform.script")

// eventBusUnsupported: Skiff's EventBus is NATS JetStream; NATS Streaming and Kafka buses are not.
var eventBusUnsupported = []string{"spec.nats", "spec.kafka"}

// applicationUnsupported: config management plugins, Jsonnet and source hydration.
var applicationUnsupported = []string{
	"spec.source.plugin",
	"spec.sources[].plugin",
	"spec.source.directory.jsonnet",
	"spec.sources[].directory.jsonnet",
	"spec.sourceHydrator",
}

// appProjectUnsupported: Argo CD API-server roles and tokens (Skiff has no API server of its
// own: Kubernetes RBAC governs who may act), GPG source verification and sync impersonation.
var appProjectUnsupported = []string{
	"spec.roles",
	"spec.signatureKeys",
	"spec.sourceIntegrity",
	"spec.destinationServiceAccounts",
}

// crossJoin appends each leaf to each place: places × leaves.
func crossJoin(places, leaves []string) []string {
	var out []string
	for _, p := range places {
		for _, l := range leaves {
			out = append(out, p+"."+l)
		}
	}
	return out
}
