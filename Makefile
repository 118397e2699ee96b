# Seula — two commands on a fresh machine:
#   make demo   installs what is missing (as root, with apt), builds release, runs the sample caseload
#   make test   installs what is missing, builds and runs every test
#   make install  PREFIX=/usr/local: the release binary in $(PREFIX)/bin, the default criteria in
#                 $(PREFIX)/share/seula/models (where the binary finds them)
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libssl-dev libblas-dev liblapack-dev
RELEASE_BIN := .build/release/seula
SAMPLE := models/samples/caseload-50.jsonl

.PHONY: demo test deps build release install uninstall bench report-check spark-deps spark-check clean

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

## install: the release binary as $(DESTDIR)$(PREFIX)/bin/seula and the default criteria in
## $(DESTDIR)$(PREFIX)/share/seula/models, which is where an installed seula looks for them
## (ModelFile.defaultDirectory: <prefix>/bin/seula → <prefix>/share/seula/models), so
## `seula explain case.json` works from any directory. The binary links the Swift runtime of the
## toolchain that built it; for a machine without Swift, install with
## SWIFT_BUILD_FLAGS=--static-swift-stdlib (and libssl3, libblas3, liblapack3 there).
PREFIX ?= /usr/local
DESTDIR ?=
SWIFT_BUILD_FLAGS ?=
INSTALL_MODELS := models/seula-v1.json models/seula-v2.json
install: deps
	$(SWIFT) build -c release --product seula $(SWIFT_BUILD_FLAGS)
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/seula/models"
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path $(SWIFT_BUILD_FLAGS))/seula" "$(DESTDIR)$(PREFIX)/bin/seula"
	install -m 644 $(INSTALL_MODELS) "$(DESTDIR)$(PREFIX)/share/seula/models/"
	@echo "installed $(DESTDIR)$(PREFIX)/bin/seula and $(DESTDIR)$(PREFIX)/share/seula/models/{seula-v1.json,seula-v2.json}"
	@"$(DESTDIR)$(PREFIX)/bin/seula" --version | sed -n 1p

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/seula"
	for f in $(notdir $(INSTALL_MODELS)); do rm -f "$(DESTDIR)$(PREFIX)/share/seula/models/$$f"; done
	-rmdir "$(DESTDIR)$(PREFIX)/share/seula/models" "$(DESTDIR)$(PREFIX)/share/seula" 2>/dev/null

## report-check: writes the evaluators' reports (evaluate in fi, sv and en on the V2 criteria and in
## sv on V1, whose names fall back to English; evaluate on the small labelled fixture; tune with a
## constraint; diff V1 → V2 and current → tuned) from a generated labelled caseload, and checks each
## in headless Chromium (Debian's `chromium`; installed with apt when root and missing) with
## Tests/ReportCheck/check_reports.py: no text overflows its box or overlaps another (measured with
## the browser's layout), the one-page summary prints to exactly one A4 page, the lang attribute is
## set and no phrase is left untranslated. PNG screenshots and PDFs land in REPORT_DIR.
## REPORT_SCRATCH picks the build directory.
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
	@set -e; bin=$$(pwd)/$(REPORT_SCRATCH)/debug/seula; v1=$$(pwd)/models/seula-v1.json; v2=$$(pwd)/models/seula-v2.json; \
	 fixture=$$(pwd)/$(REPORT_DATA); cd $(REPORT_DIR); export SEULA_PROGRESS=0; \
	 $$bin generate --n 12000 --seed 3 --labels -o caseload.jsonl 2>/dev/null; \
	 for l in fi sv en; do $$bin evaluate caseload.jsonl --model $$v2 --bootstrap 200 --lang $$l --report evaluate-v2-$$l.html > evaluate-v2-$$l.txt; done; \
	 $$bin evaluate caseload.jsonl --model $$v1 --bootstrap 200 --lang sv --report evaluate-v1-sv.html > evaluate-v1-sv.txt; \
	 $$bin evaluate $$fixture --model $$v1 --bootstrap 200 --lang en --report evaluate-fixture-en.html > evaluate-fixture-en.txt; \
	 $$bin tune caseload.jsonl --model $$v2 --objective kappa --constraint 'recall(huolenpito) >= 0.8' --bootstrap 200 --lang en \
	   -o tuned.json --report tune-en.html > tune-en.txt; \
	 $$bin tune caseload.jsonl --model $$v2 --objective kappa --constraint 'recall(huolenpito) >= 0.8' --bootstrap 200 --lang fi \
	   --no-write --report tune-fi.html > tune-fi.txt; \
	 $$bin diff $$v1 $$v2 caseload.jsonl --lang fi --report diff-v1-v2-fi.html > diff-v1-v2-fi.txt; \
	 $$bin diff $$v2 tuned.json caseload.jsonl --lang sv --report diff-tuned-sv.html > diff-tuned-sv.txt
	python3 Tests/ReportCheck/check_reports.py --out $(REPORT_DIR) $(REPORT_DIR)/*.html

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
