# Two entry points (README): `make demo` and `make test`. Everything they need is installed
# here, from package registries, into this folder: .venv (PyPI), api/web/node_modules (npm),
# ~/.m2 (Maven Central, for the test Neo4j) and, for browser tests, Debian's chromium.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint web-assets browser neo4j-launcher clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

web-assets:
	@if [ -f api/web/package.json ]; then cd api/web && npm ci --no-audit --no-fund --silent; fi

# Debian's chromium for the page tests; only root can install it, others see those tests skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing and not root: browser tests will be skipped"; fi; }

demo: install web-assets
	$(BIN)/custody demo

lint: install
	$(BIN)/ruff check graph ingest queries api tests bench
	$(BIN)/mypy

# The test Neo4j: an embedded 5.26 server started by the test session (tests/neo4j_server.py).
neo4j-launcher: install
	@if command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then $(BIN)/python -m tests.neo4j_server build; \
	else echo "java or mvn missing: Neo4j tests will be skipped"; fi

test: install web-assets browser neo4j-launcher lint
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) api/web/node_modules tools/neo4j-launcher/target custody.db*
