# Two commands for a newcomer (see README.md):
#   make run    set everything up, load the data and run web, worker and beat together
#   make test   set everything up and run the whole test suite
# Everything else here is a step those two share.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test setup assets install data lint audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

var/static-build/application.css: node_modules/.package-lock.json $(wildcard static/scss/*.scss)
	npm run --silent build:css

install: $(VENV)/.installed node_modules/.package-lock.json
assets: var/static-build/application.css
setup: install assets

run: setup
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
