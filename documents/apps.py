from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents"

    def ready(self):
        from documents.search.index import repair_after_migrate

        # A migration that rebuilds a table on SQLite drops the search index's triggers.
        post_migrate.connect(repair_after_migrate, sender=self)
