"""Load benchmark: the production server under a real HTTP load generator, against the ceiling.

    make bench                  # SQLite: the two texts and 1,000 documents, 16 and 64 connections
    make bench-postgres         # the same on a throwaway PostgreSQL (scripts/with-postgres.sh)
    make bench-smoke            # 1 s per page, 16 connections, the two texts only (CI)
    .venv/bin/python bench/load.py --help

For each collection size it makes a throwaway database (a temporary SQLite file, or a new
database on the PostgreSQL server DATABASE_URL points at), migrates it, builds the collection
(manage.py build_bench_collection), collects static files, starts gunicorn with DEBUG off on a
free port and drives every page with wrk (Debian package `wrk`; installed with apt-get when
running as root). It prints per page: requests/s, p50, p95, p99, errors (connect, read, write,
timeouts past wrk's 2 s, non-2xx answers) and the ratio to the ceiling measured in the same
run: the paper's reader HTML saved as a static file and served by the same server and
middleware (whitenoise). PAGE_CACHE is passed to the server (`--cache off,on`) and printed.

Figures only: nothing here is asserted except that every page answered (tests/test_bench.py).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
CEILING_NAME = "bench-ceiling/reader.html"  # under STATIC_ROOT, served as /static/…

PAGES = [
    ("/", "/"),
    ("paper reader", "/documents/weathersby-soviet-role/"),
    ("interview reader", "/documents/shen-zhihua-interview/"),
    ("note page", "/documents/weathersby-soviet-role/notes/14/"),
    ("/actors/", "/actors/"),
    ("/events/", "/events/"),
    ("/sources/", "/sources/"),
    ("/search/?q=the", "/search/?q=the"),
    ("paper TEI", "/documents/weathersby-soviet-role.tei.xml"),
    ("API /api/documents", "/api/documents"),
]

# wrk reports its own percentiles through this script, as one JSON line (p95 included).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class Result:
    label: str
    url: str
    status: int
    size: int
    rps: float = 0.0
    p50: float = 0.0  # ms
    p95: float = 0.0
    p99: float = 0.0
    errors: int = 0
    timeouts: int = 0
    non_2xx: int = 0

    @property
    def answered(self) -> bool:
        return 200 <= self.status < 300 and self.errors == 0 and self.non_2xx == 0


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk (apt-get install wrk) …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True)
        found = shutil.which("wrk")
        if found:
            return found
    sys.exit("wrk is missing: install Debian's 'wrk' package (apt-get install wrk) and run again")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Database:
    """A throwaway database: an SQLite file in a temporary directory, or a new PostgreSQL
    database on the server that DATABASE_URL names (dropped afterwards)."""

    def __init__(self, name: str, workdir: Path):
        base = os.environ.get("DATABASE_URL", "")
        self.postgres = base.startswith(("postgres://", "postgresql://"))
        self.name = name
        self.workdir = workdir
        if self.postgres:
            self.admin_url = base.rsplit("/", 1)[0] + "/postgres"
            self.url = base.rsplit("/", 1)[0] + f"/{name}"
        else:
            self.url = f"sqlite:///{workdir / name}.sqlite3"

    @property
    def vendor(self) -> str:
        return "postgresql" if self.postgres else "sqlite"

    def _admin(self, sql: str):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self):
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def server_env(database: Database, cache: str | None) -> dict:
    env = {
        # Its own static folder (in the bench's temporary folder, with the ceiling file): the
        # project's staticfiles/ may be served meanwhile (the test suite's live servers).
        "STATIC_ROOT": str(database.workdir / "staticfiles"),
        # And its own page cache: the default folder in /tmp is shared by every server on
        # this machine that has no CACHE_DIR (under pytest-xdist, the make run test's too).
        "CACHE_DIR": str(database.workdir / "cache"),
        **os.environ,
        "DATABASE_URL": database.url,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
    }
    if cache is not None:
        env["PAGE_CACHE"] = cache
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


@contextlib.contextmanager
def gunicorn(env, workers: int, log: Path, *options: str):
    port = free_port()
    command = [GUNICORN, "korea_archive.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    command += options
    with open(log, "ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                sys.exit(f"gunicorn exited with status {process.returncode}; see {log}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit(f"gunicorn did not start within 60 s; see {log}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(url: str, timeout: float = 60) -> tuple[int, bytes]:
    """Status and body; status 0 when the server gave no answer within `timeout` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (OSError, http.client.HTTPException):
        return 0, b""


def drain(base: str) -> None:
    """Wait until the workers have answered what the previous page's run left queued (wrk
    closes its connections, the server still answers them), so each page starts idle."""
    fetch(f"{base}/static/{CEILING_NAME}", timeout=600)


def warm(base: str, url: str, workers: int) -> tuple[int, int]:
    """Request a page once per worker (imports, first citeproc run); its status and size."""
    status, body = 0, b""
    for _ in range(workers):
        status, body = fetch(base + url)
        if status == 0:
            break
    return status, len(body)


def run_wrk(wrk: str, script: Path, url: str, connections: int, seconds: float) -> dict:
    threads = min(connections, os.cpu_count() or 2)
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode:
        sys.exit(f"{' '.join(command)} failed: {finished.stderr.strip()}")
    output = finished.stdout
    line = next(line for line in output.splitlines() if line.startswith("{"))
    figures = json.loads(line)
    figures["non2xx"] = next(
        (int(line.split(":")[1]) for line in output.splitlines() if "Non-2xx" in line), 0
    )
    return figures


