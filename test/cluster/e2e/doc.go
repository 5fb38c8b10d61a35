// Package e2e holds the local cluster's acceptance test. It is compiled only with the e2e
// build tag, so a plain `go test ./...` never skips it silently as a pass: run it with
// `make cluster-e2e` (or `go test -tags e2e ./test/cluster/e2e/` with KUBECONFIG set),
// against the cluster `make cluster-up` starts. Without KUBECONFIG it fails.
package e2e
