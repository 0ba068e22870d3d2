# Two commands for a newcomer (see README.md):
#   make run    set everything up, load the data and run web, worker and beat together
#   make test   set everything up and run the whole test suite
# Everything else here is a step those two share.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test setup assets install install-runtime bench-install lock data lint audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the lock files, every package pinned with its hashes (ADR 0020): the
# runtime alone for `make run`, runtime and test tools for `make test`. Reinstall when a lock
# changes; after changing a requirements*.txt, `make lock` writes the locks again.
$(VENV)/.runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(VENV)/.runtime $@

# Both locks from PyPI alone (no local mirrors or wheel folders), so their hashes are PyPI's.
PIP_COMPILE = env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(BIN)/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url
$(BIN)/pip-compile: | $(BIN)/python
	$(BIN)/pip install --quiet "$$(grep '^pip-tools==' requirements-dev.txt)"

lock: $(BIN)/pip-compile
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

var/static-build/application.css: node_modules/.package-lock.json $(wildcard static/scss/*.scss)
	npm run --silent build:css

install: $(VENV)/.installed node_modules/.package-lock.json
install-runtime: $(VENV)/.runtime node_modules/.package-lock.json
assets: var/static-build/application.css
setup: install assets

# The benchmarks' tools (bench/README.md): not needed to run or test the app.
bench-install: $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-bench.txt

# Runs the Procfile (release, then web, worker and beat) with honcho: only the runtime installed.
run: install-runtime assets
	DJANGO_DEBUG=1 PORT=$(PORT) scripts/run-dev.sh

test: setup
	scripts/install-chromium.sh
	scripts/test.sh $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Security checks (docs/adr/0009-supply-chain.md): bandit on our code (tests, migrations and the
# test-only worker harness aside), then pip-audit on the installed packages, which fails on a
# known vulnerability and names every package it could not check.
audit: install
	$(BIN)/bandit -q -c bandit.yaml -r config core authorities inspections interventions reporting scripts \
		-x '*/tests/*,*/migrations/*,core/testing.py'
	$(BIN)/python scripts/audit_dependencies.py

clean:
	rm -rf $(VENV) node_modules var
