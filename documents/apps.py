from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents"

    def ready(self):
        from documents.caching import invalidation, stored
        from documents.reader.notes import NOTE_PART, render_note_body
        from documents.reader.views import READER_PARTS, render_reader
        from documents.search.index import drop_public_triggers, repair_after_migrate

        # A migration that rebuilds a table on SQLite drops the search index's triggers; those
        # of the public's index would stop the rebuild, so they are dropped beforehand.
        pre_migrate.connect(drop_public_triggers, sender=self)
        post_migrate.connect(repair_after_migrate, sender=self)
        # The reader is rendered once per change and stored; every change invalidates what
        # it alters (and the page cache).
        stored.add_renderer(READER_PARTS, render_reader)
        stored.add_family(NOTE_PART, render_note_body)  # a note's page, when first asked for
        invalidation.connect()
        # A migration may change data without signals: pages cached before it are dropped.
        post_migrate.connect(invalidation.after_migrate, sender=self)
