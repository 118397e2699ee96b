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
	@SEULA_PSEUDONYM_KEY=demo-key $(RELEASE_BIN) serve --today 2026-03-02 < $(SAMPLE) > /tmp/seula-demo-answers.jsonl
	@echo "   $$(grep -c . $(SAMPLE)) non-blank input lines → $$(wc -l < /tmp/seula-demo-answers.jsonl) answers"
	@echo
	@$(RELEASE_BIN) summarize /tmp/seula-demo-answers.jsonl
	@echo "== seula explain: one case (demo-004, from the sample)"
	@grep '"demo-004"' $(SAMPLE) | $(RELEASE_BIN) explain --today 2026-03-02

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build

## report-check: writes an evaluate, a tune and a diff report from the labelled fixture, renders
## each with headless Chromium (Debian's `chromium`; installed with apt when root and missing) to
## PNG, and fails when a PNG is missing or blank (too small to hold the charts, or — where
## ImageMagick is installed — a single colour). REPORT_SCRATCH picks the build directory.
REPORT_SCRATCH ?= .build
REPORT_DIR ?= /tmp/seula-report-check
REPORT_DATA := Tests/SeulaEvaluationTests/Fixtures/labelled-400.csv
report-check: deps
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then echo "installing: chromium"; \
	    (apt-get install -y -q chromium || (apt-get update -q && apt-get install -y -q chromium)) >/dev/null; \
	  else echo "chromium is missing — run: sudo apt-get install chromium" >&2; exit 1; fi; }
	$(SWIFT) build --scratch-path $(REPORT_SCRATCH) --product seula
	@rm -rf $(REPORT_DIR) && mkdir -p $(REPORT_DIR)
	@bin=$(REPORT_SCRATCH)/debug/seula; \
	 $$bin evaluate $(REPORT_DATA) --bootstrap 200 --report $(REPORT_DIR)/evaluate.html > $(REPORT_DIR)/evaluate.txt && \
	 $$bin tune $(REPORT_DATA) --objective kappa --constraint 'recall(huolenpito) >= 0.75' \
	   --out $(REPORT_DIR)/tuned.json --report $(REPORT_DIR)/tune.html > $(REPORT_DIR)/tune.txt && \
	 $$bin diff models/seula-v1.json $(REPORT_DIR)/tuned.json $(REPORT_DATA) --report $(REPORT_DIR)/diff.html > $(REPORT_DIR)/diff.txt
	@status=0; for r in evaluate tune diff; do \
	  png=$(REPORT_DIR)/$$r.png; \
	  timeout 180 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,3600 \
	    --screenshot=$$png "file://$(abspath $(REPORT_DIR))/$$r.html" >/dev/null 2>&1; \
	  if [ ! -s $$png ]; then echo "report-check: $$r.html did not render ($$png missing)" >&2; status=1; continue; fi; \
	  size=$$(stat -c %s $$png); \
	  if [ $$size -lt 60000 ]; then echo "report-check: $$png looks blank ($$size bytes)" >&2; status=1; continue; fi; \
	  if identify -version 2>/dev/null | grep -q ImageMagick; then \
	    colours=$$(identify -format %k $$png); \
	    if [ $$colours -lt 16 ]; then echo "report-check: $$png looks blank ($$colours colours)" >&2; status=1; continue; fi; \
	  fi; \
	  echo "report-check: $$r.html rendered to $$png ($$size bytes)"; \
	done; exit $$status

## bench: the benchmark harness (benchmarks/README.md): builds release, generates the caseloads into
## benchmarks/data/, measures score, serve, parse-only, bench core and the peer side by side, the
## interactive latency and peak memory; writes benchmarks/results/latest.md and latest.json.
## BENCH_ARGS="--quick" for a 100 k smoke run, "--full" for the peer at 5.6 M too.
BENCH_ARGS ?=
bench: deps
	benchmarks/run $(BENCH_ARGS)
