# Two commands for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# pytest-xdist workers of `make test`: each test file runs whole on one (tests/conftest.py)
TEST_WORKERS ?= 2

.PHONY: help install demo test lint format clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

DEMO_STORE ?= .unkg/demo-store

# the dev install (tests, linters, notebooks) and the demo's (only what unkg needs to run)
$(BIN)/unkg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade --quiet pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.runtime

$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

install: $(BIN)/unkg  ## create .venv and install unkg (editable) with the dev extras

demo: $(VENV)/.runtime  ## build examples/reports into .unkg/demo-store (no dev extras) and serve it
	$(BIN)/unkg build examples/reports --store $(DEMO_STORE)
	@echo "The demo store is $(DEMO_STORE) (git-ignored); remove it with: rm -rf $(DEMO_STORE)"
	$(BIN)/unkg serve --store $(DEMO_STORE) --host $(HOST) --port $(PORT)

test: $(BIN)/unkg  ## run the whole test suite: in TEST_WORKERS processes, then the `alone` tests
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup -m "not alone"
	$(BIN)/python -m pytest -m alone

lint: $(BIN)/unkg  ## ruff lint and format check, and the import contracts (layers)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/lint_imports.py

format: $(BIN)/unkg  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:  ## remove the venv, build output and the demo store (.unkg/)
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .unkg
