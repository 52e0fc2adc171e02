# One command to run the action locally, one to test it; both set up .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?= --readme README.papers.md --keyword "Large Language Models"

.PHONY: install run test lint bench bench-container clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,bench]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/daily-papers $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench.run --plot bench/scaling.png

bench-container: install
	$(BIN)/python -m bench.container

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
