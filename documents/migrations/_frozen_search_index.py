"""A frozen copy of the SQLite full-text index that documents 0002_search_index and
0005_note_search_terms create: the FTS5 table over paragraphs and notes (with the notes'
`terms` column) and the triggers that keep it in sync, as documents/search/index.py defined
them when those migrations were made (November 2026). Frozen, so that changing the app's code
never changes what an old migration does; do not edit (see documents/search/index.py for the
index as the running site repairs it after every migrate).

Not a migration itself: the loader skips modules whose name begins with "_".
"""

FTS_TABLE = "documents_passage_fts"
SOURCES = {"documents_paragraph": 0, "documents_footnote": 1}  # table → rowid parity


def _triggers() -> dict[str, str]:
    triggers = {}
    for table, parity in SOURCES.items():
        new_row = f"new.id * 2 + {parity}"
        old_row = f"old.id * 2 + {parity}"
        triggers[f"{table}_fts_insert"] = (
            f"AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES ({new_row}, new.text); END"
        )
        triggers[f"{table}_fts_update"] = (
            f"AFTER UPDATE ON {table} BEGIN "
            f"UPDATE {FTS_TABLE} SET body = new.text WHERE rowid = {old_row}; "
            f"INSERT INTO {FTS_TABLE} (rowid, body) SELECT {new_row}, new.text "
            f"WHERE NOT EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE rowid = {new_row}); END"
        )
        triggers[f"{table}_fts_delete"] = (
            f"AFTER DELETE ON {table} BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = {old_row}; END"
        )
    return triggers


TRIGGERS = _triggers()


COLUMNS = ["body", "terms"]


def sqlite_index_has_terms(cursor) -> bool:
    cursor.execute(f"SELECT name FROM pragma_table_info('{FTS_TABLE}')")
    return "terms" in {name for (name,) in cursor.fetchall()}


def missing_parts(cursor) -> set[str]:
    """Names of the index's table and triggers that are not in the database, or not as this
    module defines them (an index built before the `terms` column, an older trigger)."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master "
        "WHERE (type = 'table' AND name = %s) OR type = 'trigger'",
        [FTS_TABLE],
    )
    present = dict(cursor.fetchall())
    missing = {
        name for name in TRIGGERS if present.get(name) != f"CREATE TRIGGER {name} {TRIGGERS[name]}"
    }
    cursor.execute(f"SELECT name FROM pragma_table_info('{FTS_TABLE}')")
    if FTS_TABLE not in present or [name for (name,) in cursor.fetchall()] != COLUMNS:
        missing.add(FTS_TABLE)
    return missing


def ensure_sqlite_index(connection) -> bool:
    """Create the index, its triggers and its content where missing; True if anything was."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if not set(SOURCES) <= tables:  # before documents' first migration
            return False
        missing = missing_parts(cursor)
        if not missing:
            return False
        if FTS_TABLE in missing:
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
                f"{', '.join(COLUMNS)}, tokenize = 'unicode61 remove_diacritics 2')"
            )
        for name, body in TRIGGERS.items():
            if name in missing:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        # Rows may have changed while a trigger was missing: refill from the tables (the
        # notes' terms are refilled by the caller, see repair_after_migrate).
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        for table, parity in SOURCES.items():
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, body) SELECT id * 2 + {parity}, text FROM {table}"
            )
    return True


def drop_sqlite_index(connection):
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
