# The two commands the README starts with: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXTRAS ?= web,track,spark,dev
PIP := $(BIN)/pip install -q --disable-pip-version-check

.PHONY: install install-core system-deps demo test lint bench clean

$(BIN)/python:
	@echo "make: creating the virtual environment in $(VENV)/"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip

# The light core alone: enough for the CLI, the ledger, the reports and the demo.
$(VENV)/.core-installed: pyproject.toml | $(BIN)/python
	@echo "make: installing fairprint (core) into $(VENV)/ - about a minute the first time..."
	@$(PIP) -e .
	@touch $@

# Everything: web app, trackers, Spark and the development tools.
$(VENV)/.all-installed: pyproject.toml | $(BIN)/python
	@echo "make: installing fairprint with extras [$(EXTRAS)] into $(VENV)/ - a few minutes the first time..."
	@$(PIP) -e '.[$(EXTRAS)]'
	@touch $@ $(VENV)/.core-installed

install-core: $(VENV)/.core-installed
install: $(VENV)/.all-installed

# Chromium + its driver (browser tests) and a JRE (Spark tests); shared with .ci/run.
system-deps:
	@scripts/system-deps.sh

demo: install-core
	@echo "make: running the demo ($(BIN)/fairprint demo)"
	@$(BIN)/fairprint demo
	@echo
	@echo "The command is $(BIN)/fairprint (or: source $(BIN)/activate, then fairprint)."

# Style, formatting, types and the import layers (pyproject.toml holds each config).
lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	PYTHONPATH=src $(BIN)/mypy
	PYTHONPATH=src $(BIN)/lint-imports

test: install system-deps lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/estimate.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
