# The local single-node Kubernetes (test/cluster): plain processes, no Docker. Included by
# the top-level Makefile. Needs root; the first `cluster-up` installs Debian packages and
# builds the pinned binaries (~25 min on 2 cores), later ones reuse the cache.

GO ?= go
SKIFF_CLUSTER := $(GO) run ./test/cluster/cmd/skiff-cluster

.PHONY: cluster-up cluster-down cluster-status cluster-e2e
cluster-up: ## Start the local cluster (containerd+kubelet, no Docker); prints the KUBECONFIG to export.
	$(SKIFF_CLUSTER) up

cluster-down: ## Stop the local cluster and clean the host; CLEAN=1 also deletes its data.
	$(SKIFF_CLUSTER) down $(if $(filter 1 true yes,$(CLEAN)),--clean)

cluster-status: ## Show the local cluster's processes and node; fails unless all are ready.
	$(SKIFF_CLUSTER) status

cluster-e2e: ## Run the local cluster's acceptance test against the running cluster.
	KUBECONFIG="$$($(SKIFF_CLUSTER) kubeconfig)" && export KUBECONFIG && \
		$(GO) test -tags e2e -count=1 -v ./test/cluster/e2e/
