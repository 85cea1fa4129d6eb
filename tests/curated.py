"""The curated collection, loaded once per test session and shared by every test that asks.

`load_collection` runs once, when the test database is made (conftest's `django_db_setup`), and
its rows are committed and copied, once, into plain snapshot tables that no model owns (a flush
leaves them alone). From then on the committed tables either hold the collection or not
(`state.loaded`), and a test gets what it asks for:

- a test that asks for the collection (`collection`, `weathersby_paper`, `interview`, or
  `browser_tabs.load_site`) reads those rows; a plain `db` test runs in a transaction that is
  rolled back, so it may change them freely;
- a test that does not ask for it sees an empty database, so the importer and model tests
  start from nothing;
- when a test wants the other state than the committed one, conftest empties the tables or
  puts the rows back (row for row, the same ids, with a few INSERT … SELECT statements instead
  of a second import), committed, before the test's transaction begins; the tests are sorted
  so that this happens a few times per run, not once per test;
- a transactional (live-server) test commits, and pytest-django flushes every table after it;
- data that many tests read and each may change (sixty more texts, links and their stored
  renders) can be made once and committed on top of the collection (`committed_fixture`), for
  the tests that ask for it, and taken away (`reset`) before the next test that does not.

pytest-django runs plain `db` tests before transactional ones, so the flushes come last; the
state below is kept per process, so it also holds under pytest-xdist (one database per worker).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import CASCADE, DO_NOTHING
from django.test.utils import override_settings

SNAPSHOT_PREFIX = "test_snapshot_"
SLUGS = ("weathersby-soviet-role", "shen-zhihua-interview")
FTS_TABLE = "documents_passage_fts"  # SQLite's full-text index (documents/search/index.py)
PUBLIC_FTS_TABLE = "documents_passage_fts_public"  # its copy of the published passages


class _State:
    tables: list[str] = []  # model tables load_collection fills, in a fixed order
    columns: dict[str, str] = {}  # table → its stored (not generated) columns, quoted
    loaded = False  # committed rows in the tables (False once a transactional test flushed)
    unseeded: list[str] = []  # every model table the migrations left empty (see `reset`)
    on_top: str | None = None  # the committed_fixture whose data is committed on the collection
    on_top_value: Any = None  # what its build returned


state = _State()


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _row_counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _stored_columns(cursor, table: str) -> str:
    """Columns an INSERT may name: PostgreSQL's generated search vectors are left out."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position",
            [table],
        )
        names = [name for (name,) in cursor.fetchall()]
    else:
        names = [
            column.name for column in connection.introspection.get_table_description(cursor, table)
        ]
    return ", ".join(_quote(name) for name in names)


def load_once():
    """Load the collection into the fresh test database, commit it and copy it aside."""
    model_tables = sorted(connection.introspection.django_table_names(only_existing=True))
    with connection.cursor() as cursor:
        before = _row_counts(cursor, model_tables)
    # A database kept from an earlier run (pytest --reuse-db) already holds the collection, so
    # this run could not tell its rows from the migrations' ones.
    assert not before.get("documents_document"), "the test database is not fresh: drop --reuse-db"
    with open(os.devnull, "w") as devnull:
        call_command("load_collection", verbosity=0, stdout=devnull)
    with connection.cursor() as cursor:
        after = _row_counts(cursor, model_tables)
        state.tables = [table for table in model_tables if after[table] != before[table]]
        state.unseeded = [table for table in model_tables if not before[table]]
        touched = [table for table in state.tables if before[table]]
        # Emptying means deleting every row of these tables: that is only right while
        # load_collection adds rows to tables the migrations left empty.
        assert not touched, f"load_collection changed tables that were not empty: {touched}"
        for table in state.tables:
            state.columns[table] = _stored_columns(cursor, table)
            cursor.execute(
                f"CREATE TABLE {_quote(SNAPSHOT_PREFIX + table)} AS "
                f"SELECT {state.columns[table]} FROM {_quote(table)}"
            )
        if connection.vendor == "sqlite":  # the index's `terms` are written by code, not triggers
            cursor.execute(
                f"CREATE TABLE {SNAPSHOT_PREFIX}fts AS SELECT rowid AS id, terms FROM {FTS_TABLE}"
            )
    state.loaded = True


def empty():
    """Delete the collection's rows."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table in state.tables:
            cursor.execute(f"DELETE FROM {_quote(table)}")


def restore():
    """Put the collection back (committed, in a transactional test) into tables that a
    flush or `empty` left without it: the same rows, with the same ids."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table in state.tables:  # foreign keys are checked at commit (deferred)
            columns = state.columns[table]
            cursor.execute(
                f"INSERT INTO {_quote(table)} ({columns}) "
                f"SELECT {columns} FROM {_quote(SNAPSHOT_PREFIX + table)}"
            )
        if connection.vendor == "sqlite":  # the triggers refilled `body`; `terms` comes back here
            for table in (FTS_TABLE, PUBLIC_FTS_TABLE):  # (the public copy has the same rowids)
                cursor.execute(
                    f"UPDATE {table} SET terms = (SELECT terms FROM {SNAPSHOT_PREFIX}fts "
                    f"WHERE {SNAPSHOT_PREFIX}fts.id = {table}.rowid) "
                    f"WHERE rowid IN (SELECT id FROM {SNAPSHOT_PREFIX}fts)"
                )


