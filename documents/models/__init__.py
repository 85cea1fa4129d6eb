"""The documents and what is read in them."""

from .edition import CollectionVersion
from .linking import (
    Actor,
    ActorAlias,
    CrossReference,
    DatePrecision,
    Event,
    Mention,
    NameForm,
    PastActorSlug,
    mentions_visible_to,
)
from .rendering import RenderedPart
from .text import Document, Footnote, FootnoteRef, Paragraph, Section

__all__ = [
    "Actor",
    "ActorAlias",
    "CollectionVersion",
    "CrossReference",
    "DatePrecision",
    "Document",
    "Event",
    "Footnote",
    "FootnoteRef",
    "Mention",
    "NameForm",
    "Paragraph",
    "PastActorSlug",
    "RenderedPart",
    "Section",
    "mentions_visible_to",
]
