# Two commands for everyone: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# mkdocs-material 9.7+ prints a boxed notice at every build ("Material for MkDocs reaches end of
# life on May 5, 2027 ... Zensical is its maintained successor"). We have read it and planned for
# it: docs/editors/platform.md (For editors -> Platform and end of life) has the dates and a
# measured trial of the successors. The setting silences only that notice, nothing of the build's
# own warnings or errors; the tests that start MkDocs set it too, for the same reason.
export NO_MKDOCS_2_WARNING := 1

# Reproducible builds: two builds of one commit are byte-identical (tests/test_reproducible.py).
# MkDocs dates the sitemap's <lastmod> by the build's day unless SOURCE_DATE_EPOCH is set; the
# time of the commit being built makes it a property of the commit, whatever day the build runs
# (`make publish` commits its what-changed page first, then passes the new commit's time on). It
# also dates the offline archive's entries (tools/zipdir.py) and names an edition's build in its
# service worker (igm_iim_site/offline.py). Outside a git checkout nothing is set.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif

.PHONY: setup lock edition-publish edition-deploy serve test site unit lint docs-examples clean publish serve-editions changelog figure bench bench-live archive refresh

# Every dependency comes from requirements.lock: exact versions, each file checked against its
# SHA-256 (`--require-hashes`), so every machine and every edition builds with the same code.
# The installer is uv (pinned and hashed in the lock like the rest; pip installs it first): it
# fetches in parallel: a first setup with empty caches took 49 s, against 147 s with pip alone
# (docs/editors/platform.md, "Reproducible editions").
# Each step prints a line, and so does each package installed. The package itself goes in last,
# editable, with no dependencies and no build isolation (its builder, setuptools, is in the lock).
# `make lock` rewrites the lock from pyproject.toml.
LOCK := requirements.lock
UV_LOCK := $(VENV)/uv-requirement.txt
$(STAMP): pyproject.toml $(LOCK)
	@echo "setup 1/4: creating $(VENV) with $$($(PYTHON) --version)"
	$(PYTHON) -m venv $(VENV)
	@echo "setup 2/4: installing the installer, uv, as pinned in $(LOCK)"
	awk '/^[^ #]/ { keep = ($$1 ~ /^uv==/) } keep' $(LOCK) > $(UV_LOCK)
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off --no-deps --require-hashes -r $(UV_LOCK)
	@echo "setup 3/4: installing the $$(grep -c '^[A-Za-z0-9]' $(LOCK)) pinned dependencies of $(LOCK), hashes checked (a first run takes a minute or more)"
	$(BIN)/uv pip install --python $(BIN)/python --require-hashes -r $(LOCK)
	@echo "setup 4/4: installing this project in editable mode (calculators/, and the site's MkDocs plugin igm_iim_site/ with tools/)"
	@# A *.egg-info left in the checkout by an older installation with pip shadows the installed metadata (Python finds
	@# the checkout first), hiding the plugin's entry point from MkDocs: removed before installing.
	rm -rf *.egg-info
	$(BIN)/uv pip install --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $(STAMP)
	@echo "setup: done ($(VENV) matches $(LOCK))"

# The outside validators the tests run (ajv-cli under node, vnu-jar under Java), pinned in package.json and
# package-lock.json; `npm ci` installs exactly the locked versions into node_modules/ (once:
# after that the tests need no network). Debian's npm is installed if missing, as chromium is.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Installing Debian's nodejs and npm for the validators"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

## setup: create .venv and install the package with everything the site and tests need, from requirements.lock
##        (and the validators of package-lock.json into node_modules/)
setup: $(STAMP) $(NODE_STAMP)

## lock: re-resolve requirements.lock from the ranges in pyproject.toml (keeps current pins that still fit;
##       make lock UPGRADE=1 takes the newest versions). Commit the lock; `make setup` then installs it.
LOCK_COMMAND := uv pip compile pyproject.toml --extra dev --generate-hashes --universal --python-version 3.11 -o $(LOCK)
lock: setup
	$(BIN)/$(LOCK_COMMAND) $(if $(UPGRADE),--upgrade) >/dev/null
	@echo "lock: $(LOCK) written; commit it (make setup installs from it)"

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

# The W3C Nu Html Checker (tests/test_html_validator.py): vnu.jar comes with the validators above
# (npm vnu-jar, pinned in package-lock.json), run by Debian's Java, installed once if missing.
JAVA := /usr/bin/java
$(JAVA):
	@echo "Installing Debian's Java runtime for the HTML validator"
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null

