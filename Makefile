# One command to run the action locally, one to test it; both set up .venv on first use.
# `make run` installs the runtime dependencies only; `make test` adds the test and bench tools.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?= --readme README.papers.md --keyword "Large Language Models"

.PHONY: install install-dev demo run test tools lint bench bench-mending bench-relevance bench-container bench-arxiv-down bench-site picture clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,bench]'
	touch $@

install: $(VENV)/.runtime

install-dev: $(VENV)/.dev

# The local command on an arXiv answer recorded from arXiv and shipped with the package: no
# network needed. It writes README.demo.md.
demo: install
	$(BIN)/python -m dailypapers.entry.demo

run: install
	$(BIN)/daily-papers $(ARGS)

# What the container, runner and browser tests need beyond Python, from Debian's packages (as
# root, or through sudo); `make test` names the tests it skips without them.
tools:
	bash .ci/install-tools

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: install-dev
	$(BIN)/python -m bench.run --plot bench/scaling.png

bench-mending: install-dev
	$(BIN)/python -m bench.mending

bench-relevance: install-dev
	$(BIN)/python -m bench.relevance

bench-container: install-dev
	$(BIN)/python -m bench.container

bench-arxiv-down: install-dev
	$(BIN)/python -m bench.arxiv_down

# The site of 20,000 papers in Debian's chromium; also redraws docs/site-desktop.png and site-phone.png.
bench-site: install-dev
	$(BIN)/python -m bench.site --screenshots docs

picture: install-dev
	$(BIN)/python -m bench.picture

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
