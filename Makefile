# Seula — two commands on a fresh machine:
#   make demo   installs what is missing (as root, with apt), builds release, runs the sample caseload
#   make test   installs what is missing, builds and runs every test
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libssl-dev libblas-dev liblapack-dev
RELEASE_BIN := .build/release/seula
SAMPLE := models/samples/caseload-50.jsonl

.PHONY: demo test deps build release bench report-check clean

## deps: install the system C libraries Seula links (libcrypto, BLAS, LAPACK) when missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing:$$missing"; \
	    (apt-get install -y -q $$missing || (apt-get update -q && apt-get install -y -q $$missing)) >/dev/null; \
	  else echo "missing system packages:$$missing — run: sudo apt-get install$$missing" >&2; exit 1; fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## demo: the sample caseload through `seula serve`, a summary, and one case explained.
demo: release
	@echo "== seula serve < $(SAMPLE)  (one answer per line; the answers are in /tmp/seula-demo-answers.jsonl)"
	@SEULA_PSEUDONYM_KEY=demo-key $(RELEASE_BIN) serve --today 2025-11-25 < $(SAMPLE) > /tmp/seula-demo-answers.jsonl
	@echo "   $$(grep -c . $(SAMPLE)) non-blank input lines → $$(wc -l < /tmp/seula-demo-answers.jsonl) answers"
	@echo
	@$(RELEASE_BIN) summarize /tmp/seula-demo-answers.jsonl
	@echo "== seula explain: one case (demo-004, from the sample)"
	@grep '"demo-004"' $(SAMPLE) | $(RELEASE_BIN) explain --today 2025-11-25

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel

clean:
	rm -rf .build
