"""Full-text index over paragraphs and notes, for /search/ (documents/search.py).

Models are not changed: this migration adds database objects only, vendor by vendor.

PostgreSQL: a text search configuration `archive_simple` (the `simple` configuration, which
lowercases and keeps every word — names, Cyrillic, numbers such as "059a" — plus `unaccent`
so that "Balazs" finds "Balázs"); on each of the two tables a stored generated column
`search_vector` (not a model field: PostgreSQL computes it on every write, Django never
names it) and a GIN index on it. A stored vector rather than an expression index because
ranking needs the vector of every matching row: recomputing to_tsvector for each (unaccent
included) made a search for a common word take a second on ten times the collection
(bench/search_bench.py), against milliseconds with the stored column.

SQLite: one FTS5 table over paragraphs and notes, filled from the rows and kept in sync by
triggers, as frozen in _frozen_search_index.py beside this file (documents/search/index.py
restores them after any later migration that rebuilds a table, which drops its triggers).
"""

import logging

from django.db import migrations, transaction

from documents.migrations._frozen_search_index import drop_sqlite_index, ensure_sqlite_index

logger = logging.getLogger(__name__)

CONFIG = "archive_simple"
# Punctuation that PostgreSQL's parser would otherwise glue into "file", "host", "url" or
# signed-number tokens ("U.S", "p.72", "-21"): turned into spaces so that PostgreSQL splits
# words where SQLite's unicode61 tokenizer and the highlighter do.
PUNCTUATION = ".-/_@:'’‘<>&=?#%+~\\–—|"
INDEXES = {"documents_paragraph": "paragraph_text_search", "documents_footnote": "footnote_text_search"}
COLUMN = "search_vector"  # documents/search.py reads it
# Only tokens that may hold non-ASCII letters need unaccent.
UNACCENT_MAPPING = (
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
    "word, numword, hword, numhword, hword_part, hword_numpart WITH unaccent, simple"
)


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        _create_postgres(apps, schema_editor)
    elif connection.vendor == "sqlite":
        ensure_sqlite_index(connection)


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for table, index in INDEXES.items():
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
    elif connection.vendor == "sqlite":
        drop_sqlite_index(connection)


def _create_postgres(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        available = cursor.fetchone() is not None
    has_unaccent = False
    if available:
        try:
            # unaccent is a trusted extension (PostgreSQL 13+): a database owner may create it.
            with transaction.atomic(using=connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            has_unaccent = True
        except Exception as error:  # noqa: BLE001 - any refusal means: go on without it
            logger.warning("unaccent could not be installed (%s)", error)
    if not has_unaccent:
        logger.warning(
            "PostgreSQL extension 'unaccent' is unavailable: search will not ignore accents. "
            "To fix: install it (postgresql-contrib), then run CREATE EXTENSION unaccent; "
            "%s; and UPDATE … SET text = text on %s and %s to recompute the stored vectors.",
            UNACCENT_MAPPING,
            *INDEXES,
        )
    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)")
    if has_unaccent:
        schema_editor.execute(UNACCENT_MAPPING)
    cleaned = "translate(text, {}, {})".format(
        schema_editor.quote_value(PUNCTUATION), schema_editor.quote_value(" " * len(PUNCTUATION))
    )
    for table, index in INDEXES.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('{CONFIG}'::regconfig, coalesce({cleaned}, ''))) STORED",
            params=None,  # the literal holds a '%': not a placeholder
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({COLUMN})")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
