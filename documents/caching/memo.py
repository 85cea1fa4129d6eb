"""Figures the public pages show that are computed over the whole corpus (how many passages
mention each actor and event), computed once per collection version and kept in the page
cache's backend: every curated change moves that version on (invalidation.py), so a figure
is never older than the data, and a page that shows it costs no more with 1,000 documents
than with two. Unlike the page cache, this is on whatever PAGE_CACHE says: it is part of
what the application does, like the stored renders (stored.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from documents.caching import pages, stored

T = TypeVar("T")


def per_version(name: str, compute: Callable[[], T]) -> T:
    """`compute()` as of the current collection version: computed on the first call after a
    change, read from the cache after that. The version is read before the data, so a value
    computed while a change was being committed is kept under the version the change
    replaces, where nobody reads it again."""
    cache = pages.page_cache()
    key = f"memo.{stored.build()}.{pages.collection_version(cache)}.{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
        pages.note_filled()
    return value
