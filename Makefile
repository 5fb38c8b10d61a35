# Skiff's build. `make help` lists the targets.

SHELL := /usr/bin/env bash -o pipefail
GO ?= go
CONTROLLER_GEN := $(GO) tool controller-gen
STATICCHECK := $(GO) tool staticcheck
# Everything controller-gen writes: verify fails when any of it drifts from the markers.
GENERATED = api/v1alpha1/zz_generated.deepcopy.go manifests/crds $(WEBHOOK_MANIFESTS) $(DEPLOY_GENERATED)
# Unit tests are every package but the corpus conformance suite, which has its own target.
UNIT_PKGS = $$($(GO) list ./... | grep -v /test/conformance)

.DEFAULT_GOAL := help

# Each area keeps its own targets next to it; `make help` lists them all.
include test/cluster/cluster.mk
-include hack/make/*.mk

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target>\n\nTargets:\n"} /^[a-zA-Z0-9_-]+:.*##/ {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## Compile every package; bin/ gets the kubectl plugins and their completion helpers (put it on PATH), bin/tools/ the other commands, named skiff-*.
	$(GO) build ./...
	@mkdir -p bin/tools
	@# bin/ goes on users' PATH: only what they run. Builds before this one left in-cluster and
	@# build tools there under generic names (controller, image, deploy...); they go.
	@rm -f $(addprefix bin/,controller executor webhook demo deploy image pause skiff-cluster skiff-s3)
	$(GO) build -o bin/ ./plugins/kubectl-*/
	@for h in plugins/kubectl-*/kubectl_complete-*; do if [ -f "$$h" ]; then install -m 0755 "$$h" bin/; fi; done
	@for pkg in $$($(GO) list -f '{{if eq .Name "main"}}{{.ImportPath}}{{end}}' ./... | grep -v '/plugins/'); do \
		name=$$(basename $$pkg); case $$name in skiff-*) ;; *) name=skiff-$$name ;; esac; \
		$(GO) build -o bin/tools/$$name $$pkg || exit 1; done
	@ls bin bin/tools

.PHONY: generate
generate: ## Generate deepcopy functions from the API markers.
	$(CONTROLLER_GEN) object:headerFile=hack/boilerplate.go.txt paths=./api/...

.PHONY: manifests
manifests: ## Generate CRDs, webhook configurations and RBAC from the markers; refresh the chart and install.yaml.
	@rm -rf manifests/crds && mkdir -p manifests/crds
	$(CONTROLLER_GEN) crd:maxDescLen=0,generateEmbeddedObjectMeta=true paths=./api/... output:crd:artifacts:config=manifests/crds
	@$(MAKE) --no-print-directory webhook-manifests deploy-manifests

.PHONY: verify
verify: generate manifests ## Regenerate and fail on drift; gofmt, go vet and staticcheck.
	@if [ -n "$$(git status --porcelain -- $(GENERATED))" ]; then \
		echo "generated files drifted from the markers (commit the output of make generate manifests):"; \
		git status --porcelain -- $(GENERATED); git --no-pager diff --stat -- $(GENERATED); exit 1; fi
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then \
		echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...
	@echo "verify: no drift, formatted, vet and staticcheck clean"

.PHONY: unit
unit: ## Run the unit tests.
	$(GO) test $(UNIT_PKGS)

.PHONY: conformance
conformance: ## Check the API against the upstream Argo corpus in ../shared/corpus and print the tables.
	$(GO) test -count=1 -v ./test/conformance/ | grep -v -e '^=== RUN' -e '^=== PAUSE' -e '^=== CONT'

.PHONY: integration
integration: ## Run the integration tests on a real etcd + kube-apiserver (built once, then cached).
	@assets=$$($(SKIFF_CLUSTER) binaries) && echo "KUBEBUILDER_ASSETS=$$assets" && \
	KUBEBUILDER_ASSETS=$$assets $(GO) test -tags integration -count=1 -v ./test/integration/... ./test/cluster/ | grep -v -e '^=== RUN' -e '^=== PAUSE' -e '^=== CONT'

# E2E_PKGS are the end-to-end suites (build tag e2e).
E2E_PKGS = $$($(GO) list -tags e2e ./test/... | grep '/e2e')

.PHONY: e2e
e2e: ## Run the end-to-end suites: on the cluster in $KUBECONFIG, else on the local cluster, brought up and down around them.
	@if [ -n "$$KUBECONFIG" ]; then \
		$(GO) test -tags e2e -count=1 -timeout 90m -v $(E2E_PKGS); \
	else \
		$(SKIFF_CLUSTER) up && { \
			KUBECONFIG=$$($(SKIFF_CLUSTER) kubeconfig) $(GO) test -tags e2e -count=1 -timeout 90m -v $(E2E_PKGS); rc=$$?; \
			$(SKIFF_CLUSTER) down; exit $$rc; }; \
	fi

.PHONY: demo
demo: ## Bring up the local cluster (or use $KUBECONFIG), build and deploy Skiff, run every tool's scenario.
	@set -e; start=$$(date +%s); \
	if [ -z "$$KUBECONFIG" ]; then \
		$(SKIFF_CLUSTER) up; KUBECONFIG=$$($(SKIFF_CLUSTER) kubeconfig); export KUBECONFIG; local=1; fi; \
	$(MAKE) --no-print-directory image; \
	if [ -n "$$local" ]; then $(MAKE) --no-print-directory image-load; fi; \
	$(MAKE) --no-print-directory deploy; \
	$(GO) run ./hack/demo; \
	echo "make demo: done in $$(( $$(date +%s) - start ))s (KUBECONFIG=$$KUBECONFIG)"

.PHONY: test
test: verify unit conformance integration e2e ## Run everything: verify, unit, corpus conformance, integration (real apiserver), e2e (local cluster).

.PHONY: bench
bench: ## Benchmarks, medians of $BENCH_RUNS (default 3) runs: Go benchmarks, and the workflow controller as its own process (test/bench). Raw output in bin/bench/.
	KUBEBUILDER_ASSETS=$$($(SKIFF_CLUSTER) binaries) GO=$(GO) $(GO) run ./test/bench/cmd/skiff-bench -out bin/bench

.PHONY: clean
clean: ## Remove build output.
	rm -rf bin
