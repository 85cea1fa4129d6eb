"""gunicorn settings for the Korea archive reader (`gunicorn` finds this file at the top of the
project; `make run` uses it, and so should production).

Sync workers: the app is plain WSGI Django doing short, database-bound requests on SQLite or
PostgreSQL, for which a pre-forked pool of single-threaded processes is the conservative,
well-trodden choice (no thread-safety questions for SQLite, no async stack). Every value can be
overridden by the environment variables named below or gunicorn's own `GUNICORN_CMD_ARGS`.
"""

import multiprocessing
import os

wsgi_app = "korea_archive.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# gunicorn's rule of thumb: two workers per core plus one, so a worker waiting on the database
# leaves the core to another.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer than this is a bug or an attack: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound; the jitter keeps
# them from restarting all at once. Not too often: a new worker connects to the database again
# and pays its first requests' warm-up while the requests queue behind the fork. At 2,000 a
# worker serving cached pages (2,500-3,000 requests/s on two workers here) was replaced about
# every second; with 50,000, every half minute at that rate. (Measured with `bench/load.py`,
# cached pages at 1,000 documents on PostgreSQL: the p95 lower in three alternations of four,
# requests/s within the machine's noise.)
max_requests = 50_000
max_requests_jitter = 5_000
# Import the app once in the master, so a broken configuration fails at start, not per worker.
preload_app = True
# Logs to the console (stdout/stderr), where a process supervisor or container runtime reads them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a TLS proxy, trust its X-Forwarded-* headers only from the addresses named here.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket (gunicorn 24+, for `gunicornc`): unused here, and a shared default path would
# make two servers on one machine (make run beside the tests or the benchmark) contend for it.
control_socket_disable = True
