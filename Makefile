# Two commands: `make run` (set up and serve on SQLite through gunicorn) and `make test` (set up
# and run everything). `make dev` serves with runserver and DEBUG on.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

LOCK := requirements/lock.txt

.PHONY: run dev test test-sqlite test-postgres browser-deps redis-deps setup lint lock bench bench-postgres bench-smoke bench-pages clean

# Exact versions with hashes from the lock (made by `make lock` from pyproject.toml's ranges), so
# every machine installs the same files; then the project itself, without resolving again.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# Regenerate the lock after changing a dependency in pyproject.toml (base and the test extra),
# resolved against the package index alone (not this machine's local wheel folders).
# Pins already in the lock are kept; `make lock LOCK_ARGS=--upgrade` moves all to the newest.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip-tools
	PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= $(PY) -m piptools compile --quiet $(LOCK_ARGS) \
		--generate-hashes --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
		-o $(LOCK) pyproject.toml

# What production runs, on this machine: gunicorn (gunicorn.conf.py), DEBUG off, static files
# by whitenoise, SQLite file db.sqlite3, the two curated texts loaded once. LOCAL_HTTP=1 allows
# plain http://$(HOST):$(PORT) (no HTTPS redirect, no Secure cookies, no HSTS).
SERVE_ENV := DEBUG=0 LOCAL_HTTP=1 HOST=$(HOST) PORT=$(PORT)
run: $(STAMP)
	$(SERVE_ENV) PY=$(PY) scripts/serve.sh

# Development: Django's runserver with autoreload and DEBUG on.
dev: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_collection
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite on SQLite, then on a throwaway PostgreSQL when its binaries exist
# (scripts/test-passes.sh: both passes run; the run fails if either fails).
test: $(STAMP) browser-deps redis-deps
	MAKE="$(MAKE)" scripts/test-passes.sh

# One pytest worker per core (pytest-xdist; `make test TEST_WORKERS=1` for one process): each
# worker has its own test database and loads the collection once; the static files are
# collected once, before the workers start. Each test goes to the next free worker, in order
# (loadgroup, not reordered), except the tests of a module that share a module's fixture,
# sent together (tests/conftest.py _grouped_for_workers): with `--dist load` a worker could be
# handed half the remaining tests at once, and one finished minutes before the other.
TEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder --durations=15

test-sqlite: $(STAMP)
	$(PYTEST)

# Tests marked one_pass (the browser's view of pages built by the same templates on either
# database, and `make run`, which serves SQLite) ran in the SQLite pass: not repeated here.
test-postgres: $(STAMP)
	@if scripts/with-postgres.sh --available; then \
		echo "PostgreSQL pass: the tests marked one_pass are deselected (they do not depend on the database and run in the SQLite pass; see pyproject.toml)"; \
		scripts/with-postgres.sh $(PYTEST) -m "not one_pass"; \
	else \
		echo "SKIPPED: the PostgreSQL pass of the suite: $$(scripts/with-postgres.sh --why-not)"; \
		if [ -n "$$CI" ]; then echo "CI requires PostgreSQL"; exit 1; fi; \
	fi

# Headless Chromium for the browser tests (Debian packages; needs root for apt-get), and the
# checkers the suite runs from npm: axe-core (WCAG) and vnu-jar (HTML5, run with java -jar).
# Without npm or java those tests are reported as SKIPPED outside CI (in CI they fail).
BROWSER_NPM := tests/browser
browser-deps:
	@scripts/ensure-browser.sh || true
	@if ! command -v npm >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing npm for the accessibility and HTML checks (apt-get install npm) ..."; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null 2>&1 || true; \
	fi
	@if ! command -v java >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Java for the HTML checker (apt-get install default-jre-headless) ..."; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null 2>&1 || true; \
	fi
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "NOTE: npm is not installed: the accessibility (axe-core) and HTML validity (vnu-jar) tests"; \
		echo "      will be reported as SKIPPED (install Debian's 'npm' package to run them)."; \
	elif [ ! -f $(BROWSER_NPM)/node_modules/.package-lock.json ] \
		|| [ $(BROWSER_NPM)/package-lock.json -nt $(BROWSER_NPM)/node_modules/.package-lock.json ]; then \
		npm ci --prefix $(BROWSER_NPM) --no-audit --no-fund --loglevel=error \
		|| echo "NOTE: npm ci failed: the accessibility and HTML validity tests will be SKIPPED."; \
	fi
	@command -v java >/dev/null 2>&1 || echo "NOTE: java is missing: the HTML validity tests will be SKIPPED."

# A real redis-server for the page cache's Redis tests (Debian's package; needs root for
# apt-get). The tests start their own on a free port (or use REDIS_URL, as set by
# scripts/with-redis.sh); without it they are SKIPPED outside CI and fail in CI.
redis-deps:
	@if ! scripts/with-redis.sh --available && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing redis-server for the page cache tests (apt-get install redis-server) ..."; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null 2>&1 || true; \
	fi
	@scripts/with-redis.sh --available || echo "NOTE: $$(scripts/with-redis.sh --why-not): the Redis tests will be SKIPPED."

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Load benchmark (bench/load.py): gunicorn on a throwaway database driven by wrk, each page
# against the static-file ceiling, at 2 and 1,000 documents, 16 and 64 connections; then search
# timings at 1,000 documents. `make bench PAGE_CACHE=0,1` runs the server with each value.
bench: $(STAMP)
	$(PY) bench/load.py
	$(PY) bench/search_bench.py --documents 1000

bench-postgres: $(STAMP)
	scripts/with-postgres.sh $(PY) bench/load.py
	scripts/with-postgres.sh $(PY) bench/search_bench.py --documents 1000

# A second per page, 16 connections, the two texts only: proves the bench still runs (CI).
bench-smoke: $(STAMP)
	$(PY) bench/load.py --smoke

# In-process timings and query counts per page (Django's test client, no HTTP server).
bench-pages: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
