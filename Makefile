# kinerja: two commands do everything on a fresh clone (see README).
#   make refresh   set up, then ingest raw/, build the models and publish warehouse/kinerja.duckdb
#   make test      set up, then run the test suite
SHELL := /bin/bash
PYTHON ?= python3.11
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME := $(CURDIR)/.dagster
export DAGSTER_DISABLE_TELEMETRY := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DO_NOT_TRACK := 1
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: setup refresh test bench serve dev clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(BIN)/kinerja: $(UV) uv.lock pyproject.toml
	@echo "installing dependencies (uv sync --locked)…"
	@$(UV) sync --locked --compile-bytecode --quiet
	@touch $@

.dagster/dagster.yaml: dagster.yaml
	mkdir -p .dagster
	ln -sf ../dagster.yaml .dagster/dagster.yaml

sql/target/manifest.json: $(BIN)/kinerja $(shell find sql/models sql/macros sql/seeds -type f) sql/dbt_project.yml
	@echo "parsing the dbt project (sql/)…"
	@cd sql && ../$(BIN)/dbt parse --quiet
	@touch $@

setup: $(BIN)/kinerja .dagster/dagster.yaml sql/target/manifest.json

refresh: setup
	@$(BIN)/kinerja refresh

test: setup
	$(BIN)/ruff check pipelines tests scripts/bench scripts/bench-paths scripts/bench-finance scripts/bench-documents
	$(BIN)/pytest

bench: setup
	$(BIN)/python scripts/bench

serve: setup
	$(BIN)/kinerja serve

dev: setup
	$(BIN)/dagster dev -m pipelines.definitions -h 127.0.0.1

clean:
	rm -rf $(VENV) $(TOOLS) .dagster sql/target warehouse/*.duckdb warehouse/build
