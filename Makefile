# eventgraph developer targets. Every target is idempotent: a second run only re-does what changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= eventgraph.duckdb
SEEDS ?= ../shared/seeds
GOLD ?= ../shared/eval/seeds.gold.jsonl

.PHONY: venv demo test eval bench lint clean

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: venv
	$(BIN)/eventgraph demo --db $(DB)

test: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

eval: venv
	$(BIN)/eventgraph evaluate --gold $(GOLD) --seeds $(SEEDS)

bench: venv
	$(BIN)/python benchmarks/run.py

lint: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
