"""Work that each row of a large change asks for, done once when the change ends.

Deleting a document takes its paragraphs, notes, references and citations with it; restoring
it puts them back one row at a time. A receiver that brings something up to date per row (a
note's search terms, recomputed from its citations) would do it hundreds of times for one
editor's click. Within `batch()`, such a receiver hands `defer` what the row affects instead;
when the batch ends without an error, each deferred piece of work runs once, on everything
collected. After an error nothing runs: the transaction around the change rolls back.

`documents` knows nothing of the receivers (citations' search terms defer through it); it only
opens batches where it changes many rows at once (a document deleted, a document restored)."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager

# key → (work, the items collected for it), while a batch is open
_open: contextvars.ContextVar[dict | None] = contextvars.ContextVar("curation_batch", default=None)


@contextmanager
def batch() -> Iterator[None]:
    """Defer the work receivers hand `defer` until the end (nested batches join the outer)."""
    if _open.get() is not None:
        yield
        return
    pending: dict[Hashable, tuple[Callable, set]] = {}
    token = _open.set(pending)
    try:
        yield
    finally:
        _open.reset(token)
    for work, items in pending.values():
        work(items)


def defer(key: Hashable, work: Callable[[set], object], items: Iterable) -> bool:
    """Within a batch: note `items` for `work` (one call per `key` when the batch ends) and
    say True; outside one, False: the caller does its work at once."""
    pending = _open.get()
    if pending is None:
        return False
    pending.setdefault(key, (work, set()))[1].update(items)
    return True
