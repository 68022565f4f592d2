# The two commands in the README: `make run` and `make test`. Each sets up
# .venv from the pinned requirements on first use (and again when they change).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The pinned ASK CLI (package.json, package-lock.json); see "Deploying" below.
ASK := node_modules/.bin/ask
NPM ?= npm
# `make test` installs it too when npm is there, so the tests that start it run.
ifneq ($(shell command -v $(NPM) 2>/dev/null),)
TEST_DEPLOY_TOOLS := node_modules/.installed
endif

.PHONY: run serve test bench package skill-package deploy skill-package-web deploy-web clean \
	deploy-tools preflight

run: $(VENV)/.runtime-installed
	$(BIN)/python -m skill.simulator $(ARGS)

serve: $(VENV)/.runtime-installed
	$(BIN)/python -m skill.web $(ARGS)

test: $(VENV)/.dev-installed $(TEST_DEPLOY_TOOLS)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(ARGS)

bench: $(VENV)/.dev-installed
	$(BIN)/python scripts/benchmark.py $(ARGS)

package: $(VENV)/.runtime-installed
	$(BIN)/python scripts/build_lambda_package.py $(ARGS)

# Deploying (docs/deploying.md). The ASK CLI is the one pinned in package.json and
# package-lock.json (with the antlr4ts override), installed into node_modules/ by npm ci and
# run from there: never a global install. Each deploy first runs the preflight (nothing is
# sent to Amazon if it fails), then assembles the skill package (the ASK CLI reads it before
# any hook), then `ask deploy` builds the Lambda code itself (hooks/build.sh) and deploys
# the CloudFormation stack. Standard library only: no .venv needed.
# BSC_PUBLIC_BASE_URL says where /privacy and /terms are published; BSC_OPERATOR_NAME and
# BSC_OPERATOR_CONTACT who runs the skill.
deploy-tools: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	$(NPM) ci --ignore-scripts --no-audit --no-fund
	touch $@

preflight: node_modules/.installed
	$(PYTHON) scripts/deploy_preflight.py

skill-package:
	$(PYTHON) scripts/build_skill_package.py --lambda-from-ask-deploy

deploy: node_modules/.installed
	$(PYTHON) scripts/deploy_preflight.py
	$(PYTHON) scripts/build_skill_package.py --lambda-from-ask-deploy
	$(ASK) deploy $(ARGS)

# The web-service path: ENDPOINT=https://your.host/ [CERTIFICATE=Wildcard] make deploy-web
skill-package-web:
	$(PYTHON) scripts/build_skill_package.py --endpoint "$(ENDPOINT)" \
	    --certificate-type "$(or $(CERTIFICATE),Trusted)" --output-dir build/skill-package-web

deploy-web: node_modules/.installed
	$(PYTHON) scripts/deploy_preflight.py --profile web --endpoint "$(ENDPOINT)"
	$(MAKE) skill-package-web
	$(ASK) deploy --profile web $(ARGS)

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
	rm -rf $(VENV) build .pytest_cache .hypothesis node_modules
