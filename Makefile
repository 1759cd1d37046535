# Two commands for everyone: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve test site unit docs-examples clean publish serve-editions changelog bench bench-live archive

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

# The browser tests drive Debian's Chromium; install it once if missing
# (never `playwright install`: it downloads a browser, which fails offline).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests"
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

## test: the strict site build, then every test (unit, docs examples, browser)
test: site $(CHROMIUM)
	$(BIN)/python -m pytest

## unit: only the Python tests and the docs examples, no site build
unit: setup
	$(BIN)/python -m pytest -m "not browser and not slow"

## publish: publish the committed tree as edition EDITION (e.g. make publish EDITION=2026.1)
##          to the local gh-pages branch, tag it, and point `latest` and the default at it
# mike runs `mkdocs` from PATH, hence the venv on PATH. The strict build runs first.
# Aliases are copies (not symlinks or redirect pages), so the gh-pages tree can be
# copied to any static host as it is.
EDITIONS_PORT ?= 8001
publish: site
	@test -n "$(EDITION)" || { echo "usage: make publish EDITION=2026.1" >&2; exit 2; }
	@test -z "$$(git status --porcelain)" || { \
	  echo "publish: commit your changes first; an edition is built from a committed tree" >&2; exit 2; }
	@if git rev-parse -q --verify "refs/tags/$(EDITION)" >/dev/null; then \
	  test "$$(git rev-parse "$(EDITION)^{commit}")" = "$$(git rev-parse HEAD)" || { \
	    echo "publish: tag $(EDITION) already names another commit" >&2; exit 2; }; \
	else git tag -a "$(EDITION)" -m "Edition $(EDITION)"; fi
	@if [ "$(ARCHIVE)" != no ]; then $(MAKE) --no-print-directory -o $(STAMP) archive EDITION="$(EDITION)"; fi
	PATH="$(abspath $(BIN)):$$PATH" GUIDE_ARCHIVE_ZIP="$(if $(filter no,$(ARCHIVE)),,$(abspath $(ARCHIVE_ZIP)))" \
	  $(BIN)/mike deploy --alias-type=copy --update-aliases "$(EDITION)" latest
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/mike set-default latest
	@echo "Published $(EDITION). Browse all editions: make serve-editions; deploy: push gh-pages (see README)."

## archive: the edition as a zip that opens from file:// with no web server (search and live
##          calculators included), e.g. make archive EDITION=2026.1 -> site-archive/guide-2026.1-offline.zip.
##          `make publish` runs it and ships the zip in the edition (downloads/); ARCHIVE=no skips it.
ARCHIVE_DIR := site-archive
ARCHIVE_ZIP = $(ARCHIVE_DIR)/guide-$(or $(EDITION),draft)-offline.zip
archive: setup
	rm -rf "$(ARCHIVE_DIR)" && mkdir -p "$(ARCHIVE_DIR)"
	GUIDE_ARCHIVE=true GUIDE_EDITION="$(or $(EDITION),draft)" $(BIN)/mkdocs build --strict --quiet \
	  --site-dir "$(ARCHIVE_DIR)/guide-$(or $(EDITION),draft)"
	cd "$(ARCHIVE_DIR)" && $(abspath $(BIN))/python -m zipfile -c "$(notdir $(ARCHIVE_ZIP))" "guide-$(or $(EDITION),draft)"
	@echo "Archive: $(ARCHIVE_ZIP) (unzip, open index.html)"

## serve-editions: serve every published edition from gh-pages at http://127.0.0.1:8001
serve-editions: setup
	$(BIN)/mike serve --dev-addr $(HOST):$(EDITIONS_PORT)

## changelog: figures changed between two editions, e.g. make changelog FROM=2026.1 TO=HEAD
TO ?= HEAD
changelog: setup
	@test -n "$(FROM)" || { echo "usage: make changelog FROM=2026.1 [TO=HEAD] [FORMAT=--json]" >&2; exit 2; }
	@$(BIN)/python -m calculators.changelog $(FORMAT) "$(FROM)" "$(TO)"

## bench-live: keystroke-to-result time of the live forms and weight of their pages (prints a table)
bench-live: site
	$(BIN)/python scripts/bench_live.py

## bench: build times, live-reload rebuild, page weight and Lighthouse scores, against the budgets
bench: setup
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site site-archive .pytest_cache .hypothesis
