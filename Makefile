# The two commands in the README: `make run` and `make test`. Each sets up
# .venv from the pinned requirements on first use (and again when they change).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve test bench package clean

run: $(VENV)/.runtime-installed
	$(BIN)/python -m skill.simulator $(ARGS)

serve: $(VENV)/.runtime-installed
	$(BIN)/python -m skill.web $(ARGS)

test: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(ARGS)

bench: $(VENV)/.dev-installed
	$(BIN)/python scripts/benchmark.py $(ARGS)

package: $(VENV)/.runtime-installed
	$(BIN)/python scripts/build_lambda_package.py $(ARGS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
