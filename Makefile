# Two entry points that do all set-up on a fresh machine:
#   make demo   -> .venv, install, migrate, demo data + keys, demo help centre, ticket scores, serve on :8000
#   make test   -> .venv, install, PostgreSQL, import contracts, the whole suite on SQLite and PostgreSQL
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install serve lint benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# constraints.txt pins torch to the CPU build; -e keeps the checkout importable by the tests.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/crm db upgrade
	$(BIN)/crm demo seed --if-empty
	$(BIN)/crm kb ingest demo/help_centre
	$(BIN)/crm sentiment rescore
	@echo "Web chat: http://$(HOST):$(PORT)   API docs: http://$(HOST):$(PORT)/docs"
	@echo "Slack: create an app from slack/manifest.yml, then either"
	@echo "  HTTP mode:   SLACK_BOT_TOKEN=xoxb-... SLACK_SIGNING_SECRET=... make demo   (events at <public URL>/slack/events)"
	@echo "  Socket Mode: SLACK_BOT_TOKEN=xoxb-... SLACK_APP_TOKEN=xapp-... $(BIN)/crm slack socket"
	@echo "  alerts and handoffs: CRM_SLACK_ALERT_CHANNEL=C0123456789  (README: Connect your Slack workspace)"
	$(BIN)/crm serve --host $(HOST) --port $(PORT)

test: install
	bash scripts/postgres-for-tests.sh
	bash scripts/chromium-for-tests.sh
	$(BIN)/lint-imports
	$(BIN)/pytest

lint: install
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) data .pytest_cache
