# eventgraph developer targets. Every target is idempotent: a second run only re-does what changed.
#
# The install is reproducible: a pinned, hash-checked pip (requirements-bootstrap.lock) is installed into
# the venv first, whatever pip the system Python ships; it then installs exactly the packages of
# requirements.lock with --no-deps (no resolution, so nothing published later can be picked) and
# --only-binary (no local builds). `make lock` regenerates the locks; tools/lock.py says why and how.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= eventgraph.duckdb
SHARED ?= ../shared
PYTHONS ?= 3.11 3.12 3.13
TOOLS := .venv-tools
PIP := -m pip install -q --disable-pip-version-check --root-user-action=ignore --no-input
LOCKED := --require-hashes --no-deps --only-binary :all:

.PHONY: venv browser demo test eval bench bench-serve lint lock lock-check pythons clean

venv: $(STAMP)

# Debian's chromium for the browser tests (never a test tool's own browser download). Needs root;
# where it cannot be installed the browser tests skip and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || { echo "==> installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "warning: could not install chromium; browser tests will be skipped"; }

# A changed lock rebuilds the venv from scratch, so nothing the old lock installed stays behind.
$(STAMP): requirements.lock requirements-bootstrap.lock pyproject.toml
	@if test -d $(VENV) && echo "$?" | grep -q lock; then \
	  echo "==> the lock changed: recreating $(VENV)"; rm -rf $(VENV); fi
	@test -x $(BIN)/python || { echo "==> creating the virtualenv $(VENV) with $$($(PYTHON) --version)"; \
	  $(PYTHON) -m venv $(VENV); }
	@echo "==> installing the pinned installer (requirements-bootstrap.lock)"
	@$(BIN)/python $(PIP) $(LOCKED) -r requirements-bootstrap.lock
	@echo "==> installing $$(grep -c '^[a-z0-9]' requirements.lock) locked packages (requirements.lock, hash-checked)"
	@$(BIN)/python $(PIP) $(LOCKED) -r requirements.lock
	@echo "==> installing eventgraph (editable)"
	@$(BIN)/python $(PIP) --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; exit 1; }
	@touch $(STAMP)

demo: venv
	@echo "==> ingesting the bundled sample corpus into $(DB)"
	@$(BIN)/eventgraph demo --db $(DB)

test: venv browser lock-check
	$(BIN)/ruff check src tests benchmarks tools
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
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

# Fails on an incomplete or machine-specific lock (tools/lock.py check; tests/test_lock.py breaks one).
lock-check: venv
	@$(BIN)/python tools/lock.py check

# Regenerates requirements*.lock and requirements.files.txt with a pinned uv (requirements-tools.lock),
# keeping current pins where they still fit; needs only the package registry.
lock:
	@test -x $(TOOLS)/bin/uv || { $(PYTHON) -m venv $(TOOLS) && \
	  $(TOOLS)/bin/python $(PIP) $(LOCKED) -r requirements-bootstrap.lock && \
	  $(TOOLS)/bin/python $(PIP) $(LOCKED) -r requirements-tools.lock; }
	$(TOOLS)/bin/python tools/lock.py compile --uv $(TOOLS)/bin/uv

# Installs the lock and runs the fast tests on each supported Python found here (python3.N on PATH or
# under pyenv), each in its own venv (.venv-3.N); a version not on this machine is reported and skipped.
pythons:
	@for version in $(PYTHONS); do \
	  interpreter=$$(tools/find_python.sh $$version) || { echo "==> Python $$version: not on this machine, skipped"; continue; }; \
	  echo "==> Python $$version ($$interpreter)"; \
	  $(MAKE) --no-print-directory venv VENV=.venv-$$version PYTHON=$$interpreter || exit 1; \
	  .venv-$$version/bin/python -m pytest -q -p no:cacheprovider -m "not slow and not browser" || exit 1; \
	done

clean:
	rm -rf $(VENV) .venv-3.* $(TOOLS) $(DB) .pytest_cache
