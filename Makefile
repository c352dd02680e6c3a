# Makefile for The Relational Brain.
#
# `make html` builds the site; `make test` runs every check. Both create the
# virtual environment they need on first use. `make help` lists every target.

# -- Variables you may override (make html JOBS=1) ----------------------------
PYTHON       ?= python3
VENVDIR      ?= .venv
JOBS         ?= auto
SPHINXOPTS   ?= -W --keep-going -n -j $(JOBS)
SOURCEDIR    ?= docs
BUILDDIR     ?= docs/_build
HOST         ?= 127.0.0.1
PORT         ?= 8000
PYTEST_ARGS  ?=
BENCH_SIZES  ?= 10 100 1000

# -- Internal ----------------------------------------------------------------
VENV_PY      := $(VENVDIR)/bin/python
SPHINXBUILD  := $(VENV_PY) -m sphinx
DOCS_READY   := $(VENVDIR)/.docs-installed
TESTS_READY  := $(VENVDIR)/.tests-installed
LOCK         := $(VENV_PY) -m uv pip compile --quiet --python-version 3.11
# Browser-side tools from the npm registry, pinned in tests/a11y/package-lock.json:
# axe-core for `make test`, and Lighthouse (a dev dependency, ~185 MB) for `make audit` only.
A11Y         := tests/a11y
NPM_CI       := PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
AXE_READY    := $(A11Y)/node_modules/.axe-installed
AUDIT_READY  := $(A11Y)/node_modules/.audit-installed

.PHONY: help venv html epub screenshots audit linkcheck check-sources serve autobuild new-article import-source test lint bench bench-serve lock clean distclean

help:  ## List the targets
	@echo "The Relational Brain: make TARGET [VARIABLE=value ...]"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14
	@echo
	@echo "Variables: PYTHON VENVDIR JOBS SPHINXOPTS SOURCEDIR BUILDDIR HOST PORT PYTEST_ARGS BENCH_SIZES"
	@echo "           SLUG TITLE SECTION TAGS SOURCES (for new-article)"
	@echo "           SRC ID TITLE AUTHOR PUBLISHER URL DATE LICENCE FORCE (for import-source)"

venv: $(TESTS_READY)  ## Create .venv with the build and test tools (done for you by other targets)

$(DOCS_READY): docs/requirements.txt pyproject.toml
	@test -x $(VENV_PY) || $(PYTHON) -m venv $(VENVDIR)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check -r docs/requirements.txt
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(TESTS_READY): tests/requirements.txt $(DOCS_READY)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
	@touch $@

html: $(DOCS_READY)  ## Build the site into docs/_build/html (only what changed)
	$(SPHINXBUILD) -M html $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)
	@echo
	@echo "Built. Open $(BUILDDIR)/html/index.html in a browser, or run: make serve"

epub: $(DOCS_READY)  ## Build an EPUB for offline reading into docs/_build/epub
	$(SPHINXBUILD) -M epub $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)

screenshots: html $(TESTS_READY)  ## Key pages at phone and desktop sizes, light and dark, into docs/_build/screenshots
	$(VENV_PY) -m tests.a11y.screenshots $(BUILDDIR)/html $(BUILDDIR)/screenshots

audit: html $(TESTS_READY) $(AUDIT_READY)  ## Lighthouse scores of the landing page and an article (not part of make test)
	$(VENV_PY) -m tests.a11y.audit $(BUILDDIR)/html $(BUILDDIR)/audit

# npm ci empties node_modules first, so each install leaves only its own stamp.
$(AXE_READY): $(A11Y)/package.json $(A11Y)/package-lock.json
	cd $(A11Y) && $(NPM_CI) --omit=dev
	@touch $@

$(AUDIT_READY): $(A11Y)/package.json $(A11Y)/package-lock.json
	cd $(A11Y) && $(NPM_CI)
	@touch $@ $(AXE_READY)

linkcheck: $(DOCS_READY)  ## Check external links (needs the network; not part of make test)
	$(SPHINXBUILD) -M linkcheck $(SOURCEDIR) $(BUILDDIR) $(SPHINXOPTS)

# Standard library only, like new-article.
check-sources:  ## Ask Crossref about retractions and corrections of every cited DOI (needs the network)
	$(PYTHON) tools/check_sources.py $(SOURCEDIR)/references.bib

# One warm Sphinx process (tools/serve/): a save rebuilds in place, without starting
# Python and importing Sphinx again; registered sources are watched too.
serve: $(DOCS_READY)  ## Preview live at http://127.0.0.1:8000 (HOST, PORT), rebuilt on every save
	$(VENV_PY) -m tools.serve $(SOURCEDIR) $(BUILDDIR) --host $(HOST) --port $(PORT) \
		--watch sources -- $(SPHINXOPTS)

autobuild: $(TESTS_READY)  ## The same preview with sphinx-autobuild (a new process per rebuild)
	$(VENVDIR)/bin/sphinx-autobuild --host $(HOST) --port $(PORT) \
		$(SOURCEDIR) $(BUILDDIR)/html -d $(BUILDDIR)/doctrees $(SPHINXOPTS)

# Standard library only: it runs before the virtual environment exists.
new-article:  ## Start an article: SLUG=does-x TITLE="Does x?" and SECTION="Therapy" or TAGS=trauma (SOURCES=id)
	@$(PYTHON) tools/new_article.py --docs $(SOURCEDIR) --slug "$(SLUG)" --title "$(TITLE)" \
		--section "$(SECTION)" --tags "$(TAGS)" --sources "$(SOURCES)"

import-source: $(TESTS_READY)  ## Register a source: SRC=saved-page.html ID=its-id (prints claims and a plan)
	@$(VENV_PY) tools/import_source.py --src "$(SRC)" --id "$(ID)" --title "$(TITLE)" \
		--author "$(AUTHOR)" --publisher "$(PUBLISHER)" --url "$(URL)" --date "$(DATE)" \
		--licence "$(LICENCE)" $(if $(FORCE),--force)

test: $(TESTS_READY) $(AXE_READY)  ## Run the whole test suite (builds the site in temporary folders)
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

# The hooks are local and use the tools of $(VENVDIR), so they need no download.
lint: $(TESTS_READY)  ## Run the hooks of .pre-commit-config.yaml (ruff, codespell, YAML, ...)
	PATH="$(abspath $(VENVDIR))/bin:$$PATH" $(VENVDIR)/bin/pre-commit run --all-files --show-diff-on-failure

bench: $(DOCS_READY)  ## Time clean and incremental builds of synthetic corpora (BENCH_SIZES)
	cd benchmarks && BENCH_JOBS=$(JOBS) $(abspath $(VENV_PY)) run.py $(BENCH_SIZES)

bench-serve: $(DOCS_READY)  ## Time make serve: saving an article to its rebuilt page served (BENCH_SIZES)
	cd benchmarks && BENCH_JOBS=$(JOBS) $(abspath $(VENV_PY)) serve.py $(BENCH_SIZES)

lock: $(TESTS_READY)  ## Regenerate the pinned requirements from the .in files
	$(LOCK) docs/requirements.in -o docs/requirements.txt
	$(LOCK) tests/requirements.in -o tests/requirements.txt

clean:  ## Remove the built site
	rm -rf $(BUILDDIR)

distclean: clean  ## Remove the built site, the virtual environment and the npm packages
	rm -rf $(VENVDIR) $(A11Y)/node_modules
