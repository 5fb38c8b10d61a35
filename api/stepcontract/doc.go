// Package stepcontract is the one definition of what the workflow controller and the
// executor (skiff-exec) agree on for a step pod: the container names (init, main, wait, as
// upstream Argo names them), the shared volume and the paths in it, the environment
// variables, the termination message and report formats with their size limits, and the
// security context of the containers Skiff injects. Both sides import it; neither writes
// these names itself.
//
// The pod of a container or script template:
//
//   - init (an init container, Skiff's image): copies skiff-exec into the shared volume and
//     fetches the template's input artifacts into InputsDir/<name>. It holds the input
//     artifacts' credentials; it never runs user code.
//   - wait (a native sidecar: an init container with restartPolicy Always, present when
//     NeedsWait says so): holds the output artifacts' credentials, waits for main's report in
//     the shared volume, uploads the packed output artifacts and reports the outputs in its
//     own termination message, or on its standard output when they do not fit there.
//   - main (the user's image): skiff-exec run moves the staged inputs into place, runs the
//     user's command, collects the result and output parameters, packs the output artifacts
//     into OutputsDir and writes the report. It has no credentials.
package stepcontract
