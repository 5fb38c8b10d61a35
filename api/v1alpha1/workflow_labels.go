package v1alpha1

// Labels and annotations on Workflows, their pods and children that Skiff's controllers and
// `kubectl wf` both read or write. The argoproj.io ones are upstream's, so Argo's tools and
// users' selectors keep working; the skiff.dev ones carry requests from the plugin.
const (
	LabelWorkflow                = "workflows.argoproj.io/workflow"
	LabelCompleted               = "workflows.argoproj.io/completed"
	LabelPhase                   = "workflows.argoproj.io/phase"
	LabelCronWorkflow            = "workflows.argoproj.io/cron-workflow"
	LabelWorkflowTemplate        = "workflows.argoproj.io/workflow-template"
	LabelClusterWorkflowTemplate = "workflows.argoproj.io/cluster-workflow-template"
	LabelResubmittedFrom         = "workflows.argoproj.io/resubmitted-from-workflow"
	AnnotationNodeName           = "workflows.argoproj.io/node-name"
	AnnotationNodeID             = "workflows.argoproj.io/node-id"
	AnnotationScheduledTime      = "workflows.argoproj.io/scheduled-time"

	// AnnotationResume asks the controller to continue suspended nodes; its value is the
	// time of the request.
	AnnotationResume = "workflows.skiff.dev/resume"
	// AnnotationRetry asks the controller to run a Failed or Error workflow's failed nodes
	// again; AnnotationRetried is the controller's record of the last request carried out.
	AnnotationRetry   = "workflows.skiff.dev/retry"
	AnnotationRetried = "workflows.skiff.dev/retried"
)
