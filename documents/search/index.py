"""The SQLite full-text index of paragraphs and notes, and what keeps it whole.

One FTS5 table, `documents_passage_fts`, holds paragraphs and notes together so that bm25
ranks them against the same statistics: rowid = 2 × paragraph id, or 2 × note id + 1. The
tokenizer is `porter unicode61 remove_diacritics 2`: case and accents are ignored ("Balazs"
finds "Balázs"), English words are stemmed ("approve" finds "approved", "approval"; the same
stemmer runs on the query), Cyrillic and other non-Latin words are kept as they are.

Triggers on the two tables keep it in sync, rather than Django signals: the importer writes
with bulk_create, and QuerySet.update(), loaddata or a raw SQL fix send no signals either.

A second column, `terms`, holds what a note is also found by: its references as data in both
scripts ("АВПРФ", "фонд 059a", "Filippov"), written by citations/search_terms.py. The
triggers leave it alone when a note's text changes (they update `body` in place).

Django rebuilds an SQLite table for many ALTERs (copy to a new table, drop the old one,
rename), and the triggers are dropped with the old table. So after every `migrate` (the
post_migrate signal, connected in apps.py) `ensure_sqlite_index` recreates whatever is
missing and, if anything was, refills the index from the rows.
"""

from django.dispatch import Signal

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


# What the public's searches rank with. bm25 weighs a word by how many rows of the whole index
# hold it, and a passage by its length against the average: with drafts in the index, a draft
# would move public results up or down. So the passages of published documents are kept in a
# second index of their own, the same columns, and the public's results are ranked there
# (staff, who also see drafts, rank in the full one). Triggers keep it in step, also when a
# document is published or unpublished.
PUBLIC_TABLE = "documents_passage_fts_public"


def _public_triggers() -> dict[str, str]:
    triggers = {}
    for table, parity in SOURCES.items():
        new_row = f"new.id * 2 + {parity}"
        old_row = f"old.id * 2 + {parity}"
        published = "(SELECT status FROM documents_document WHERE id = new.document_id)"
        copy = (
            f"INSERT INTO {PUBLIC_TABLE} (rowid, body, terms) SELECT {new_row}, new.text, "
            f"(SELECT terms FROM {FTS_TABLE} WHERE rowid = {new_row}) "
            f"WHERE {published} = 'published'; "
        )
        forget = f"DELETE FROM {PUBLIC_TABLE} WHERE rowid = {old_row}; "
        triggers[f"{table}_fts_public_insert"] = f"AFTER INSERT ON {table} BEGIN {copy}END"
        triggers[f"{table}_fts_public_update"] = f"AFTER UPDATE ON {table} BEGIN {forget}{copy}END"
        triggers[f"{table}_fts_public_delete"] = f"AFTER DELETE ON {table} BEGIN {forget}END"
    passages = (
        "SELECT id * 2 FROM documents_paragraph WHERE document_id = new.id UNION ALL "
        "SELECT id * 2 + 1 FROM documents_footnote WHERE document_id = new.id"
    )
    triggers["documents_document_fts_public_status"] = (
        f"AFTER UPDATE OF status ON documents_document BEGIN "
        f"DELETE FROM {PUBLIC_TABLE} WHERE rowid IN ({passages}); "
        f"INSERT INTO {PUBLIC_TABLE} (rowid, body, terms) "
        f"SELECT rowid, body, terms FROM {FTS_TABLE} "
        f"WHERE new.status = 'published' AND rowid IN ({passages}); END"
    )
    return triggers


TRIGGERS = _triggers()
# These read other tables than their own, which would stop SQLite's table rebuilds (a
# migration renames a rebuilt table into place, and SQLite checks every trigger naming it):
# they are dropped before migrating (pre_migrate) and made again after (post_migrate).
PUBLIC_TRIGGERS = _public_triggers()


COLUMNS = ["body", "terms"]

# How results are ranked, on both databases. A note is mostly a reference: the title of a cited
# work, an archive's address, "Cited in Lebedev, … the Creation of the North Korean Police
# Force". Its words say less about what a passage discusses than the same words in the text,
# and a note is short, which bm25 (and ts_rank's length normalisation) reward: a search for
# `Lebedev police` put four notes citing Lebedev's thesis above the paragraph that discusses
# it (¶34 of the paper). So a note's score counts for NOTE_WEIGHT of a paragraph's: for equal
# matches the text's paragraph comes first, and a note still comes first where it matches far
# better (a short note naming the one word a long paragraph mentions in passing). On SQLite
# the `terms` column (a note's references as data, which repeat the note's own words) counts
# for TERMS_WEIGHT of the note's text: it is there to find notes by, not to rank them higher.
NOTE_WEIGHT = 0.5
TERMS_WEIGHT = 0.5