## lint: ruff on the package, the plugin, the scripts, the tools and the tests (rules in pyproject.toml)
LINTED := calculators igm_iim_site scripts tools tests
lint: setup
	$(BIN)/ruff check $(LINTED)

## test: lint, the strict site build, then every test (unit, docs examples, browser), one pytest
##       worker per core (TEST_WORKERS=0: all in one process). Tests that share a costly fixture
##       (the published first edition, one page's visits, a module's fixtures) stay in one worker:
##       see xdist_group_of in tests/conftest.py.
TEST_WORKERS ?= auto
test: lint site $(CHROMIUM) $(JAVA)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

## unit: lint, then only the Python tests and the docs examples, no site build
##       (UNIT_TESTS=tests/test_x.py limits it to those files; the tests of `make publish`'s gate use it)
unit: lint
	$(BIN)/python -m pytest -m "not browser and not slow" $(UNIT_TESTS)

## publish: publish the committed tree as edition EDITION (e.g. make publish EDITION=2026.2), only if the tests
##          pass: it runs `make unit` first (lint, the unit tests, every page's examples) and refuses on any
##          failure, publishing nothing; then `make edition-publish` writes its what-changed page, builds
##          strictly, tags it, adds it to gh-pages and points `latest` at it
# The tests that exercise publishing call `make edition-publish` (or edition-deploy), never `make publish`:
# the gate's own test (tests/test_publish_gate.py) runs it with UNIT_TESTS set to one planted test.
publish: setup
	@test -n "$(EDITION)" || { echo "usage: make publish EDITION=2026.2" >&2; exit 2; }
	@$(BIN)/python -m tools.clean_tree publish
	@echo "publish: running the tests first (make unit); nothing is published unless they all pass"
	@$(MAKE) --no-print-directory -o $(STAMP) unit || { \
	  echo "publish: the tests fail (see above): nothing was published (no what-changed page, no tag, nothing on gh-pages). Fix them, commit, and publish again." >&2; exit 2; }
	@$(BIN)/python -m tools.clean_tree "publish: the test run changed or left files"
	@echo "publish: the tests pass; publishing $(EDITION)"
	@$(MAKE) --no-print-directory -o $(STAMP) edition-publish EDITION="$(EDITION)"

## edition-publish: the publishing steps of `make publish`, without its test gate
# 1. tools/editions.py compares the tree with the previous edition tag (figures and reference
#    vectors, each ref's own code in its own interpreter) and writes docs/editions/EDITION.md and
#    .json, committed as one generated commit (nothing on the page is typed).
# 2. The strict build runs (the review check fails it if a changed figure was not re-reviewed).
# 3. The commit is tagged EDITION; mike adds the edition and copies it to `latest`.
# mike runs `mkdocs` from PATH, hence the venv on PATH. Aliases are copies (not symlinks or
# redirect pages), so the gh-pages tree can be copied to any static host as it is.
EDITIONS_PORT ?= 8001
edition-publish: setup
	@test -n "$(EDITION)" || { echo "usage: make edition-publish EDITION=2026.2" >&2; exit 2; }
	@$(BIN)/python -m tools.clean_tree publish
	@if git rev-parse -q --verify "refs/tags/$(EDITION)" >/dev/null; then \
	  test "$$(git rev-parse "$(EDITION)^{commit}")" = "$$(git rev-parse HEAD)" || { \
	    echo "publish: tag $(EDITION) already names another commit" >&2; exit 2; }; \
	else \
	  $(BIN)/python -m tools.editions prepare "$(EDITION)" --site-url "$(SITE_URL)" && \
	  git add docs/editions/$(EDITION).md docs/editions/$(EDITION).json && \
	  { git diff --cached --quiet || git commit -q -m "Edition $(EDITION): what changed (generated by make publish)"; }; \
	fi
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct) $(BIN)/mkdocs build --strict --site-dir site
	@git rev-parse -q --verify "refs/tags/$(EDITION)" >/dev/null || git tag -a "$(EDITION)" -m "Edition $(EDITION)"
	@$(MAKE) --no-print-directory -o $(STAMP) edition-deploy EDITION="$(EDITION)" SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct)
	@test -n "$$SITE_URL" || echo "publish: SITE_URL is not set: canonical links, the sitemap and the 404 page name http://127.0.0.1:8000/. Publish with SITE_URL=https://<host>/<path>/ for a real deployment (README, Deploying)." >&2
	@echo "Published $(EDITION): docs/editions/$(EDITION).md says what changed. Browse all editions: make serve-editions; deploy: push gh-pages (see README)."

