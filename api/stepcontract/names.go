package stepcontract

// Container names in a step pod, as upstream Argo names them (its tools find them so).
const (
	InitContainer = "init"
	MainContainer = "main"
	WaitContainer = "wait"
)

// The volume every injected container and main share, and what lives in it.
const (
	// VolumeName is the emptyDir mounted at MountPath in init, wait and main.
	VolumeName = "var-run-skiff"
	MountPath  = "/var/run/skiff"
	// ExecutorPath is where init installs skiff-exec for main.
	ExecutorPath = MountPath + "/skiff-exec"
	// ScriptPath is where main writes a script template's source; the controller appends it
	// to the script's command.
	ScriptPath = MountPath + "/script"
	// InputsDir holds the input artifacts init fetched, each at InputsDir/<name> (a file or
	// a directory), readable by any user; main copies them to their paths.
	InputsDir = MountPath + "/inputs"
	// OutputsDir holds the output artifacts main packed, for wait to upload.
	OutputsDir = MountPath + "/outputs"
	// ReportPath is main's report (Report, JSON), written last and atomically.
	ReportPath = MountPath + "/report.json"
	// ImageBinary is skiff-exec in Skiff's image (init, wait and resource templates run it).
	ImageBinary = "/usr/local/bin/skiff-exec"
	// TerminationLog is every container's terminationMessagePath (Kubernetes' default).
	TerminationLog = "/dev/termination-log"
)

// Environment variables the controller sets and skiff-exec reads.
const (
	// EnvTemplate is the step's template as JSON (inputs substituted), on every container
	// that runs skiff-exec.
	EnvTemplate = "SKIFF_TEMPLATE"
	// EnvScript is a script template's source, on main.
	EnvScript = "SKIFF_SCRIPT"
	// EnvReport, on main, is the path of the report a wait container reads; unset when the
	// pod has no wait container (main's termination message is then the report).
	EnvReport = "SKIFF_REPORT"
	// EnvTerminationLog and EnvScriptPath move those files (tests).
	EnvTerminationLog = "SKIFF_TERMINATION_LOG"
	EnvScriptPath     = "SKIFF_SCRIPT_PATH"
	// The workflow that owns objects a resource template makes with setOwnerReference (its
	// namespace is also the objects' default one).
	EnvWorkflowName      = "SKIFF_WORKFLOW_NAME"
	EnvWorkflowUID       = "SKIFF_WORKFLOW_UID"
	EnvWorkflowNamespace = "SKIFF_WORKFLOW_NAMESPACE"
)
