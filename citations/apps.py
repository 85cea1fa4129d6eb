from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete


class CitationsConfig(AppConfig):
    name = "citations"
    verbose_name = "Archives and citations"

    def ready(self):
        from documents.curation import batching
        from documents.models import Actor, ActorAlias
        from documents.reader import extensions
        from documents.search import extensions as search_extensions
        from documents.search.index import index_rebuilt
        from documents.texts.collection import add_curation_step

        from . import curation, freshness, search_terms
        from .models import ArchivalDocument, ArchivalFile, Archive, Citation, Source
        from .reader import CitationsInNotes
        from .search_results import CitationsInResults

        # Search finds a note by its references as data too: keep those terms up to date.
        uid = "citations.search_terms"
        post_save.connect(search_terms.citation_changed, sender=Citation, dispatch_uid=uid)
        pre_delete.connect(search_terms.citation_deleting, sender=Citation, dispatch_uid=uid)
        post_delete.connect(search_terms.citation_changed, sender=Citation, dispatch_uid=uid)
        batching.about_to_delete.connect(search_terms.citations_deleting, dispatch_uid=uid)
        for model in (Archive, ArchivalFile, ArchivalDocument, Source):
            post_save.connect(search_terms.target_changed, sender=model, dispatch_uid=uid)
        for model in (Actor, ActorAlias):
            post_save.connect(search_terms.names_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(search_terms.names_changed, sender=model, dispatch_uid=uid)

        # A rebuilt SQLite index gets the notes' reference terms again.
        index_rebuilt.connect(
            lambda sender, using, **kwargs: search_terms.refresh(using=using),
            weak=False,
            dispatch_uid=uid,
        )
        # load_collection curates the notes' references of each new text.
        add_curation_step(curation.apply)
        # The reader and note pages show each note's references and “Cite this”.
        extensions.register(CitationsInNotes())
        # Search results offer their items to Zotero (COinS).
        search_extensions.register(CitationsInResults())
        # The TEI is stored like the reader; citations' models say which documents they touch.
        freshness.register()
