"""Search finds a note by its references as data too, in both scripts ("АВПРФ", "фонд 059a",
"Filippov" for a telegram to Stalin): see citations/search_terms.py for what the terms are.

Models are not changed; database objects only, vendor by vendor (as 0002_search_index):

PostgreSQL: a `search_terms` text column on documents_footnote (not a model field: Django
never names it, inserts leave it empty), and the stored `search_vector` of notes regenerated
from the text and the terms together (with its GIN index).

SQLite: the FTS5 table gets a second column, `terms` (documents/search_index.py rebuilds the
table and its triggers when it finds the older shape).

The terms of every note are computed from the citations by the citations app's own migration
(citations 0004), so that documents depends on nothing of citations.
"""

import importlib

from django.db import migrations

from documents.migrations._frozen_search_index import ensure_sqlite_index

INDEX_MIGRATION = importlib.import_module("documents.migrations.0002_search_index")
CONFIG = INDEX_MIGRATION.CONFIG
COLUMN = INDEX_MIGRATION.COLUMN
INDEX = INDEX_MIGRATION.INDEXES["documents_footnote"]
TABLE = "documents_footnote"
TERMS = "search_terms"


def _cleaned(schema_editor, column):
    punctuation = INDEX_MIGRATION.PUNCTUATION
    return "coalesce(translate({}, {}, {}), '')".format(
        column,
        schema_editor.quote_value(punctuation),
        schema_editor.quote_value(" " * len(punctuation)),
    )


def _vector(schema_editor, expression):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {COLUMN}")
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('{CONFIG}'::regconfig, {expression})) STORED",
        params=None,  # the literal holds a '%': not a placeholder
    )
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {TABLE} USING gin ({COLUMN})")


def add_terms(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {TERMS} text NOT NULL DEFAULT ''"
        )
        text, terms = _cleaned(schema_editor, "text"), _cleaned(schema_editor, TERMS)
        _vector(schema_editor, f"{text} || ' ' || {terms}")
    elif connection.vendor == "sqlite":
        ensure_sqlite_index(connection)


def remove_terms(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        _vector(schema_editor, _cleaned(schema_editor, "text"))
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {TERMS}")
    # SQLite: the FTS5 table keeps its `terms` column; the code of 0002 reads `body` only.


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_editors_group"),
    ]

    operations = [
        migrations.RunPython(add_terms, remove_terms, elidable=False),
    ]
