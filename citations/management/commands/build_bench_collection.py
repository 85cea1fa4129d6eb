"""python manage.py build_bench_collection --documents 1000: a large collection for benchmarks."""

import time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from citations.bench_collection import SLUG_PREFIX, build
from documents.models import Document
from documents.texts.collection import curation_files


def curated_work() -> list[str]:
    """What in this database looks like someone's work rather than a throwaway's contents."""
    import json

    fixture_slugs = {json.loads(path.read_text())["slug"] for path in curation_files()}
    found = []
    others = Document.objects.exclude(slug__in=fixture_slugs).exclude(slug__startswith=SLUG_PREFIX)
    if others.exists():
        found.append(f"{others.count()} document(s) not from fixtures/")
    users = get_user_model().objects.count()
    if users:
        found.append(f"{users} user account(s)")
    # An editor's change is recorded with its author (the admin's history middleware).
    edited = sum(
        model.objects.filter(history_user__isnull=False).count()
        for model in apps.get_models()
        if hasattr(model, "instance_type") and hasattr(model, "history_user")
    )
    if edited:
        found.append(f"{edited} change(s) made by editors")
    return found


class Command(BaseCommand):
    help = (
        "Grow a throwaway database to N published documents for benchmarks: the two curated "
        "texts and recombinations of them (paragraphs, notes, anchors, mentions, citations, "
        "cross-references). Refuses a database holding curated work unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=1000, metavar="N")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same collection.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a database even if it holds documents, accounts or edits of its own.",
        )

    def handle(self, *args, documents, seed, force, **options):
        if documents < 2:
            raise CommandError("--documents must be at least 2 (the two curated texts)")
        found = curated_work()
        if found and not force:
            raise CommandError(
                "this database holds curated work ("
                + "; ".join(found)
                + "); build the benchmark collection in a throwaway database, or pass --force"
            )
        started = time.perf_counter()
        built = build(documents, seed=seed)
        if connection.vendor == "postgresql":
            # The planner's statistics, as autovacuum would gather within a minute on a live
            # site: measured at once, the freshly bulk-loaded tables had none, and the home
            # page's counts took over a second where they take 30 ms.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"built {built.generated} benchmark documents in {elapsed:.1f} s: "
            f"{built.total} documents in the collection"
        )
