"""Benchmarks: print figures for the importer and the public pages.

    make bench-pages                                       # a temporary SQLite database
    scripts/with-postgres.sh .venv/bin/python bench/run.py  # PostgreSQL: a throwaway database

Targets (checked by eye, never asserted in tests): parsing the paper well under 50 ms, importing
it well under 1 s, every page under 100 ms with a query count that does not grow with the text.
It also times what an editor waits for: the curated paper deleted and restored through the
admin's code.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korea_archive.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from documents.curation.restore import restore_document  # noqa: E402
from documents.models import Document  # noqa: E402
from documents.texts import parser  # noqa: E402
from documents.texts.importer import import_bytes  # noqa: E402

PAPER = ROOT / "fixtures" / "texts" / "weathersby-soviet-role.txt"


def timed(function, repeat=5):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - start) * 1000)
    return result, statistics.median(samples), min(samples)


def report(name, median, best, extra=""):
    print(f"{name:<48} median {median:8.2f} ms   best {best:8.2f} ms   {extra}")


def main():
    # Django clears the query log when a request starts; keep it so the counts are real.
    request_started.disconnect(reset_queries)
    print(f"database: {connection.vendor}")
    if connection.vendor != "postgresql":
        return run()
    # On PostgreSQL, a throwaway database beside the one named (test_<name>), as the tests
    # do, dropped at the end: the real data is never touched.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run():
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_collection", stdout=open(os.devnull, "w"))

    data = PAPER.read_bytes()
    _, median, best = timed(lambda: parser.parse_bytes(data))
    report("parse the paper (58 notes)", median, best)

    counter = iter(range(10_000))

    def import_once():
        slug = f"bench-{next(counter)}"
        import_bytes(data, slug=slug)
        Document.objects.filter(slug=slug).delete()

    _, median, best = timed(import_once)
    report("import + delete the paper (one transaction)", median, best)
    editors_delete_and_restore()

    client = Client()
    pages = [
        "/",
        "/documents/",
        "/documents/weathersby-soviet-role/",
        "/documents/shen-zhihua-interview/",
        "/documents/weathersby-soviet-role/notes/14/",
        "/actors/",
        "/events/",
        "/archives/",
        "/sources/",
        "/search/?q=Shtykov",
        "/documents/weathersby-soviet-role.tei.xml",
    ]
    # The first request may render what is stored (the reader, the TEI) and fill the page
    # cache; the timings and the query count are those of the requests after it.
    print(f"page cache: {'on' if settings.PAGE_CACHE else 'off (PAGE_CACHE=0)'}")
    for url in pages:
        start = time.perf_counter()
        client.get(url, secure=True)
        first = (time.perf_counter() - start) * 1000
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True)
        count = len(queries.captured_queries)
        _, median, best = timed(lambda url=url: client.get(url, secure=True))
        report(
            f"GET {url}",
            median,
            best,
            f"{count} queries, {len(response.content) // 1024} KiB, {response.status_code}, "
            f"first {first:.0f} ms",
        )


def editors_delete_and_restore(slug="weathersby-soviet-role", repeat=5):
    """The curated paper (787 rows with its mentions and citations) deleted as the admin
    deletes it, then restored from its history as the admin restores it, five times."""
    samples = {"delete": [], "restore": []}
    counts = {}
    for _ in range(repeat):
        document = Document.objects.get(slug=slug)
        reset_queries()  # (the log keeps 9,000 queries: a count across its end is wrong)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            document.delete()
            samples["delete"].append((time.perf_counter() - start) * 1000)
        counts["delete"] = len(queries)
        deletion = Document.history.filter(slug=slug, history_type="-").latest("history_date")
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            restore_document(deletion.history_id)
            samples["restore"].append((time.perf_counter() - start) * 1000)
        counts["restore"] = len(queries)
    for action in ("delete", "restore"):
        median, best = statistics.median(samples[action]), min(samples[action])
        report(
            f"{action} the curated paper (as the admin)", median, best, f"{counts[action]} queries"
        )


if __name__ == "__main__":
    main()
