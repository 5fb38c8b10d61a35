# Native Go fuzzing of every parser that reads user text (each one bounded by api/limits).
# The targets run one after the other, FUZZTIME each; a crasher is kept by Go under the
# package's testdata/fuzz/<Target>/ and from then on `go test` (make unit) replays it as a
# seed. Minimising each new input is capped at FUZZMINIMIZETIME so short runs mostly fuzz.

GO ?= go
FUZZTIME ?= 20s
FUZZMINIMIZETIME ?= 2s

# package:Target, the one list of fuzz targets.
FUZZ_TARGETS = \
	./api/limits:FuzzExpression \
	./api/schedule:FuzzSchedule \
	./api/validate:FuzzDepends \
	./api/validate:FuzzTemplateTags \
	./api/validate:FuzzConditionExpr \
	./api/validate:FuzzSensorConditions \
	./controller/workflow:FuzzSubstitute \
	./controller/workflow:FuzzEvalDepends \
	./controller/cronworkflow:FuzzCronWhen \
	./plugins/kubectl-wf:FuzzLintDocument

.PHONY: fuzz
fuzz: ## Fuzz every parser of user text, FUZZTIME (20s) per target; prints executions and time per target.
	@failed=""; summary=""; \
	for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "== $$name ($$pkg)"; \
		log=$$(mktemp); \
		if $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) $$pkg >$$log 2>&1; then \
			status=ok; else status=FAILED; failed="$$failed $$name"; cat $$log; fi; \
		last=$$(grep '^fuzz: elapsed:' $$log | tail -1 | sed 's/^fuzz: //'); \
		summary="$$summary$$(printf '%-22s %-26s %-6s %s' $$name $$pkg $$status "$$last")\n"; \
		echo "   $$status: $$last"; rm -f $$log; \
	done; \
	printf '\n%-22s %-26s %-6s %s\n' target package result "last progress line"; printf "$$summary"; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed (crashers are under each package's testdata/fuzz/)"; exit 1; fi
