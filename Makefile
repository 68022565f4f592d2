# The two commands in the README: `make run` and `make test`. Each sets up
# .venv from the pinned requirements on first use (and again when they change), with
# this project and the simulator (simulator/) installed in it in editable mode.
# `make help` lists every target. Lines starting `## ` after a target are its help.
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

.PHONY: help run serve test bench package skill-package deploy skill-package-web deploy-web clean \
	deploy-tools preflight

help: ## list the targets, one line each
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: $(VENV)/.runtime-installed ## talk to the skill in the simulator (ARGS="--json ..." for its options)
	$(BIN)/alexa-simulator $(ARGS)

serve: $(VENV)/.runtime-installed ## run the web endpoint on 127.0.0.1:5000 (docs/simulator.md: with the simulator)
	$(BIN)/python -m skill.web $(ARGS)

# The suite writes bytecode (__pycache__/, ignored by git and left out of the Lambda build)
# even where PYTHONDONTWRITEBYTECODE is set: otherwise every pytest-xdist worker and every
# process a test starts compiles the project's modules again (docs/testing.md, "Timing").
test: $(VENV)/.dev-installed $(TEST_DEPLOY_TOOLS) ## lint, then the whole test suite (ARGS="-n 0 tests/test_x.py" for one file)
	$(BIN)/ruff check .
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest $(ARGS)

bench: $(VENV)/.dev-installed ## print the speed and size figures (scripts/benchmark.py)
	$(BIN)/python scripts/benchmark.py $(ARGS)

package: $(VENV)/.runtime-installed ## build the AWS Lambda zip (build/back-spasm-coach-lambda.zip)
	$(BIN)/python scripts/build_lambda_package.py $(ARGS)

# Deploying (docs/deploying.md). The ASK CLI is the one pinned in package.json and
# package-lock.json (with the antlr4ts override), installed into node_modules/ by npm ci and
# run from there: never a global install. Each deploy first runs the preflight (nothing is
# sent to Amazon if it fails), then assembles the skill package (the ASK CLI reads it before
# any hook), then `ask deploy` builds the Lambda code itself (hooks/build.sh) and deploys
# the CloudFormation stack. Standard library only: no .venv needed.
# BSC_PUBLIC_BASE_URL says where /privacy and /terms are published; BSC_OPERATOR_NAME and
# BSC_OPERATOR_CONTACT who runs the skill.
deploy-tools: node_modules/.installed ## install the pinned ASK CLI into node_modules/ (npm ci)

node_modules/.installed: package.json package-lock.json
	$(NPM) ci --ignore-scripts --no-audit --no-fund
	touch $@

preflight: node_modules/.installed ## check everything a deploy needs, sending nothing to Amazon
	$(PYTHON) scripts/deploy_preflight.py

skill-package: ## assemble the skill package the ASK CLI deploys (build/)
	$(PYTHON) scripts/build_skill_package.py --lambda-from-ask-deploy

deploy: node_modules/.installed ## preflight, then deploy Lambda, DynamoDB and the skill with the ASK CLI
	$(PYTHON) scripts/deploy_preflight.py
	$(PYTHON) scripts/build_skill_package.py --lambda-from-ask-deploy
	$(ASK) deploy $(ARGS)

# The web-service path: ENDPOINT=https://your.host/ [CERTIFICATE=Wildcard] make deploy-web
skill-package-web: ## the skill package for a web-service endpoint (ENDPOINT=https://...)
	$(PYTHON) scripts/build_skill_package.py --endpoint "$(ENDPOINT)" \
	    --certificate-type "$(or $(CERTIFICATE),Trusted)" --output-dir build/skill-package-web

deploy-web: node_modules/.installed ## preflight, then deploy the skill pointing at your own HTTPS endpoint
	$(PYTHON) scripts/deploy_preflight.py --profile web --endpoint "$(ENDPOINT)"
	$(MAKE) skill-package-web
	$(ASK) deploy --profile web $(ARGS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The project and the simulator, editable: `import skill` and `alexa-simulator` work from
# anywhere, and edits need no reinstall. (PYTHONWARNINGS quiets setuptools' notice that
# an editable install can be shadowed by a folder of the same name in the working folder.)
INSTALL_PROJECTS = PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e . -e simulator

$(VENV)/.runtime-installed: requirements.txt pyproject.toml simulator/pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(INSTALL_PROJECTS)
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt pyproject.toml simulator/pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(INSTALL_PROJECTS)
	touch $@ $(VENV)/.runtime-installed

clean: ## remove .venv, node_modules and everything built
	rm -rf $(VENV) build .pytest_cache .hypothesis node_modules
