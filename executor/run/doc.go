// Package run is the workflow executor's engine in a step's main container: it installs
// the executor binary into the shared volume (Install, run by init), places the input
// artifacts init staged, runs the user's command as a child process with its signals
// forwarded and its standard output captured (Run), collects the template's output
// parameters from files, and reports: in the termination message the controller reads
// from the container status, or, when the pod has a wait container, in a report in the
// shared volume with the output artifacts packed beside it (api/stepcontract).
package run
