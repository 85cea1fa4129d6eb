"""On PostgreSQL, the passages' search vectors kept in their rows (STORAGE MAIN), the text moved
out of line first.

A search reads the vector of every candidate passage: to check a phrase or a name's spellings
(GIN's recheck) and to rank every match with ts_rank. Its text it reads only for the page of
20 results shown. With both columns EXTENDED (the default), PostgreSQL moves the largest value
of a row over 2 kB out of line first, and a paragraph's vector is larger than its text (881
bytes stored on average against 552, at 1,000 documents): the long paragraphs, which are the
ones that match, had their vectors in the TOAST table, two or three more pages to read for
each. Measured at 1,000 documents (manage.py build_bench_collection), the facets' query of
`Stalin` in one document: 26,978 pages read → 9,975, the paragraphs' matches 41 → 25 ms.

MAIN still compresses a value and moves it out of line as a last resort (a row that does not
fit in a page). Rows stored before are written again here, once (their vectors are generated
from the text: the UPDATE computes them again; the old row versions are left to VACUUM, which
autovacuum runs). SQLite: nothing (its index is FTS5).
"""

from django.db import migrations

TABLES = ("documents_paragraph", "documents_footnote")


def storage(kind):
    def change(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in TABLES:
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE {kind}"
            )
            schema_editor.execute(f"UPDATE {table} SET text = text")

    return change


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0017_rendered_part_lz4"),
    ]

    operations = [migrations.RunPython(storage("MAIN"), storage("EXTENDED"), elidable=True)]
