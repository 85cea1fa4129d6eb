"""The documents and what is read in them."""

from django.db import models as django_models
from simple_history import register

from .linking import Actor, ActorAlias, CrossReference, DatePrecision, Event, Mention
from .text import Document, Footnote, FootnoteRef, Paragraph, Section

__all__ = [
    "Actor",
    "ActorAlias",
    "CrossReference",
    "DatePrecision",
    "Document",
    "Event",
    "Footnote",
    "FootnoteRef",
    "Mention",
    "Paragraph",
    "Section",
]


def _register_citation_history():
    """Record the history of the citations app's curated models too (kept in that app's tables).

    Registered from here because the history of notes and of their citations must be restorable
    together; the citations models themselves stay free of history plumbing."""
    from citations import models as citations

    from ..history import CurationHistory

    curated = [
        value
        for value in vars(citations).values()
        if isinstance(value, type)
        and issubclass(value, django_models.Model)
        and value._meta.app_label == "citations"
        and not value._meta.abstract
        and not hasattr(value, "instance_type")  # a historical model itself
    ]
    for model in curated:
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            register(model, app="citations", records_class=CurationHistory)


_register_citation_history()
