// Package bench measures Skiff's workflow controller as its own process. It builds the real
// controller binary, runs it against a fresh envtest kube-apiserver + etcd per run, completes
// workflow pods through a simulated kubelet in the harness process, and samples the
// controller's own CPU time and memory from /proc — never the harness's. cmd/skiff-bench
// runs every scenario several times, keeps the raw output and prints medians with their
// spread (`make bench`).
package bench
