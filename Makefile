# The two commands the README starts with: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXTRAS ?= web,track,spark,dev

.PHONY: install demo test lint bench clean

$(BIN)/fairprint: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[$(EXTRAS)]'
	touch $(BIN)/fairprint

install: $(BIN)/fairprint

demo: install
	$(BIN)/fairprint demo

lint: install
	$(BIN)/ruff check src tests bench

test: install lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/estimate.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
