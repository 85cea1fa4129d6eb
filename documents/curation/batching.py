"""Work that each row of a large change asks for, done once when the change ends.

Deleting a document takes its paragraphs, notes, references and citations with it; restoring
it puts them back one row at a time. A receiver that brings something up to date per row (a
note's search terms, recomputed from its citations) would do it hundreds of times for one
editor's click. Within `batch()`, such a receiver hands `defer` what the row affects instead;
when the batch ends without an error, each deferred piece of work runs once, on everything
collected. After an error nothing runs: the transaction around the change rolls back.

`documents` knows nothing of the receivers (citations' search terms defer through it); it only
opens batches where it changes many rows at once (a document deleted, a document restored).

A deletion in a batch (`deleting`) is announced first, with every row the cascade will take
(`about_to_delete`): a receiver that looks each row up before it goes (which documents show it)
does it for all of them at once, in a few queries instead of several per row, and the per-row
receivers ask `announced` to leave those rows alone."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager

from django.db import router, transaction
from django.db.models.deletion import Collector
from django.dispatch import Signal

# Sent before a deletion in `deleting` runs, with `rows`: {model: [instances]}, every row the
# deletion will take (the cascade included), as Django's Collector finds them, and `using`.
about_to_delete = Signal()

# Rows looked up per query when many are looked up at once (a lookup may repeat them a handful
# of times, well under the databases' limits on a query's parameters: 32,766 on SQLite).
ROWS_PER_QUERY = 500

# key → (work, the items collected for it), while a batch is open
_open: contextvars.ContextVar[dict | None] = contextvars.ContextVar("curation_batch", default=None)
# (model, pk) of the rows announced by `deleting`, while it runs
_announced: contextvars.ContextVar[frozenset] = contextvars.ContextVar(
    "curation_deleting", default=frozenset()
)


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


def is_open() -> bool:
    """Whether a batch is open (work handed to `defer` will be done when it ends)."""
    return _open.get() is not None


def collected(key: Hashable) -> set:
    """The items handed to `defer` under `key` in the open batch so far (empty outside one)."""
    pending = _open.get()
    if pending is None or key not in pending:
        return set()
    return pending[key][1]


def defer(key: Hashable, work: Callable[[set], object], items: Iterable) -> bool:
    """Within a batch: note `items` for `work` (one call per `key` when the batch ends) and
    say True; outside one, False: the caller does its work at once."""
    pending = _open.get()
    if pending is None:
        return False
    pending.setdefault(key, (work, set()))[1].update(items)
    return True


@contextmanager
def deleting(instances: list) -> Iterator[None]:
    """A batch around the deletion of `instances` (of one model), announced first to the
    receivers of `about_to_delete` with every row it will take, in one transaction."""
    model = type(instances[0]) if instances else None
    if not instances or all(announced(model, instance.pk) for instance in instances):
        with batch():  # nothing to delete, or announced by the deletion this one is part of
            yield
        return
    using = router.db_for_write(model, instance=instances[0])
    # One transaction from the announcement to the deletion: what the receivers set to happen
    # after the commit (the documents showing the rows rendered again) must see them gone.
    # Without it, the admin's "Delete selected" (run in autocommit) rendered them at once,
    # the rows still there, and kept those renders.
    with transaction.atomic(using=using), batch():
        collector = Collector(using=using)
        collector.collect(instances)
        rows = {model: list(found) for model, found in collector.data.items()}
        about_to_delete.send(sender=model, rows=rows, using=collector.using)
        token = _announced.set(
            _announced.get() | {(model, row.pk) for model, found in rows.items() for row in found}
        )
        try:
            yield
        finally:
            _announced.reset(token)


def announced(model, pk) -> bool:
    """Whether the deletion of this row was announced (about_to_delete) by the deletion that
    is running: what it makes stale is already taken care of."""
    return (model, pk) in _announced.get()


def in_chunks(items: list) -> Iterator[list]:
    """`items` ROWS_PER_QUERY at a time, for lookups of many rows (`pk__in`)."""
    for start in range(0, len(items), ROWS_PER_QUERY):
        yield items[start : start + ROWS_PER_QUERY]
