# imp-intake — every target sets itself up first where needed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
RASA   := $(VENV)/bin/rasa
STAMP  := $(VENV)/.installed

SPACY_MODEL := models/spacy/imp_gazetteer
MODEL       := models/intake.tar.gz
GAZETTEER_INPUTS := $(wildcard intake_nlu/*.py intake_nlu/data/*.yaml imp_engine/data/countries.yaml)
TRAINING_INPUTS  := config.yml $(wildcard domain/*.yml data/*.yml nlu_components/*.py) $(GAZETTEER_INPUTS)

# Rasa finds the project's own packages (nlu_components, actions) from the project root; no
# telemetry leaves the machine; TensorFlow keeps its start-up chatter to itself.
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help setup test check lint typecheck test-engine run lock clean gazetteer validate train chromium bench audit eval domain

help: ## this list, from the Makefile's own "##" comments
	@awk -F':.*## ' '/^[a-z-]+:.*## / {printf "make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(STAMP) node_modules/.package-lock.json ## create .venv with the pinned requirements and the widget from npm

# requirements.lock is what runs (the image in deploy/ installs only it); the venv also gets the
# tools tests and checks need (requirements-dev.lock, which includes it).
$(STAMP): requirements.lock requirements-dev.lock
	@test -x $(PY) || "$$(bin/find-python310)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@

# The chat widget, from the npm registry by name (package-lock.json), served by the web service.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The browser tests drive Debian's Chromium (never a downloaded browser build); the proxy tests run
# the shipped deploy/nginx.conf in Debian's nginx.
chromium:
	@command -v chromium >/dev/null && command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver nginx; }

gazetteer: $(SPACY_MODEL)/meta.json

$(SPACY_MODEL)/meta.json: $(STAMP) $(GAZETTEER_INPUTS)
	$(PY) -m intake_nlu.gazetteer $(SPACY_MODEL)

# domain/questions.yml (the intake form's slots, questions and their replies), domain/intents.yml,
# data/program_questions.yml and the callback's not_intent line are generated from the profile
# fields, actions/questions.yaml and intake_nlu/data/intents.yaml; they are checked in, and rebuilt
# whenever those change.
domain: domain/questions.yml ## regenerate the domain parts that come from the questions and intents tables

domain/questions.yml: tools/build_domain.py actions/questions.yaml imp_engine/data/profile.yaml intake_nlu/data/intents.yaml | $(STAMP)
	$(PY) -m tools.build_domain

validate: gazetteer domain/questions.yml
	$(RASA) data validate --domain domain

train: $(MODEL) ## build the spaCy gazetteer pipeline and train the Rasa model

$(MODEL): $(STAMP) $(SPACY_MODEL)/meta.json domain/questions.yml $(TRAINING_INPUTS)
	$(RASA) train --domain domain --fixed-model-name intake --out models

lint: setup ## ruff: lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup ## mypy: strict on imp_engine, intake_nlu, lead_handoff; gradual on the rest (pyproject.toml)
	$(VENV)/bin/mypy

test-engine: setup
	$(PY) -m pytest -q tests/engine

# Everything: lint, the engine, the parsers, the actions, `rasa data validate`, the test stories,
# the held-out NLU evaluation and whole conversations against the real servers (training first).
test: lint typecheck train chromium ## set up, train if needed, and run every check and test (CI runs this)
	$(PY) -m pytest -q tests

# The fast tier (under a minute from a warm venv): ruff and every test that needs no trained model,
# browser, running server or PostgreSQL/Redis (tests/conftest.py marks the others `heavy`).
check: lint typecheck ## ruff, mypy and the fast tests (no model, browser, servers or databases): run before every commit
	$(PY) -m pytest -q -n auto -m "not heavy" tests

# The simulated-user evaluation (evaluation/): every persona x language x style of every phrasing
# bank against real servers it starts; prints the figures per bank and language, writes
# reports/eval-<bank>.json, the failed conversations' transcripts (reports/eval-<bank>-failures.md)
# and those that asked a stated fact again (reports/eval-<bank>-asked-again.md). `make test` runs
# seeded samples of two banks (tests/e2e/test_simulated_users.py).
eval: train ## simulated people talk with the assistant: share reaching the right suggestion, per language
	$(PY) -m evaluation

# Trains this project's model and Rasa's default one from scratch and measures both (not part of
# `make test`): prints a table, writes reports/bench.json and reports/bench.md.
bench: setup gazetteer ## speed, memory, worst case and NLU quality, against Rasa's default pipeline
	TQDM_DISABLE=1 $(PY) -m bench

# Known vulnerabilities of the pinned requirements (pip-audit, in a venv of its own). Needs PyPI's
# JSON API or OSV; fails when any package could not be audited (README, "Reliability and security").
audit: ## known vulnerabilities of the pinned requirements (needs PyPI's JSON API or OSV)
	@test -x .venv-audit/bin/pip-audit || { python3 -m venv .venv-audit && .venv-audit/bin/pip install --quiet pip-audit; }
	@mkdir -p reports
	-.venv-audit/bin/pip-audit -r requirements.lock --no-deps --disable-pip --progress-spinner off -f json -o reports/audit.json
	python3 tools/audit_report.py reports/audit.json

# Local development (IMP_ENV=development): the firm's placeholder details and plain-HTTP inbox
# cookies are allowed. A firm running bin/serve itself leaves IMP_ENV unset.
run: train ## set up, train if needed, and start the assistant
	IMP_ENV=$${IMP_ENV:-development} bin/serve

lock: setup ## re-pin requirements.lock (what runs) and requirements-dev.lock (tests, checks)
	$(PY) -m pip install --quiet -r requirements-dev.in
	$(PY) tools/lock.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache models/*.tar.gz models/spacy var
