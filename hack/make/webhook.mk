# The admission webhook's targets (webhook/). Chain webhook-manifests into `make manifests`.

WEBHOOK_MANIFESTS := manifests/webhook manifests/rbac/webhook

.PHONY: webhook-manifests
webhook-manifests: ## Generate the webhook configurations and RBAC from webhook/ markers.
	@rm -rf $(WEBHOOK_MANIFESTS) && mkdir -p $(WEBHOOK_MANIFESTS)
	$(CONTROLLER_GEN) webhook paths=./webhook/... output:webhook:artifacts:config=manifests/webhook
	$(CONTROLLER_GEN) rbac:roleName=skiff-webhook paths=./webhook/... output:rbac:artifacts:config=manifests/rbac/webhook

.PHONY: webhook-integration
webhook-integration: ## Run the webhook's integration tests (envtest on the pinned binaries).
	KUBEBUILDER_ASSETS=$$($(SKIFF_CLUSTER) binaries) $(GO) test -tags integration -count=1 -run 'Webhook' ./test/integration/ -v