def measure(wrk, script, base, label, url, status, size, connections, seconds) -> Result:
    figures = run_wrk(wrk, script, base + url, connections, seconds)
    return Result(
        label=label,
        url=url,
        status=status,
        size=size,
        rps=figures["requests"] / (figures["duration_us"] / 1e6),
        p50=figures["p50"] / 1000,
        p95=figures["p95"] / 1000,
        p99=figures["p99"] / 1000,
        errors=figures["connect"] + figures["read"] + figures["write"] + figures["timeout"],
        timeouts=figures["timeout"],
        non_2xx=figures["non2xx"],
    )


def ms(value: float) -> str:
    if not value:
        return "—"
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def table(results: list[Result], header: str) -> str:
    ceiling = results[0]
    lines = [
        header,
        "",
        "| page | requests/s | p50 | p95 | p99 | errors (timeouts) | non-2xx | KiB | ratio to ceiling |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        ratio = r.rps / ceiling.rps if ceiling.rps else 0
        label = (
            r.label
            if 200 <= r.status < 300
            else f"{r.label} (first answer: {r.status or 'none in 60 s'})"
        )
        lines.append(
            f"| {label} | {r.rps:,.0f} | {ms(r.p50)} | {ms(r.p95)} | {ms(r.p99)} | "
            f"{r.errors} ({r.timeouts}) | {r.non_2xx} | {r.size / 1024:,.0f} | {ratio:.3f} |"
        )
    return "\n".join(lines)


def bench_size(documents, args, wrk, workdir, caches) -> list[tuple[str, list[Result]]]:
    database = Database(f"bench_{documents}", workdir)
    database.create()
    env = server_env(database, None)
    log = workdir / "gunicorn.log"
    tables = []
    try:
        started = time.perf_counter()
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "build_bench_collection", "--documents", str(documents))
        manage(env, "collectstatic", "--noinput", "-v0")
        static_root = Path(env["STATIC_ROOT"])
        ceiling_file = static_root / CEILING_NAME
        ceiling_file.parent.mkdir(parents=True, exist_ok=True)
        # The reader's own HTML, as the server renders it, becomes the static ceiling file;
        # whitenoise indexes static files when it starts, so the server is started again.
        with gunicorn(env, 1, log, "--timeout", "600") as base:
            status, body = fetch(base + PAGES[1][1], timeout=600)
            if status != 200:
                sys.exit(f"the reader answered {status}; see {log}")
        ceiling_file.write_bytes(body)
        print(f"database ready in {time.perf_counter() - started:.0f} s", flush=True)
        for cache in caches:
            env = server_env(database, cache)
            with gunicorn(env, args.workers, log) as base:
                for connections in args.connections:
                    results = []
                    targets = [("ceiling: reader HTML as a static file", f"/static/{CEILING_NAME}")]
                    labels = {url: label for label, url in PAGES}
                    pages = [(labels.get(url, url), url) for url in args.pages]
                    for label, url in targets + pages:
                        drain(base)
                        status, size = warm(base, url, args.workers)
                        results.append(
                            measure(
                                wrk,
                                args.script,
                                base,
                                label,
                                url,
                                status,
                                size,
                                connections,
                                args.seconds,
                            )
                        )
                    header = (
                        f"### {database.vendor}, {documents:,} documents, gunicorn "
                        f"{args.workers} sync workers, DEBUG off, PAGE_CACHE="
                        f"{cache if cache is not None else 'unset'}, wrk {connections} "
                        f"connections × {args.seconds:g} s per page (load average "
                        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
                    )
                    text = table(results, header)
                    print("\n" + text + "\n", flush=True)
                    tables.append((text, results))
    finally:
        database.drop()
    return tables


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--documents",
        default="2,1000",
        help="collection sizes, comma-separated (2 = the two curated texts); default 2,1000",
    )
    parser.add_argument("--connections", default="16,64", help="default 16,64")
    parser.add_argument("--seconds", type=float, default=10, help="per page; default 10")
    parser.add_argument(
        "--cache",
        default=os.environ.get("PAGE_CACHE"),
        help="PAGE_CACHE values for the server, comma-separated; default 0,1 (off, then on; "
        "the smoke: as set)",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--pages",
        default=",".join(url for _, url in PAGES),
        help="the pages to drive, comma-separated addresses (any page of the site, e.g. "
        "/actors/joseph-stalin/); default: the ten above",
    )
    parser.add_argument(
        "--smoke", action="store_true", help="1 s per page, 16 connections, the two texts only"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.documents, args.connections, args.seconds = "2", "16", 1
    args.documents = [int(n) for n in args.documents.split(",")]
    args.connections = [int(n) for n in args.connections.split(",")]
    if args.cache is None and not args.smoke:
        args.cache = "0,1"
    args.caches = args.cache.split(",") if args.cache else [None]
    args.pages = args.pages.split(",")
    return args


def main(argv=None) -> list[tuple[str, list[Result]]]:
    args = parse_args(argv)
    # Stopped with SIGTERM, still stop the server and drop the database (the finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    wrk = ensure_wrk()
    if not Path(GUNICORN).exists():
        sys.exit(f"gunicorn is missing from the virtualenv ({GUNICORN}): run make setup")
    tables = []
    with tempfile.TemporaryDirectory(prefix="korea-archive-bench-") as workdir:
        workdir = Path(workdir)
        args.script = workdir / "report.lua"
        args.script.write_text(WRK_SCRIPT)
        for documents in args.documents:
            tables += bench_size(documents, args, wrk, workdir, args.caches)
    return tables


if __name__ == "__main__":
    tables = main()
    failed = [
        f"{r.label} (first answer {r.status}; under load {r.errors} errors, "
        f"{r.timeouts} of them timeouts, {r.non_2xx} non-2xx)"
        for _, results in tables
        for r in results
        if not r.answered
    ]
    if failed:
        print("pages that did not answer 2xx every time: " + "; ".join(failed))
