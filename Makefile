# The same commands the README and CI use.
#
# Python packages go into a virtual environment in the project (.venv), never the system
# Python: Debian refuses `pip install` there (PEP 668, "externally-managed-environment").
# `make PYTHON=python3 test` uses a Python of your choice instead (a CI image, say).
VENV ?= .venv
PORT ?= 8000
SYSTEM_PYTHON ?= python3
PYTHON ?= $(VENV)/bin/python
PIP ?= $(PYTHON) -m pip
ifeq ($(PYTHON),$(VENV)/bin/python)
DOCGEN ?= $(VENV)/bin/docgen
PYTHON_READY := $(VENV)/bin/python
else
DOCGEN ?= docgen
PYTHON_READY :=
endif
export PIP_ROOT_USER_ACTION := ignore
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv install install-dev system-deps run test test-fast lint bench fuzz samples services

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

system-deps: ## LibreOffice, Thai fonts, poppler, Chromium (apt-get; only what is missing)
	bash .ci/system-deps.sh

$(VENV)/bin/python:
	@$(SYSTEM_PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "python3 -m venv failed: install python3-venv (make system-deps does)" >&2; exit 1; }

venv: $(PYTHON_READY) ## the project's virtual environment in .venv (made once)

install: system-deps $(PYTHON_READY) ## install docgen and its Python packages (into .venv)
	$(PIP) install -q -e .

install-dev: system-deps $(PYTHON_READY) ## install docgen with test tools (into .venv)
	$(PIP) install -q -e '.[dev]'

run: install ## install, load sample data, serve on http://127.0.0.1:8000 (embedded queue, SQLite)
	$(DOCGEN) demo-setup
	$(DOCGEN) serve --host 127.0.0.1 --port $(PORT)

services: ## start Redis if it is not answering
	bash .ci/services.sh

test: install-dev services ## install what tests need, then run the whole suite
	$(PYTHON) -m pytest -q -p no:cacheprovider

test-fast: ## unit tests only, nothing installed
	$(PYTHON) -m pytest -q tests/unit

lint: ## ruff and mypy
	$(PYTHON) -m ruff check docgen workers tests bench samples templates
	$(PYTHON) -m ruff format --check docgen workers tests bench samples templates
	$(PYTHON) -m mypy docgen workers

bench: install-dev ## benchmarks (ratios against the naive way)
	$(PYTHON) bench/check.py
	$(PYTHON) bench/cli_start.py
	$(PYTHON) bench/batch.py
	$(PYTHON) bench/pdf_cer.py
	$(PYTHON) bench/ocr.py
	$(PYTHON) bench/load.py --seconds 20

fuzz: install-dev ## longer fuzzing of readers and the bundle opener
	DOCGEN_FUZZ_EXAMPLES=5000 $(PYTHON) -m pytest -q tests/unit -k fuzz

samples: ## regenerate samples/ (seeded, reproducible)
	$(PYTHON) -m samples.generate
