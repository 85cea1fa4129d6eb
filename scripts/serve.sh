#!/usr/bin/env bash
# What `make run` runs once the virtualenv is installed: migrate the database, load the curated
# texts (a document already there is left as it is), collect the static files, then serve through
# gunicorn (gunicorn.conf.py: workers, timeouts, access log; bind from HOST and PORT).
# The environment says the rest: DATABASE_URL, DEBUG, LOCAL_HTTP, SECRET_KEY, ALLOWED_HOSTS.
# tests/test_production_server.py starts the site through this very script.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
"$PY" manage.py migrate --noinput
"$PY" manage.py load_collection
"$PY" manage.py collectstatic --noinput --verbosity 0
exec "$PY" -m gunicorn --config gunicorn.conf.py
