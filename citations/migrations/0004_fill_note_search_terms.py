"""The search terms of every note, from its citations (the column or FTS5 column that holds
them is made by documents 0005_note_search_terms). Nothing to undo: going back, documents 0005
drops the column."""

from django.db import migrations


def fill_terms(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    from citations import search_terms

    terms = search_terms.compute(
        apps.get_model("citations", "Citation"),
        apps.get_model("documents", "Actor"),
        apps.get_model("documents", "ActorAlias"),
        using=connection.alias,
    )
    search_terms.write(terms, using=connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("citations", "0003_history"),
        ("documents", "0005_note_search_terms"),
    ]

    operations = [
        migrations.RunPython(fill_terms, migrations.RunPython.noop, elidable=False),
    ]
