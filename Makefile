# The two commands the README starts with: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXTRAS ?= web,track,spark,dev

.PHONY: install install-core demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The light core alone: enough for the CLI, the ledger, the reports and the demo.
$(VENV)/.core-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# Everything: web app, trackers, Spark and the development tools.
$(VENV)/.all-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[$(EXTRAS)]'
	touch $@ $(VENV)/.core-installed

install-core: $(VENV)/.core-installed
install: $(VENV)/.all-installed

demo: install-core
	$(BIN)/fairprint demo

lint: install
	$(BIN)/ruff check src tests bench

test: install lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/estimate.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