def fts_rank(table: str) -> str:
    """SQL for a row's score in an FTS5 MATCH query on `table` (higher is better)."""
    return (
        f"(-bm25({table}, 1.0, {TERMS_WEIGHT}) "
        f"* (CASE WHEN rowid & 1 THEN {NOTE_WEIGHT} ELSE 1.0 END))"
    )


TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"


def sqlite_index_has_terms(cursor) -> bool:
    cursor.execute(f"SELECT name FROM pragma_table_info('{FTS_TABLE}')")
    return "terms" in {name for (name,) in cursor.fetchall()}


def missing_parts(cursor) -> set[str]:
    """Names of the index's table and triggers that are not in the database, or not as this
    module defines them (an index built before the `terms` column, an older trigger)."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master "
        "WHERE (type = 'table' AND name IN (%s, %s)) OR type = 'trigger'",
        [FTS_TABLE, PUBLIC_TABLE],
    )
    present = dict(cursor.fetchall())
    missing = {
        name for name in TRIGGERS if present.get(name) != f"CREATE TRIGGER {name} {TRIGGERS[name]}"
    }
    for table in (FTS_TABLE, PUBLIC_TABLE):
        cursor.execute(f"SELECT name FROM pragma_table_info('{table}')")
        if table not in present or [name for (name,) in cursor.fetchall()] != COLUMNS:
            missing.add(table)
        elif TOKENIZE not in (present[table] or ""):  # built before stemming
            missing.add(table)
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
        for table in (FTS_TABLE, PUBLIC_TABLE):
            if table in missing:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {table} USING fts5({', '.join(COLUMNS)}, {TOKENIZE})"
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
        cursor.execute(f"DELETE FROM {PUBLIC_TABLE}")
        cursor.execute(
            f"INSERT INTO {PUBLIC_TABLE} (rowid, body) SELECT rowid, body FROM {FTS_TABLE} "
            f"WHERE rowid IN ({_published_passages()})"
        )
    return True


def _published_passages() -> str:
    return " UNION ALL ".join(
        f"SELECT passage.id * 2 + {parity} FROM {table} passage JOIN documents_document "
        f"document ON document.id = passage.document_id WHERE document.status = 'published'"
        for table, parity in SOURCES.items()
    )


def ensure_public_index(connection) -> bool:
    """The public's index filled from the full one, with its triggers; True if anything was
    missing (and so made and refilled). After migrating only: see PUBLIC_TRIGGERS."""
    if connection.vendor != "sqlite":
        return False
    ensure_sqlite_index(connection)
    with connection.cursor() as cursor:
        if FTS_TABLE not in set(connection.introspection.table_names(cursor)):
            return False
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        present = dict(cursor.fetchall())
        missing = [
            name
            for name, body in PUBLIC_TRIGGERS.items()
            if present.get(name) != f"CREATE TRIGGER {name} {body}"
        ]
        if not missing:
            return False
        for name in missing:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"CREATE TRIGGER {name} {PUBLIC_TRIGGERS[name]}")
        # Passages may have changed while a trigger was missing: copy them again.
        cursor.execute(f"DELETE FROM {PUBLIC_TABLE}")
        cursor.execute(
            f"INSERT INTO {PUBLIC_TABLE} (rowid, body, terms) SELECT rowid, body, terms "
            f"FROM {FTS_TABLE} WHERE rowid IN ({_published_passages()})"
        )
    return True


def drop_public_triggers(sender, using, **kwargs):
    """pre_migrate receiver: see PUBLIC_TRIGGERS."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in PUBLIC_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def drop_sqlite_index(connection):
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for name in PUBLIC_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS {PUBLIC_TABLE}")


# Sent when the SQLite index was rebuilt from the tables: what others add to it (citations:
# each note's references as search terms) must be written again.
index_rebuilt = Signal()

MIGRATION = ("documents", "0002_search_index")
TERMS_MIGRATION = ("documents", "0005_note_search_terms")


def repair_after_migrate(sender, using, **kwargs):
    """post_migrate receiver: a migration may have rebuilt a table and lost the triggers.
    Nothing is done where the index's migration is not applied (e.g. after migrating back)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    applied = MigrationRecorder(connection).applied_migrations()
    if MIGRATION not in applied:
        return
    rebuilt = ensure_sqlite_index(connection)
    ensure_public_index(connection)
    if rebuilt and TERMS_MIGRATION in applied:
        index_rebuilt.send(sender=repair_after_migrate, using=using)