# edition-deploy: the part of `make publish` that writes the tagged commit into gh-pages (archive,
# mike). Run alone in a clean clone of the tag, it rebuilds a published edition: the result is the
# published bytes (tests/test_reproducible.py checks it). Without SITE_URL it takes the address the
# edition was published for from its record (docs/editions/EDITION.json, written by make publish).
DEPLOY_SITE_URL = $(or $(SITE_URL),$(shell $(BIN)/python -m tools.editions site-url "$(EDITION)" 2>/dev/null))
edition-deploy: setup
	@test -n "$(EDITION)" || { echo "usage: make edition-deploy EDITION=2026.1" >&2; exit 2; }
	@if [ "$(ARCHIVE)" != no ]; then $(MAKE) --no-print-directory -o $(STAMP) archive EDITION="$(EDITION)" \
	  $(if $(DEPLOY_SITE_URL),SITE_URL="$(DEPLOY_SITE_URL)"); fi
	$(if $(DEPLOY_SITE_URL),SITE_URL="$(DEPLOY_SITE_URL)") PATH="$(abspath $(BIN)):$$PATH" \
	  GUIDE_ARCHIVE_ZIP="$(if $(filter no,$(ARCHIVE)),,$(abspath $(ARCHIVE_ZIP)))" \
	  $(BIN)/mike deploy --alias-type=copy --update-aliases "$(EDITION)" latest
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/mike set-default latest
	$(BIN)/python -m tools.root_worker

## archive: the edition as a zip that opens from file:// with no web server (search and live
##          calculators included), e.g. make archive EDITION=2026.1 -> site-archive/guide-2026.1-offline.zip.
##          `make publish` runs it and ships the zip in the edition (downloads/); ARCHIVE=no skips it.
ARCHIVE_DIR := site-archive
ARCHIVE_ZIP = $(ARCHIVE_DIR)/guide-$(or $(EDITION),draft)-offline.zip
archive: setup
	rm -rf "$(ARCHIVE_DIR)" && mkdir -p "$(ARCHIVE_DIR)"
	GUIDE_ARCHIVE=true GUIDE_EDITION="$(or $(EDITION),draft)" $(BIN)/mkdocs build --strict --quiet \
	  --site-dir "$(ARCHIVE_DIR)/guide-$(or $(EDITION),draft)"
	$(BIN)/python -m tools.zipdir "$(ARCHIVE_ZIP)" "$(ARCHIVE_DIR)" "guide-$(or $(EDITION),draft)"
	@echo "Archive: $(ARCHIVE_ZIP) (unzip, open index.html)"

## serve-editions: serve every published edition from gh-pages at http://127.0.0.1:8001
serve-editions: setup
	$(BIN)/mike serve --dev-addr $(HOST):$(EDITIONS_PORT)

## changelog: figures and calculator answers changed between two refs, e.g. make changelog FROM=2026.1 TO=HEAD
##            (the same comparison `make publish` writes into the edition's page)
TO ?= HEAD
changelog: setup
	@test -n "$(FROM)" || { echo "usage: make changelog FROM=2026.1 [TO=HEAD] [FORMAT=--json]" >&2; exit 2; }
	@$(BIN)/python -m tools.changelog $(FORMAT) "$(FROM)" "$(TO)"

## figure: where a figure is shown and used, e.g. make figure KEY=iim.mtx.start
figure: setup
	@test -n "$(KEY)" || { echo "usage: make figure KEY=iim.mtx.start" >&2; exit 2; }
	@$(BIN)/python -m tools.where "$(KEY)"

## bench-live: keystroke-to-result time of the live forms and weight of their pages (prints a table)
bench-live: site
	$(BIN)/python scripts/bench_live.py

## bench: build times, live-reload rebuild, page weight and Lighthouse scores, against the budgets
bench: setup
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site site-archive .pytest_cache .hypothesis

## refresh: rewrite everything derived from the package (committed vectors, the output gallery and hazard log, the pages'
##          `#>` example outputs) and print what changed; read the diff, then commit. Tests never write these.
refresh: setup
	@$(BIN)/python -m tools.refresh
