# Two commands: `make run` (set up and serve on SQLite) and `make test` (set up and run everything).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite test-postgres browser-deps setup lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Local use: DEBUG on, SQLite file db.sqlite3, the two curated texts loaded once.
run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_collection
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite on SQLite, then again on a throwaway PostgreSQL when its binaries exist.
test: $(STAMP) browser-deps
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP)
	$(PY) -m pytest

test-postgres: $(STAMP)
	@if scripts/with-postgres.sh --available; then \
		scripts/with-postgres.sh $(PY) -m pytest; \
	else \
		echo "SKIPPED: the PostgreSQL pass of the suite: $$(scripts/with-postgres.sh --why-not)"; \
		if [ -n "$$CI" ]; then echo "CI requires PostgreSQL"; exit 1; fi; \
	fi

# Headless Chromium for the browser tests (Debian packages; needs root for apt-get).
browser-deps:
	@scripts/ensure-browser.sh || true

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
