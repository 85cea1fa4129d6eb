"""On PostgreSQL, stored renders compressed with lz4 rather than the default pglz.

Every public reader, note page and TEI export reads its stored render (RenderedPart.content)
on each request that the page cache does not answer: the paper's TEI is 185 KiB, kept as
65 KiB. Measured on the two texts (PostgreSQL 15, median of 300 reads of the one row): the TEI
1.56-1.73 ms with pglz, 0.96 ms with lz4 (about as fast as no compression, 0.92-1.33 ms, at a
third of the size); the paper's reader body 1.19-1.31 ms and 0.75 ms. Rows stored before keep
pglz until they are rendered again (every new build renders again, stored.build). A server
built without lz4 keeps pglz: nothing else changes."""

from django.db import migrations

TABLE, COLUMN = "documents_renderedpart", "content"


def lz4(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""DO $$ BEGIN
            ALTER TABLE {TABLE} ALTER COLUMN {COLUMN} SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported THEN
            RAISE NOTICE 'lz4 is not supported by this server: stored renders keep pglz';
        END $$""",
        params=None,
    )


def default(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN {COLUMN} SET COMPRESSION default")


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0016_document_list_orders"),
    ]

    operations = [migrations.RunPython(lz4, default, elidable=True)]
