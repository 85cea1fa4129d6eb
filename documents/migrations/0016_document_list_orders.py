"""Indexes in the orders pages list documents in (the home page's first texts by date added;
/documents/ and /api/documents by kind and title), so that a page of them is read in order
instead of every document read and sorted. On SQLite the columns stored after a document's
imported text are read through that text's overflow pages: at 1,000 documents (the bench's
collection, 22 KB of text each on average) the home page's six texts read ~22 MB."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0015_search4_mentioned"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["status", "created", "id"], name="document_added_order"),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["status", "kind", "title", "id"], name="document_list_order"),
        ),
    ]
