# The two commands of the quick start are `make site` and `make test`; the rest are helpers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AS_OF  ?=
SITE_URL ?=

.PHONY: site test lint typecheck unit fuzz check status report evidence schema golden screenshots serve bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "无法创建虚拟环境：请先安装 python3-venv（apt-get install python3-venv）"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

site: $(STAMP)
	$(BIN)/publisher build --content content --output output \
	  $(if $(AS_OF),--as-of $(AS_OF)) $(if $(SITE_URL),--site-url $(SITE_URL))

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

# The long run of the tests marked `fuzz` (loader and visibility fuzzers, builds killed at
# random): `make test` runs them bounded. FUZZ_EXAMPLES (default 5000 per property),
# CRASH_KILLS (default 150 per crash test) and CRASH_SEED override (tests/fuzzing.py).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -m fuzz

check: $(STAMP)
	$(BIN)/publisher check --content content

status: $(STAMP)
	$(BIN)/publisher status --content content

# The internal report for staff (never deploy it with the public site).
report: $(STAMP)
	$(BIN)/publisher report --content content --output internal-report \
	  $(if $(AS_OF),--as-of $(AS_OF))

evidence: $(STAMP)
	$(BIN)/publisher evidence verify --content content --store demo-evidence

schema: $(STAMP)
	$(BIN)/publisher schema --output schemas

golden: $(STAMP)
	$(BIN)/python -m tests.golden_tool regenerate

# The README's screenshots of the demo's home page, taken by the browser tests (desktop 1280×800,
# phone 390×844); every page's screenshots stay in test-artifacts/screenshots/.
screenshots: $(STAMP)
	REQUIRE_VALIDATORS=1 SCREENSHOT_DIR=test-artifacts/screenshots \
	  $(BIN)/pytest -q tests/test_phones.py -k 'nothing_scrolls_sideways and home'
	cp test-artifacts/screenshots/home-desktop-top.png docs/screenshot.png
	cp test-artifacts/screenshots/home-phone-top.png docs/screenshot-phone.png

serve: site
	$(BIN)/python -m http.server 8000 --directory output

# Benchmarks against Pelican and Hugo (docs/performance.md): `make bench SIZES=1000,10000
# RUNS=3`, or `make bench QUICK=1` for 1,000 records only. Needs Debian's hugo for the Hugo
# rows (apt-get install -y hugo; the table says when it is missing) and the bench extra.
SIZES ?=
RUNS  ?= 3
QUICK ?=
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py --runs $(RUNS) $(if $(SIZES),--sizes $(SIZES)) $(if $(QUICK),--quick)

clean:
	rm -rf output internal-report test-artifacts .output.staging .output.retired .cache .pytest_cache .mypy_cache .ruff_cache
