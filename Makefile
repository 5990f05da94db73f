# newstally — the two commands a newcomer needs are `make run` and `make test`.
# Each one creates .venv and installs what it needs the first time (or when
# pyproject.toml changes), so either works alone on a fresh machine with Python 3.11+.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: run test browser lint demo bench report serve clean help

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)  ## one ingestion run over seeds/sources.toml into warehouse/newstally.duckdb
	$(BIN)/newstally run

test: $(STAMP) browser  ## the test suite (no network needed but Debian's archive, for chromium)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

browser:  ## install Debian's chromium for the browser checks, if missing (root; BROWSER_CHECKS=0: no)
	@CHROMIUM_LOG=$(VENV)/chromium-install.log sh .ci/install-chromium

lint: $(STAMP)  ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/mypy

demo: $(STAMP)  ## the whole pipeline against a bundled offline replay
	$(BIN)/newstally demo

bench: $(STAMP)  ## accuracy and throughput reports (needs ../shared)
	$(BIN)/python bench/extraction_eval.py
	$(BIN)/python bench/figures_eval.py
	$(BIN)/python bench/dedup_eval.py
	$(BIN)/python bench/contradictions_eval.py

serve: $(STAMP)  ## serve the ingest deployment every 30 minutes
	$(BIN)/newstally serve

clean:  ## remove the virtualenv and caches (keeps the warehouse)
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
