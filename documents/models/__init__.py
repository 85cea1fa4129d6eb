"""The documents and what is read in them."""

from .linking import Actor, ActorAlias, CrossReference, DatePrecision, Event, Mention
from .rendering import RenderedPart
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
    "RenderedPart",
    "Section",
]
