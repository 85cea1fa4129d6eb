"""What the texts speak of: the people and bodies (/actors) and the events (/events), each with
the number of its mentions in published texts (a draft's mentions are not counted)."""

from __future__ import annotations

import datetime
from typing import Literal

from django.db.models import Count, Prefetch, Q
from ninja import Field, Query, Router, Schema

from documents.api.pagination import PageParams, page_of, paginate
from documents.api.parameters import Slug, Text, first_or_404, known, refuse
from documents.models import Actor, ActorAlias, DatePrecision, Document, Event

router = Router()

ActorKind = Literal["person", "state", "party", "institution", "organisation", "military"]
Precision = Literal["day", "month", "year"]


class AliasOut(Schema):
    name: str
    note: str


class ActorOut(Schema):
    slug: str
    name: str
    kind: ActorKind
    dates: str
    description: str
    wikidata: str = Field(description="Wikidata item (Q…), where an editor checked it.")
    viaf: str = Field(description="VIAF cluster number, where an editor checked it.")
    aliases: list[AliasOut]
    mention_count: int = Field(description="Mentions in published texts.")
    url: str


class EventOut(Schema):
    slug: str
    title: str
    date: datetime.date
    precision: Precision
    end_date: datetime.date | None
    display_date: str
    place: str
    description: str
    actors: list[str] = Field(description="Actor slugs.")
    mention_count: int
    url: str


def visible_mentions(prefix: str = "mentions__") -> Q:
    visible = Document.objects.published().values("pk")
    return Q(**{f"{prefix}paragraph__document__in": visible}) | Q(
        **{f"{prefix}footnote__document__in": visible}
    )


class ActorFilters(Schema):
    kind: ActorKind | None = None
    q: Text | None = Field(None, description="Part of the name or of another name (any script).")


def actors_queryset():
    return (
        Actor.objects.annotate(
            mention_count=Count("mentions", filter=visible_mentions(), distinct=True)
        )
        .prefetch_related(Prefetch("aliases", queryset=ActorAlias.objects.order_by("name")))
        .order_by("name")
    )


def actor_dict(request, actor) -> dict:
    return {
        "slug": actor.slug,
        "name": actor.name,
        "kind": actor.kind,
        "dates": actor.dates,
        "description": actor.description,
        "wikidata": actor.wikidata,
        "viaf": actor.viaf,
        "aliases": [{"name": a.name, "note": a.note} for a in actor.aliases.all()],
        "mention_count": actor.mention_count,
        "url": request.build_absolute_uri(actor.get_absolute_url()),
    }


@router.get("/actors", response=page_of(ActorOut), url_name="actors", summary="People and bodies")
def actors(request, filters: Query[ActorFilters], pages: Query[PageParams]):
    queryset = actors_queryset()
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.q:
        named = ActorAlias.objects.filter(name__icontains=filters.q).values("actor")
        queryset = queryset.filter(Q(name__icontains=filters.q) | Q(pk__in=named))
    return paginate(request, queryset, pages, lambda a: actor_dict(request, a))


@router.get("/actors/{slug:slug}", response=ActorOut, url_name="actor", summary="One actor")
def actor(request, slug: str):
    found = first_or_404(actors_queryset().filter(slug=slug), f"No actor {slug!r}.")
    return actor_dict(request, found)


class EventFilters(Schema):
    actor: Slug | None = Field(None, description="Only events this actor took part in.")
    start: datetime.date | None = Field(
        None, description="Only events on or after this day (YYYY-MM-DD)."
    )
    end: datetime.date | None = Field(None, description="Only events on or before this day.")
    precision: Precision | None = None


def events_queryset():
    return (
        Event.objects.annotate(
            mention_count=Count("mentions", filter=visible_mentions(), distinct=True)
        )
        .prefetch_related(Prefetch("actors", queryset=Actor.objects.order_by("name")))
        .order_by("date", "title")
    )


def event_dict(request, event) -> dict:
    return {
        "slug": event.slug,
        "title": event.title,
        "date": event.date,
        "precision": event.precision,
        "end_date": event.end_date,
        "display_date": event.display_date,
        "place": event.place,
        "description": event.description,
        "actors": [a.slug for a in event.actors.all()],
        "mention_count": event.mention_count,
        "url": request.build_absolute_uri(event.get_absolute_url()),
    }


@router.get(
    "/events", response=page_of(EventOut), url_name="events", summary="Events, in date order"
)
def events(request, filters: Query[EventFilters], pages: Query[PageParams]):
    if filters.start and filters.end and filters.end < filters.start:
        refuse("end must not be before start.")
    queryset = events_queryset()
    if filters.actor:
        queryset = queryset.filter(actors=known(Actor, filters.actor, "actor"))
    if filters.start:
        queryset = queryset.filter(Q(end_date__gte=filters.start) | Q(date__gte=filters.start))
    if filters.end:
        queryset = queryset.filter(date__lte=filters.end)
    if filters.precision:
        queryset = queryset.filter(precision=DatePrecision(filters.precision))
    return paginate(request, queryset, pages, lambda e: event_dict(request, e))


@router.get("/events/{slug:slug}", response=EventOut, url_name="event", summary="One event")
def event(request, slug: str):
    found = first_or_404(events_queryset().filter(slug=slug), f"No event {slug!r}.")
    return event_dict(request, found)
