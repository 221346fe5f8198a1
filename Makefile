# eventgraph developer targets. Every target is idempotent: a second run only re-does what changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= eventgraph.duckdb
SHARED ?= ../shared

.PHONY: venv browser demo test eval bench bench-serve lint clean

venv: $(STAMP)

# Debian's chromium for the browser tests (never a test tool's own browser download). Needs root;
# where it cannot be installed the browser tests skip and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "warning: could not install chromium; browser tests will be skipped"; }

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: venv
	$(BIN)/eventgraph demo --db $(DB)

test: venv browser
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

eval: venv
	$(BIN)/eventgraph evaluate --all $(SHARED)

bench: venv
	$(BIN)/python benchmarks/run.py --dask

# Serving: latency, throughput, serving during an ingest, the report, memory (docs/scaling.md).
# Needs the 10k store of the reference corpus at $(STORES)/corpus10k.duckdb; builds the synthetic
# 1M-event store beside it on first use (benchmarks/synthetic.py).
STORES ?= ../stores
bench-serve: venv
	$(BIN)/python benchmarks/serve.py --store $(STORES)/corpus10k.duckdb --big $(STORES)/synthetic1m.duckdb \
	  --corpus $(SHARED)/corpora/ukraine-media.jsonl

lint: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
