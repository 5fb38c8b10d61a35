# A kind cluster for machines with a Docker engine (kind runs Kubernetes nodes as containers).
# This machine kind has no Docker engine, so these targets are not exercised by make test here;
# every suite takes any cluster from KUBECONFIG, so `make kind-up` then
# `KUBECONFIG=bin/kind.kubeconfig make deploy e2e` runs the same tests on kind.

KIND_VERSION ?= v0.33.0
KIND := $(GO) run sigs.k8s.io/kind@$(KIND_VERSION)
KIND_CLUSTER ?= skiff
KIND_KUBECONFIG := bin/kind.kubeconfig

.PHONY: kind-up kind-down
kind-up: image ## (with Docker) Create the kind cluster "skiff" and load Skiff's image; kubeconfig in bin/kind.kubeconfig.
	@mkdir -p bin
	$(KIND) get clusters | grep -qx '$(KIND_CLUSTER)' || $(KIND) create cluster --name $(KIND_CLUSTER) --kubeconfig $(KIND_KUBECONFIG) --wait 120s
	$(KIND) load image-archive $(IMAGE_TARBALL) --name $(KIND_CLUSTER)
	@echo "export KUBECONFIG=$(CURDIR)/$(KIND_KUBECONFIG)"

kind-down: ## (with Docker) Delete the kind cluster.
	$(KIND) delete cluster --name $(KIND_CLUSTER) --kubeconfig $(KIND_KUBECONFIG)
