# The two commands in the README: `make run` and `make test`. Each sets up
# .venv from the pinned requirements on first use (and again when they change).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve test bench package skill-package deploy skill-package-web deploy-web clean

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

# Deploying with the ASK CLI (README, "Deploying"). The ASK CLI reads the skill package
# before it runs any hook, so it is assembled first; `ask deploy` then builds the Lambda
# code itself (hooks/build.sh) and deploys the CloudFormation stack. Standard library only:
# no .venv needed. BSC_PUBLIC_BASE_URL says where /privacy and /terms are published.
skill-package:
	$(PYTHON) scripts/build_skill_package.py --lambda-from-ask-deploy

deploy: skill-package
	ask deploy $(ARGS)

# The web-service path: ENDPOINT=https://your.host/ [CERTIFICATE=Wildcard] make deploy-web
skill-package-web:
	$(PYTHON) scripts/build_skill_package.py --endpoint "$(ENDPOINT)" \
	    --certificate-type "$(or $(CERTIFICATE),Trusted)" --output-dir build/skill-package-web

deploy-web: skill-package-web
	ask deploy --profile web $(ARGS)

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
