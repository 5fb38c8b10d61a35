# Skiff's image, Helm chart and installer (controller/, hack/image, hack/deploy,
# manifests/chart/skiff, manifests/install.yaml). Included by the top-level Makefile.
# `make manifests` runs deploy-manifests and `make verify` checks DEPLOY_GENERATED for drift;
# `make e2e` runs test/e2e/deploy.

CHART_DIR := manifests/chart/skiff
# Everything deploy-manifests writes: fails when it drifts.
DEPLOY_GENERATED := manifests/rbac/controller $(CHART_DIR)/crds $(CHART_DIR)/files manifests/install.yaml
IMAGE_TARBALL ?= bin/skiff-image.tar
# The image tag: VERSION, else git describe (never latest). Override with SKIFF_VERSION=...
SKIFF_VERSION ?=
image_tag = $${SKIFF_VERSION:-$$($(GO) run ./hack/image version)}
DEPLOY_FLAGS ?=

.PHONY: controller-rbac chart-sync install-yaml deploy-manifests image image-load deploy undeploy chart-lint deploy-e2e

controller-rbac: ## Generate the controller's RBAC (manifests/rbac/controller) from controller/ markers.
	@rm -rf manifests/rbac/controller && mkdir -p manifests/rbac/controller
	$(CONTROLLER_GEN) rbac:roleName=skiff-controller paths=./controller/... output:rbac:artifacts:config=manifests/rbac/controller

chart-sync: ## Copy the generated CRDs, RBAC and webhook configurations into the Helm chart.
	@rm -rf $(CHART_DIR)/crds $(CHART_DIR)/files && mkdir -p $(CHART_DIR)/crds $(CHART_DIR)/files/rbac/controller $(CHART_DIR)/files/rbac/webhook $(CHART_DIR)/files/webhook
	@cp manifests/crds/*.yaml $(CHART_DIR)/crds/
	@cp manifests/rbac/controller/role.yaml $(CHART_DIR)/files/rbac/controller/
	@if [ -f manifests/rbac/webhook/role.yaml ]; then cp manifests/rbac/webhook/role.yaml $(CHART_DIR)/files/rbac/webhook/; else touch $(CHART_DIR)/files/rbac/webhook/.keep; fi
	@if [ -f manifests/webhook/manifests.yaml ]; then cp manifests/webhook/manifests.yaml $(CHART_DIR)/files/webhook/; else touch $(CHART_DIR)/files/webhook/.keep; fi
	@echo "chart-sync: $(CHART_DIR)/crds and files/ refreshed from manifests/"

install-yaml: ## Render manifests/install.yaml from the chart (Helm SDK, default values, CRDs included).
	$(GO) run ./hack/deploy template -o manifests/install.yaml

deploy-manifests: controller-rbac chart-sync install-yaml ## Regenerate everything the chart and install.yaml are made from.

image: ## Build the image tarball bin/skiff-image.tar (skiff.local/skiff:<version>) without Docker.
	$(GO) run ./hack/image build -version "$(image_tag)" -out $(IMAGE_TARBALL)

image-load: ## Import bin/skiff-image.tar into the local cluster's containerd.
	$(GO) run ./hack/image load -in $(IMAGE_TARBALL)

deploy: ## Install or upgrade the chart into $KUBECONFIG (default: the local cluster) and wait for it.
	$(GO) run ./hack/deploy install -set image.tag="$(image_tag)" $(DEPLOY_FLAGS)

undeploy: ## Uninstall the chart (CRDS=1 also deletes the CRDs and every argoproj.io object).
	$(GO) run ./hack/deploy uninstall $(if $(filter 1 true yes,$(CRDS)),-crds) $(DEPLOY_FLAGS)

chart-lint: ## helm lint (SDK) in every mode; plus a server-side dry-run when $KUBECONFIG is set.
	$(GO) run ./hack/deploy lint

deploy-e2e: ## Deploy to $KUBECONFIG (default: the local cluster) and check pods Ready and admission.
	KUBECONFIG="$${KUBECONFIG:-$$($(SKIFF_CLUSTER) kubeconfig)}" $(GO) test -tags e2e -count=1 -v ./test/e2e/deploy/
