// Package run is the workflow executor's engine: it installs the executor binary into a
// shared volume (Install), runs the user's command as a child process with its signals
// forwarded and its standard output captured (Run), collects the template's output
// parameters from files, and writes the result as a Kubernetes termination message that
// the workflow controller reads from the container status.
package run

const (
	// ScriptPath is where a script template's source is written before the command starts;
	// the controller appends this path to the script template's command.
	ScriptPath = "/var/run/skiff/script"
	// TerminationLog is the container's terminationMessagePath (Kubernetes' default).
	TerminationLog = "/dev/termination-log"
	// MaxMessage is the size limit Kubernetes puts on a termination message; the kubelet
	// cuts longer files, which would leave invalid JSON.
	MaxMessage = 4096
)
