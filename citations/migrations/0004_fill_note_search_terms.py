"""The search terms of every note, from its citations (the column or FTS5 column that holds
them is made by documents 0005_note_search_terms). Nothing to undo: going back, documents 0005
drops the column. The code run is a frozen copy of citations/search_terms.py as it was when
this migration was made (_frozen_search_terms.py)."""

from django.db import migrations

from citations.migrations import _frozen_search_terms as search_terms


def fill_terms(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor not in ("postgresql", "sqlite"):
        return
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
