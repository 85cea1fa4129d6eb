from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents"

    def ready(self):
        from documents.search.index import drop_public_triggers, repair_after_migrate

        # A migration that rebuilds a table on SQLite drops the search index's triggers; those
        # of the public's index would stop the rebuild, so they are dropped beforehand.
        pre_migrate.connect(drop_public_triggers, sender=self)
        post_migrate.connect(repair_after_migrate, sender=self)
