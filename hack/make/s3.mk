# The S3-compatible server (versitygw, Apache-2.0) the artifact tests run against: built once
# from the pinned module test/s3/server into ~/.cache/skiff/s3 (1-3 min on 2 cores), then
# reused. Tests build it themselves when missing; this target does it ahead of time.

GO ?= go

.PHONY: s3-server
s3-server: ## Build (once) the S3 server used by the artifact integration and e2e tests.
	$(GO) run ./test/s3/cmd/skiff-s3 build
