# Seula — two commands on a fresh machine:
#   make demo   installs what is missing (as root, with apt), builds release, runs the sample caseload
#   make test   installs what is missing, builds and runs every test
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libssl-dev libblas-dev liblapack-dev
RELEASE_BIN := .build/release/seula
SAMPLE := models/samples/caseload-50.jsonl

.PHONY: demo test deps build release bench report-check spark-deps spark-check clean

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

## spark-check (contrib/spark/README.md): Seula under Apache Spark, unchanged. Installs what is
## missing (a Java 17+ runtime with apt when root; pyspark pinned in contrib/spark/requirements.txt
## into the virtual environment SPARK_VENV), builds release, generates SPARK_CASES labelled cases,
## runs seula_spark.py in local[2] and requires its records to equal `seula score`'s byte for byte
## (sorted by line number) and seula_tally.py's tally to equal `seula evaluate`'s confusion
## matrix; prints the timings beside `seula score`'s. Not part of `make test`.
## SPARK_CHECK_ARGS="--overhead" also times the file in ~100 partitions (overhead per partition).
SPARK_VENV ?= .build/spark-venv
SPARK_CASES ?= 200000
SPARK_CHECK_DIR ?= /tmp/seula-spark-check
SPARK_CHECK_ARGS ?=
SPARK_REQUIREMENTS := contrib/spark/requirements.txt
spark-deps:
	@java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }; \
	if [ "$$(java_major)" -lt 17 ] 2>/dev/null || [ -z "$$(java_major)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing: a Java 17 runtime (openjdk-17-jre-headless, else openjdk-21-jre-headless)"; \
	    for p in openjdk-17-jre-headless openjdk-21-jre-headless; do \
	      (apt-get install -y -q $$p || (apt-get update -q && apt-get install -y -q $$p)) >/dev/null 2>&1 && break; done; \
	    if [ "$$(java_major)" -lt 17 ] 2>/dev/null || [ -z "$$(java_major)" ]; then \
	      echo "spark-deps: no Java 17+ runtime on PATH after installing (java -version: $$(java_major))" >&2; exit 1; fi; \
	  else echo "Java 17 or later is missing — run: sudo apt-get install openjdk-17-jre-headless" >&2; exit 1; fi; \
	fi
	@python3 -c 'import venv, ensurepip' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then echo "installing: python3-venv"; \
	    (apt-get install -y -q python3-venv || (apt-get update -q && apt-get install -y -q python3-venv)) >/dev/null; \
	  else echo "python3-venv is missing — run: sudo apt-get install python3-venv" >&2; exit 1; fi; }
	@if ! cmp -s $(SPARK_REQUIREMENTS) $(SPARK_VENV)/requirements.installed 2>/dev/null; then \
	  echo "installing into $(SPARK_VENV): $$(grep -v '^#' $(SPARK_REQUIREMENTS) | xargs)"; \
	  rm -rf $(SPARK_VENV) && python3 -m venv $(SPARK_VENV) && \
	  $(SPARK_VENV)/bin/pip install -q --disable-pip-version-check -r $(SPARK_REQUIREMENTS) && \
	  cp $(SPARK_REQUIREMENTS) $(SPARK_VENV)/requirements.installed; \
	fi

spark-check: release spark-deps
	$(SPARK_VENV)/bin/python contrib/spark/check.py --seula $(RELEASE_BIN) --cases $(SPARK_CASES) --dir $(SPARK_CHECK_DIR) $(SPARK_CHECK_ARGS)