LINK_TABLES = ("documents_mention", "documents_crossreference")  # nothing refers to their rows
STORED_RENDERS = "documents_renderedpart"


def drop_links():
    """The curated mentions and cross-references gone, for tests that make their own links:
    deleted with two statements, like `empty` (an editor deleting a thousand rows would go
    through the signals, one row at a time: that is tested elsewhere, not the ground every
    browser test stands on). The stored renders showed them, so they go too: each text is
    rendered again when it is first asked for, as after a deployment."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table in (*LINK_TABLES, STORED_RENDERS):
            cursor.execute(f"DELETE FROM {_quote(table)}")


def delete_quietly(*models) -> None:
    """Every row of `models` deleted, with the rows that cascade from them (an actor's aliases
    and name forms, an event's list of actors …), one DELETE per table in one transaction, like
    `drop_links`: for tests whose subject is what comes after, not the deletion. Deleting through
    the ORM sends each row through the signals (a history record each, the documents that show
    it found and rendered again): 6 s for the collection's links on PostgreSQL. A relation that
    would set a column to NULL or protect the row is not handled: it raises."""
    tables: list[str] = []
    for model in models:
        _with_cascade(model, tables)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {_quote(table)}")


def _with_cascade(model, tables: list[str]) -> None:
    """Add to `tables` those whose rows go when `model`'s rows go (dependents first), and its own."""
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete) or relation.many_to_many:
            continue  # not a reverse relation, or a many-to-many whose through model is met here too
        if relation.on_delete is CASCADE:
            _with_cascade(relation.related_model, tables)
        elif relation.on_delete is not DO_NOTHING:  # DO_NOTHING: history rows
            raise NotImplementedError(f"{relation}: on_delete={relation.on_delete.__name__}")
    if model._meta.db_table not in tables:
        tables.append(model._meta.db_table)


def reset():
    """The committed tables back to the collection as loaded, whatever was committed on top of
    it (by a `committed_fixture`): every table the migrations left empty is emptied (rows that
    signals added too: history, stored renders, collection versions), then the collection is
    put back. The migrations' own rows (content types, permissions, the Editors group) stay."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            for table in state.unseeded:
                cursor.execute(f"DELETE FROM {_quote(table)}")
        restore()
    state.loaded = True
    state.on_top = state.on_top_value = None


_builders: dict[str, Callable[[], Any]] = {}


def committed_fixture(build: Callable[[], Any]):
    """A fixture, named as `build`, for data that many tests read and each may change, too
    slow to make in each test's transaction: `build()` is run once before the first test that
    asks for the fixture (conftest's pytest_runtest_setup, through `switch`) and committed on
    top of the collection; each test's transaction starts from it and is rolled back; the
    first test that does not ask for it gets the collection back (`reset`), whatever the order
    the tests run in. The fixture's value is what `build` returned: give each test fresh
    copies of rows a test may change. (In the first database test of a process, before the
    database exists for the hook, `build` runs inside the test's transaction, as without
    this.) `build` must make exactly what each test would otherwise make for itself."""
    name = build.__name__
    assert name not in _builders, f"two committed fixtures are named {name}"
    _builders[name] = build

    @pytest.fixture(name=name)
    def fixture(collection):
        return state.on_top_value if state.on_top == name else build()

    fixture.__doc__ = build.__doc__
    return fixture


def committed_fixture_names():
    return _builders.keys()


def switch(wanted: bool, fixture_names) -> None:
    """Commit the state a test wants, from the one committed: the collection or empty tables
    (`wanted`), and on top of the collection the data of the committed fixture it asks for."""
    (on_top,) = [name for name in fixture_names if name in _builders] or [None]
    if state.on_top and state.on_top != on_top:
        reset()
    if wanted != state.loaded:
        restore() if wanted else empty()
        state.loaded = wanted
    if on_top and state.on_top != on_top:
        state.on_top = on_top  # so that `reset` takes away a part made before a failure
        try:
            # Nothing is rendered on the commit (up to RENDER_ON_SAVE_MAX documents would be,
            # the two long texts first: 0.7 s), as nothing is in a test's own transaction,
            # which is never committed: each document is rendered when first read.
            with override_settings(RENDER_ON_SAVE_MAX=0):
                state.on_top_value = _builders[on_top]()
        except BaseException:
            reset()
            raise


def committed():
    """The collection committed in the tables (put back if a test had them emptied), for
    module fixtures that read it outside any test's transaction."""
    if state.on_top:
        reset()
    elif not state.loaded:
        restore()
        state.loaded = True


def documents() -> dict:
    from documents.models import Document

    return {document.slug: document for document in Document.objects.all()}
