"""Search finds word forms: "approve" finds "approved" and "approval" (issue 14).

PostgreSQL: a configuration `archive_english`, a copy of `archive_simple` (0002) whose words
go through an English Snowball stemmer without a stop-word list (so that a phrase keeps every
word and "Shtykov", "АВПРФ" or "059a" are kept as they are: the stemmer changes only English
endings, non-Latin words pass unchanged), after `unaccent` where it is installed. The stored
`search_vector` columns are generated again with it (documents/search/views.py queries with
the same configuration).

SQLite: the FTS5 tables are built again with the `porter` tokenizer in front of unicode61 by
the post_migrate repair of documents/search/index.py, which notices the older tokenizer; the
notes' reference terms are written back then.
"""

import importlib

from django.db import migrations

INDEX_MIGRATION = importlib.import_module("documents.migrations.0002_search_index")
TERMS_MIGRATION = importlib.import_module("documents.migrations.0005_note_search_terms")
COLUMN = INDEX_MIGRATION.COLUMN
INDEXES = INDEX_MIGRATION.INDEXES
SIMPLE = INDEX_MIGRATION.CONFIG
CONFIG = "archive_english"
STEMMER = "archive_english_stem"
WORDS = "asciiword, asciihword, hword_asciipart"
ACCENTED_WORDS = "word, hword, hword_part"


def _expressions(schema_editor) -> dict[str, str]:
    cleaned = TERMS_MIGRATION._cleaned
    text = cleaned(schema_editor, "text")
    return {
        "documents_paragraph": text,
        "documents_footnote": f"{text} || ' ' || {cleaned(schema_editor, TERMS_MIGRATION.TERMS)}",
    }


def _generate(schema_editor, config: str):
    for table, expression in _expressions(schema_editor).items():
        index = INDEXES[table]
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('{config}'::regconfig, {expression})) STORED",
            params=None,  # the literal holds a '%': not a placeholder
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({COLUMN})")


def stem(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = 'unaccent'")
            unaccent = "unaccent, " if cursor.fetchone() else ""
        schema_editor.execute(
            f"CREATE TEXT SEARCH DICTIONARY {STEMMER} (TEMPLATE = snowball, Language = english)"
        )
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = {SIMPLE})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {WORDS} WITH {STEMMER}"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {ACCENTED_WORDS} "
            f"WITH {unaccent}{STEMMER}"
        )
        _generate(schema_editor, CONFIG)
    # SQLite: nothing here. After every migrate, documents' post_migrate repair compares the
    # FTS5 tables with what the index module defines; a table built before stemming differs
    # in its tokenizer, so both tables are built again with `porter`, refilled, and the
    # notes' reference terms written back (the index_rebuilt signal), without this migration
    # running any of the app's live code.


def unstem(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        _generate(schema_editor, SIMPLE)
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
        schema_editor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {STEMMER}")
    # SQLite: the table keeps the porter tokenizer (index.py builds it so at every migrate).


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0009_nameform"),
    ]

    operations = [
        migrations.RunPython(stem, unstem, elidable=False),
    ]
