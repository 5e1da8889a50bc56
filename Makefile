# Two commands for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: help install demo test lint format clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/unkg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade --quiet pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(BIN)/unkg  ## create .venv and install unkg (editable) with the dev extras

demo: $(BIN)/unkg  ## build the graph from examples/reports into the default store and serve it
	$(BIN)/unkg build examples/reports
	$(BIN)/unkg serve --host $(HOST) --port $(PORT)

test: $(BIN)/unkg  ## run the whole test suite
	$(BIN)/python -m pytest

lint: $(BIN)/unkg  ## ruff lint and format check, and the import contracts (layers)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/lint_imports.py

format: $(BIN)/unkg  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:  ## remove the venv and build output (the store in the user data folder stays)
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
