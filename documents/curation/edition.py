"""The collection's version, as a citation names it: “Collection version 2026-11-30.3”.

What counts as publishing a change (caching/invalidation.py decides it for each change, from
the documents the change alters, before and after it):

- publishing a document, or returning one to draft;
- any save or deletion that alters what a published document shows (its text, notes, sections,
  the mentions and cross-references in it, the actors and events they name, the references and
  archival descriptions its notes cite: everything its stored render depends on).

What does not: saving a draft (the public sees none of it), and the machinery's own rows
(renders, history, locks). The page cache's version (caching/pages.py) is another thing: it
moves on every save, draft or not, and is no one's to cite.

One version per committed transaction, however many rows it changes (an admin save of a
paragraph and its notes is one change), recorded once the change is committed: a version
is never named for a change that was rolled back. The label is the day it was published and
its rank that day, so a citation says when as well as which.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from documents.caching import pages
from documents.models import CollectionVersion


@dataclass(frozen=True)
class Shown:
    """The current version as pages show it (kept in the cache: no query per page)."""

    label: str
    published: datetime.datetime

    def __str__(self):
        return self.label


def _next_label(now: datetime.datetime) -> str:
    day = timezone.localdate(now)
    rank = CollectionVersion.objects.filter(label__startswith=f"{day:%Y-%m-%d}.").count() + 1
    return f"{day:%Y-%m-%d}.{rank}"


CACHE_KEY = "collection-edition"


def record() -> CollectionVersion:
    """Record a new version now (called once the changes are committed), and show it."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                now = timezone.now()
                last = CollectionVersion.objects.aggregate(last=Max("number"))["last"] or 0
                version = CollectionVersion.objects.create(
                    number=last + 1, label=_next_label(now), published=now
                )
            break
        except IntegrityError:  # another process recorded one at the same moment
            if attempt == 2:
                raise
    pages.page_cache().set(CACHE_KEY, (version.label, version.published), None)
    return version


def forget() -> None:
    """Read the version from the database again (after a migration)."""
    pages.page_cache().delete(CACHE_KEY)


def current() -> Shown | None:
    """The current version (None before anything was published): one cache read. The cache
    holds it until the next version is recorded (`record` writes it); a miss reads the
    database and only adds (never replaces), so a value read before a new version was
    committed cannot overwrite the new one."""
    cache = pages.page_cache()
    found = cache.get(CACHE_KEY)
    if found is None:
        version = CollectionVersion.objects.current()
        found = (version.label, version.published) if version else ()
        cache.add(CACHE_KEY, found, None)
    return Shown(*found) if found else None


def context(request):
    """Template context: `collection_version` (read only where a template shows it)."""
    return {"collection_version": SimpleLazyObject(current)}
