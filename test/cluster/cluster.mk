# The local single-node Kubernetes (test/cluster): plain processes, no Docker. Included by
# the top-level Makefile. Needs root; the first `cluster-up` installs Debian packages and
# builds the pinned binaries (~25 min on 2 cores), later ones reuse the cache.

GO ?= go
SKIFF_CLUSTER := $(GO) run ./test/cluster/cmd/skiff-cluster

.PHONY: cluster-up cluster-down cluster-status cluster-e2e cluster-env image-import
cluster-up: ## Start the local cluster (containerd+kubelet, no Docker); prints the KUBECONFIG to export.
	$(SKIFF_CLUSTER) up

cluster-down: ## Stop the local cluster and clean the host; CLEAN=1 also deletes its data.
	$(SKIFF_CLUSTER) down $(if $(filter 1 true yes,$(CLEAN)),--clean)

cluster-status: ## Show the local cluster's processes and node; fails unless all are ready.
	$(SKIFF_CLUSTER) status

cluster-e2e: ## Run the local cluster's acceptance test against the running cluster.
	KUBECONFIG="$$($(SKIFF_CLUSTER) kubeconfig)" && export KUBECONFIG && \
		$(GO) test -tags e2e -count=1 -v ./test/cluster/e2e/

cluster-env: ## Print how to set KUBECONFIG and put the cluster's kubectl and bin/ on PATH (eval the command shown).
	@$(SKIFF_CLUSTER) env >/dev/null && \
		echo 'Run this in your shell (KUBECONFIG, the cached kubectl and bin/ on PATH):' && \
		echo '    eval "$$(go run ./test/cluster/cmd/skiff-cluster env)"'

image-import: ## Put an image archive (docker save or OCI layout tarball) into the local cluster: FILE=img.tar [NAME=ref].
	@test -n "$(FILE)" || { echo 'usage: make image-import FILE=image.tar [NAME=repo:tag]' >&2; exit 2; }
	$(SKIFF_CLUSTER) image import "$(FILE)" $(if $(NAME),--name "$(NAME)")
