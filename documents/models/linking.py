"""What the texts speak of and how passages connect: actors, events, mentions, cross-references.

One module per idea (``actors``, ``events``, ``mentions``, ``cross_references``); every name
stays importable from here, as before."""

from .actors import Actor, ActorAlias, ActorQuerySet, NameForm, PastActorSlug
from .cross_references import CrossReference
from .events import DatePrecision, Event, EventQuerySet
from .mentions import Mention, MentionQuerySet, mentions_visible_to

__all__ = [
    "Actor",
    "ActorAlias",
    "ActorQuerySet",
    "CrossReference",
    "DatePrecision",
    "Event",
    "EventQuerySet",
    "Mention",
    "MentionQuerySet",
    "NameForm",
    "PastActorSlug",
    "mentions_visible_to",
]
