# Two commands for everyone: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve test site unit docs-examples bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## setup: create .venv and install the package with everything the site and tests need
setup: $(STAMP)

## serve: build and serve the site at http://127.0.0.1:8000 with live reload
serve: setup
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

## site: strict build of the static site into site/
site: setup
	$(BIN)/mkdocs build --strict --site-dir site

## test: the strict site build, then every test (unit, docs examples, browser)
test: site
	$(BIN)/python -m pytest

## unit: only the Python tests and the docs examples, no site build
unit: setup
	$(BIN)/python -m pytest -m "not browser and not slow"

## bench: build times, live-reload rebuild, page weight and Lighthouse scores, against the budgets
bench: setup
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site .pytest_cache .hypothesis
