# The same commands the README and CI use.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip
export PIP_ROOT_USER_ACTION := ignore
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install install-dev system-deps run test test-fast lint bench fuzz samples services

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

system-deps: ## LibreOffice, Thai fonts, poppler, Chromium (apt-get; only what is missing)
	bash .ci/system-deps.sh

install: system-deps ## install docgen and its Python packages
	$(PIP) install -q -e .

install-dev: system-deps ## install docgen with test tools
	$(PIP) install -q -e '.[dev]'

run: install ## install, load sample data, serve on http://127.0.0.1:8000 (embedded queue, SQLite)
	docgen demo-setup
	docgen serve --host 127.0.0.1 --port 8000

services: ## start Redis if it is not answering
	bash .ci/services.sh

test: install-dev services ## install what tests need, then run the whole suite
	$(PYTHON) -m pytest -q -p no:cacheprovider

test-fast: ## unit tests only, nothing installed
	$(PYTHON) -m pytest -q tests/unit

lint: ## ruff and mypy
	ruff check docgen workers tests bench samples templates
	ruff format --check docgen workers tests bench samples templates
	mypy docgen workers

bench: install-dev ## benchmarks (ratios against the naive way)
	$(PYTHON) bench/check.py
	$(PYTHON) bench/batch.py
	$(PYTHON) bench/pdf_cer.py
	$(PYTHON) bench/load.py --seconds 20

fuzz: install-dev ## longer fuzzing of readers and the bundle opener
	DOCGEN_FUZZ_EXAMPLES=5000 $(PYTHON) -m pytest -q tests/unit -k fuzz

samples: ## regenerate samples/ (seeded, reproducible)
	$(PYTHON) -m samples.generate
