# The two commands of the quick start are `make site` and `make test`; the rest are helpers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AS_OF  ?=
SITE_URL ?=

.PHONY: site test lint typecheck unit check status report evidence schema golden screenshots serve bench clean

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

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf output internal-report test-artifacts .output.staging .output.retired .pytest_cache .mypy_cache .ruff_cache
