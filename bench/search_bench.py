"""Search timings on a collection ten times the real one, on the configured database.

    .venv/bin/python bench/search_bench.py            # SQLite (DATABASE_URL unset)
    scripts/with-postgres.sh .venv/bin/python bench/search_bench.py
    .venv/bin/python bench/search_bench.py --documents 1000   # the benchmark collection

With --documents N the collection is manage.py build_bench_collection's (the two texts
recombined into N documents) instead of ten copies, and each search runs 20 times after a
first run reported on its own (cold: see time_search).

Works in a throwaway test database (as the test runner does: test_<name>, migrated, then
dropped), so the real data is never touched. Loads the two curated texts, copies them nine
times under other slugs (paragraphs, notes and mentions), then times whole /search/ pages
(rendering included) and prints figures (and each page's size): no asserts, numbers to compare between changes.
"""

import argparse
import io
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korea_archive.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

COPIES = 10  # the real collection and nine copies
RUNS = 7
SEARCHES = [
    {"q": "Shtykov"},
    {"q": "the"},  # the commonest word: every page of results is full
    {"q": "Российской"},
    {"q": "Balazs"},
    {"q": '"Kim Il Sung"'},
    {"q": "telegram*"},
    {"q": "Soviet occupation Korea"},
    {"q": "Stalin", "kind": "note"},
    {"q": "Stalin", "document": "weathersby-soviet-role-copy-3"},
    {"q": "xylophone"},  # nothing found
    {"q": "x" * 10_000},
]


def replicate(copies):
    """Copy every document (with sections, paragraphs, notes, mentions) copies - 1 times."""
    from django.db.models import Q

    from documents.models import Document, Footnote, Mention, Paragraph

    originals = list(Document.objects.all())
    for n in range(1, copies):
        for original in originals:
            document = Document.objects.get(pk=original.pk)
            document.pk = None
            document.slug = f"{original.slug}-copy-{n}"
            document.title = f"{original.title} (copy {n})"
            document.save()
            sections = {}
            for section in original.sections.all():
                old = section.pk
                section.pk, section.document = None, document
                section.save()
                sections[old] = section
            paragraphs = Paragraph.objects.bulk_create(
                Paragraph(
                    document=document,
                    section=sections[p.section_id],
                    position=p.position,
                    kind=p.kind,
                    speaker=p.speaker,
                    text=p.text,
                )
                for p in original.paragraphs.all()
            )
            notes = Footnote.objects.bulk_create(
                Footnote(document=document, number=f.number, text=f.text)
                for f in original.footnotes.all()
            )
            new_paragraph = {p.position: p for p in paragraphs}
            new_note = {f.number: f for f in notes}
            Mention.objects.bulk_create(
                Mention(
                    paragraph=new_paragraph[m.paragraph.position] if m.paragraph_id else None,
                    footnote=new_note[m.footnote.number] if m.footnote_id else None,
                    start=m.start,
                    end=m.end,
                    surface=m.surface,
                    actor_id=m.actor_id,
                    event_id=m.event_id,
                )
                for m in Mention.objects.filter(
                    Q(paragraph__document=original) | Q(footnote__document=original)
                ).select_related("paragraph", "footnote")
            )


def time_search(client, params):
    """(last response, the first run's ms, the RUNS runs after it in ms, queries of one run).
    The first run of each search is reported on its own: it pays for what a live site has
    already paid for (the database's pages read from disk, templates compiled, the name
    spellings looked up once per collection version), and with 20 runs one such run alone
    would be the p95."""
    timings = []
    for _ in range(RUNS + 1):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get("/search/", params)
            timings.append((time.perf_counter() - start) * 1000)
    assert response.status_code == 200, response.status_code
    return response, timings[0], timings[1:], len(queries)


def p95(timings):
    return statistics.quantiles(timings, n=20, method="inclusive")[18]


def main(argv=None):
    global RUNS
    parser = argparse.ArgumentParser(description="Search timings on a throwaway collection.")
    parser.add_argument("--documents", type=int, help="build_bench_collection's N documents")
    args = parser.parse_args(argv)
    if args.documents:
        RUNS = 20
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_SSL_REDIRECT = False
    # The search itself, not the page cache: every run of a search after the first would be
    # served from the cache (a repeated query), which says nothing of a new query's cost.
    settings.PAGE_CACHE = False
    settings.DEBUG = False
    vendor = connection.vendor
    # DEBUG off, as served: the pages name their CSS and scripts by the manifest's hashed
    # names, which a fresh checkout has not collected yet.
    call_command("collectstatic", "--noinput", verbosity=0)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        if args.documents:
            from citations.bench_collection import build

            build(args.documents)
        else:
            call_command("load_collection", verbosity=0, stdout=io.StringIO())
            replicate(COPIES)
        built = time.perf_counter() - started
        # What autovacuum does on a live database (and what ANALYZE does on SQLite): fresh
        # statistics, and GIN's pending entries merged, so the planner sees the real costs.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")

        from documents.models import Document, Footnote, Mention, Paragraph

        print(f"database: {vendor} ({connection.settings_dict['NAME']}, throwaway)")
        print(
            f"collection: {Document.objects.count()} documents, {Paragraph.objects.count()} "
            f"paragraphs, {Footnote.objects.count()} notes, {Mention.objects.count()} mentions "
            f"(built in {built:.1f} s)"
        )
        print(
            f"each search run once (first ms), then {RUNS} times (median, p95, max); whole "
            "page, rendering included; page cache off\n"
        )
        print(
            f"{'search':<48} {'results':>7} {'queries':>7} {'first ms':>8} {'median ms':>9} "
            f"{'p95 ms':>7} {'max ms':>7} {'KiB':>5}"
        )
        client = Client()
        searches = SEARCHES
        if args.documents:  # the facet names a generated document instead of a copy
            copy = "bench-0003-weathersby-soviet-role"
            searches = [{**p, "document": copy} if "document" in p else p for p in SEARCHES]
        for params in searches:
            response, first, timings, queries = time_search(client, params)
            label = " ".join(f"{k}={v}" for k, v in params.items())
            label = label if len(label) <= 46 else label[:43] + "…"
            found = re.search(r"(\d+) passages? found", response.content.decode())
            count = int(found.group(1)) if found else 0
            print(
                f"{label:<48} {count:>7} {queries:>7} {first:>8.1f} "
                f"{statistics.median(timings):>9.1f} {p95(timings):>7.1f} {max(timings):>7.1f} "
                f"{len(response.content) / 1024:>5.0f}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
