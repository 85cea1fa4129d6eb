"""What the texts speak of: the people and bodies (/actors) and the events (/events), each with
the number of its mentions in published texts (a draft's mentions are not counted). The counts
are the register's, kept per collection version (register/counts.py): counting an actor's
mentions over the corpus for each answer took 2.4 s for a page of actors at 1,000 documents."""

from __future__ import annotations

import datetime
from typing import Literal

from django.db.models import Prefetch, Q
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from documents.api.output import Out
from documents.api.pagination import PageParams, page_of, paginate
from documents.api.parameters import (
    Period,
    Slug,
    Text,
    first_day,
    first_or_404,
    known,
    last_day,
    not_found,
    refuse,
)
from documents.models import Actor, ActorAlias, DatePrecision, Event
from documents.register.counts import mention_counts
from documents.register.kept import public_rows
from documents.register.names import name_filter

router = Router()

ActorKind = Literal["person", "state", "party", "institution", "organisation", "military"]
Precision = Literal["day", "month", "year"]


class AliasOut(Out):
    name: str
    note: str


class NameFormOut(Out):
    text: str
    language: str = Field(description="BCP 47 tag: en, ko-Hang, ko-Hani, ko-Latn, zh-Hans, ru …")
    script: str = Field(description="ISO 15924 script: Latn, Hang, Hani, Cyrl.")
    system: str = Field(
        description="Romanization of a Latin form: mr, rr, pinyin, wade-giles, ru-bgn, "
        "ru-scholarly, conventional; empty for an original-script form."
    )
    family: str
    given: str
    preferred: bool = Field(description="The form the register displays.")
    generated: bool = Field(description="Derived by a rule from an original-script form.")
    basis: str


class ActorOut(Out):
    slug: str
    name: str
    kind: ActorKind
    dates: str
    description: str
    wikidata: str = Field(description="Wikidata item (Q…), where an editor checked it.")
    viaf: str = Field(description="VIAF cluster number, where an editor checked it.")
    aliases: list[AliasOut] = Field(description="Spellings as printed in the texts.")
    name_forms: list[NameFormOut] = Field(description="The names in any script and system.")
    mention_count: int = Field(description="Mentions in published texts.")
    url: str


class EventOut(Out):
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


def public_count(kind: str, pk: int) -> int:
    """The API is public: it counts mentions in published documents only, whoever asks."""
    return mention_counts(None)[kind].get(pk, 0)


class ActorFilters(Schema):
    kind: ActorKind | None = None
    q: Text | None = Field(None, description="Part of the name or of another name (any script).")


def actors_queryset():
    return (
        public_rows(Actor)
        .prefetch_related(
            Prefetch("aliases", queryset=ActorAlias.objects.order_by("name")), "name_forms"
        )
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
        "name_forms": [
            {
                "text": form.text,
                "language": form.language,
                "script": form.script,
                "system": form.system,
                "family": form.family,
                "given": form.given,
                "preferred": form.preferred,
                "generated": form.generated,
                "basis": form.basis,
            }
            for form in actor.name_forms.all()
        ],
        "mention_count": public_count("actor", actor.pk),
        "url": request.build_absolute_uri(actor.get_absolute_url()),
    }


@router.get("/actors", response=page_of(ActorOut), url_name="actors", summary="People and bodies")
def actors(request, filters: Query[ActorFilters], pages: Query[PageParams]):
    queryset = actors_queryset()
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.q:
        queryset = queryset.filter(pk__in=Actor.objects.filter(name_filter(filters.q)).values("pk"))
    return paginate(request, queryset, pages, lambda a: actor_dict(request, a))


@router.get(
    "/actors/{slug:slug}",
    response={200: ActorOut, 301: None},
    url_name="actor",
    summary="One actor",
    description="An address the actor had before (its slug was changed, or it was merged into "
    "another actor) answers 301 Moved Permanently, with Location naming the actor now.",
)
def actor(request, slug: str):
    found = actors_queryset().filter(slug=slug).first()
    if found is None:
        moved = Actor.by_past_slug(slug)
        if moved is not None:
            return HttpResponsePermanentRedirect(reverse("api:actor", kwargs={"slug": moved.slug}))
        not_found(f"No actor {slug!r}.")
    return actor_dict(request, found)


class EventFilters(Schema):
    actor: Slug | None = Field(None, description="Only events this actor took part in.")
    start: Period | None = Field(
        None,
        description="Only events on or after this year, month or day (`1950`, `1950-06`, "
        "`1950-06-25`): from its first day.",
    )
    end: Period | None = Field(
        None,
        description="Only events on or before this year, month or day: to its last day. Not "
        "before start (a reversed range is refused with 400, as the timeline refuses it).",
    )
    precision: Precision | None = None


def events_queryset():
    return (
        public_rows(Event)
        .prefetch_related(Prefetch("actors", queryset=public_rows(Actor).order_by("name")))
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
        "mention_count": public_count("event", event.pk),
        "url": request.build_absolute_uri(event.get_absolute_url()),
    }


@router.get(
    "/events", response=page_of(EventOut), url_name="events", summary="Events, in date order"
)
def events(request, filters: Query[EventFilters], pages: Query[PageParams]):
    start = first_day(filters.start) if filters.start else None
    end = last_day(filters.end) if filters.end else None
    if start and end and end < start:
        refuse("end must not be before start.")
    queryset = events_queryset()
    if filters.actor:
        queryset = queryset.filter(actors=known(public_rows(Actor), filters.actor, "actor"))
    if start:
        queryset = queryset.filter(Q(end_date__gte=start) | Q(date__gte=start))
    if end:
        queryset = queryset.filter(date__lte=end)
    if filters.precision:
        queryset = queryset.filter(precision=DatePrecision(filters.precision))
    return paginate(request, queryset, pages, lambda e: event_dict(request, e))


@router.get("/events/{slug:slug}", response=EventOut, url_name="event", summary="One event")
def event(request, slug: str):
    found = first_or_404(events_queryset().filter(slug=slug), f"No event {slug!r}.")
    return event_dict(request, found)
