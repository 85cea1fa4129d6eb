"""The register of persons and bodies, and the timeline of events, each with every mention
quoted in its sentence. A fixed number of queries per page, whatever the size of the texts."""

from __future__ import annotations

import datetime

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.db.models.functions import Lower
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.text import Truncator
from django.views.generic import DetailView, ListView

from documents.dates import PartialDate
from documents.models import (
    Actor,
    Event,
    Footnote,
    FootnoteRef,
    Mention,
)
from documents.reader import extensions, paging
from documents.reader.views import VisibleToUserMixin
from documents.register import passages
from documents.register.counts import mention_counts
from documents.register.kept import (
    ACTOR_TEMPLATE,
    EVENT_TEMPLATE,
    REGISTER_TEMPLATE,
    TIMELINE_TEMPLATE,
    KeptBodyMixin,
    KeptListMixin,
    is_staff,
    stored_fragment,
)
from documents.register.names import grouped_forms, name_filter
from documents.register.timeline import (
    FIRST_YEAR,
    YearRangeError,
    build_timeline,
    parse_year_range,
)

# The register's groups, in the order a reader looks for them: people first, then bodies.
ACTOR_GROUPS = [
    (Actor.Kind.PERSON, "Persons"),
    (Actor.Kind.STATE, "States"),
    (Actor.Kind.PARTY, "Parties"),
    (Actor.Kind.INSTITUTION, "Institutions and bodies"),
    (Actor.Kind.ORGANISATION, "International organisations"),
    (Actor.Kind.MILITARY, "Armed forces"),
]


# -- mentions quoted in context (register and timeline) ---------------------------------------


class MentionsInContextMixin(VisibleToUserMixin):
    """A detail page whose object's passages come in pages (passages.py): ?page=N, a 404 that
    says which pages there are, the totals and the page's navigation in the context, and
    the page's number in the name its body is kept under (kept.py)."""

    nav_label = "Pages of the passages"

    def visible_actors(self):
        return Actor.objects.visible_to(self.request.user).order_by("name")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except paging.NoSuchPage as missing:
            return paging.no_such_page(request, missing)

    def mentions_of(self, obj):
        return self.visible(Mention).filter(**{obj._meta.model_name: obj})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object

        def mentions():
            return self.mentions_of(obj)

        name = f"{obj._meta.model_name}.{obj.pk}"
        summary = passages.kept_totals(name, mentions, is_staff(self.request.user))
        page, nav = passages.page_and_nav(
            self.request, passages.Passages(mentions, summary), self.nav_label
        )
        context.update(
            passage_page=page, page_nav=nav, passage_totals=summary, kept_part=f"page.{page.number}"
        )
        return context

    def quoted_on_page(self, obj, context) -> tuple[list[passages.Quotation], dict]:
        """The quotations of the page's passages, and the passages' places on the page."""
        found, places = passages.on_page(self.mentions_of(obj), context["passage_page"])
        return passages.quotations(found, places), places


# -- the register of actors --------------------------------------------------------------


class ActorListView(KeptListMixin, VisibleToUserMixin, ListView):
    """The register; `?name=…` keeps the actors with that name in any form. The public's
    whole register is kept rendered (KeptListMixin)."""

    template_name = "documents/actor_list.html"
    context_object_name = "actors"
    model = Actor
    kept_name, kept_template, kept_as = "register", REGISTER_TEMPLATE, "stored_register"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.name = request.GET.get("name", "").strip()[:200]

    def kept(self) -> bool:
        return not self.name and super().kept()

    def listed(self):
        group_label = Case(
            *[When(kind=kind, then=Value(label)) for kind, label in ACTOR_GROUPS],
            default=Value("Others"),
        )
        group_order = Case(
            *[When(kind=kind, then=Value(index)) for index, (kind, _) in enumerate(ACTOR_GROUPS)],
            default=Value(len(ACTOR_GROUPS)),
            output_field=IntegerField(),
        )
        actors = Actor.objects.visible_to(self.request.user)
        if self.name:  # ?name=김일성: the actors with that name in any form
            actors = actors.filter(pk__in=Actor.objects.filter(name_filter(self.name)).values("pk"))
        return (
            actors.annotate(group_label=group_label, group_order=group_order)
            .prefetch_related("aliases")
            .order_by("group_order", Lower("name"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["name"] = self.name
        return context

    def fill(self, context) -> dict:
        """Each actor's number of mentions (counted over the corpus, kept per version)."""
        counts = mention_counts(self.request.user)["actor"]
        for actor in context["actors"]:
            actor.mention_count = counts.get(actor.pk, 0)
        return context


class ActorDetailView(KeptBodyMixin, MentionsInContextMixin, DetailView):
    """An actor's page (its body kept for the public: KeptBodyMixin)."""

    template_name = "documents/actor_detail.html"
    body_template = ACTOR_TEMPLATE
    context_object_name = "actor"

    def full_queryset(self):
        events = Event.objects.visible_to(self.request.user).order_by("date", "title")
        return Actor.objects.visible_to(self.request.user).prefetch_related(
            "aliases", "name_forms", Prefetch("events", queryset=events)
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An address the actor had before (renamed, or merged into another): 301 there.
            actor = Actor.by_past_slug(kwargs["slug"])
            if actor is None:
                raise
            return HttpResponsePermanentRedirect(actor.get_absolute_url())

    def fill(self, context, actor=None) -> dict:
        actor = actor or self.object
        context.update(actor=actor, object=actor)
        context["name_groups"] = grouped_forms(actor.name_forms.all())
        context["quotations"], _ = self.quoted_on_page(actor, context)
        return context


# -- the timeline ----------------------------------------------------------------------------


def iso_date(event: Event) -> str:
    """The event's (first) date for <time datetime>, as precise as it is known."""
    return PartialDate.at(event.date, event.precision).iso


def as_digits(value: str | None) -> str:
    value = (value or "").strip()
    return value if value.isascii() and value.isdigit() and len(value) <= 4 else ""


class EventListView(VisibleToUserMixin, ListView):
    """The timeline; `?from=1951&to=1953` keeps the events that fall in (or span into)
    those years, in the picture and the list. A range that cannot be used is a 400 with a
    message saying why."""

    template_name = "documents/event_list.html"
    context_object_name = "events"

    def get(self, request, *args, **kwargs):
        try:
            self.first_year, self.last_year = parse_year_range(request.GET)
        except YearRangeError as error:
            self.object_list = Event.objects.none()
            context = self.get_context_data(range_error=str(error))
            return self.render_to_response(context, status=400)
        return super().get(request, *args, **kwargs)

    def in_range(self, events):
        if self.first_year is not None:
            start = datetime.date(self.first_year, 1, 1)
            events = events.filter(Q(date__gte=start) | Q(end_date__gte=start))
        if self.last_year is not None and self.last_year < 9999:
            events = events.filter(date__lt=datetime.date(self.last_year + 1, 1, 1))
        return events

    def years(self, events) -> tuple[int, int] | None:
        """The range the picture spans: the years asked for, an open end filled from the
        events (and today)."""
        if self.first_year is None and self.last_year is None:
            return None
        if not events:  # nothing to draw: the range as asked, for the message
            today = datetime.date.today().year
            return self.first_year or FIRST_YEAR, self.last_year or today
        earliest = min([event.date.year for event in events] + [FIRST_YEAR])
        latest = max([event.date.year for event in events] + [datetime.date.today().year])
        # a range wider than the events (from=1&to=9999) is drawn over the events' years
        first = earliest if self.first_year is None else max(self.first_year, earliest)
        last = latest if self.last_year is None else min(self.last_year, latest)
        return first, max(first, last)

    def visible_actors(self):
        return Actor.objects.visible_to(self.request.user).order_by("name")

    def kept(self) -> bool:
        """The public's whole timeline: kept per collection version (stored_fragment), so
        its query is built only when the timeline is drawn again."""
        every_year = self.first_year is None and self.last_year is None
        return every_year and not is_staff(self.request.user)

    def get_queryset(self):
        if self.kept():  # (building the query: a fifth of the request, for nothing)
            return Event.objects.none()
        return self.timeline()

    def timeline(self):
        return self.in_range(
            Event.objects.visible_to(self.request.user)
            .prefetch_related(Prefetch("actors", queryset=self.visible_actors()))
            .order_by("date", "title")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = context["events"]
        span = None if "range_error" in context or self.kept() else self.years(events)
        given = self.request.GET
        context.update(
            # shown back in the form's number fields only when they are numbers
            chosen_from=as_digits(given.get("from") or given.get("start")),
            chosen_to=as_digits(given.get("to") or given.get("end")),
            year_range=span,
        )
        everything = "range_error" not in context and span is None
        if everything and not is_staff(self.request.user):
            # the public's whole timeline: the same for every visitor until a change
            context["stored_timeline"] = stored_fragment(
                "timeline", TIMELINE_TEMPLATE, lambda: self.draw(context, self.timeline(), span)
            )
            return context
        return self.draw(context, events, span)

    def draw(self, context, events, span) -> dict:
        """The list by year and the picture, into `context`."""
        years = []
        counts = mention_counts(self.request.user)["event"]
        for event in events:
            event.iso_date = iso_date(event)
            count = event.passage_count = counts.get(event.pk, 0)
            event.summary = " · ".join(
                part
                for part in (
                    event.place,
                    ", ".join(actor.name for actor in event.actors.all()),
                    f"{count} passage{'s' if count != 1 else ''}" if count else "",
                )
                if part
            )
            if not years or years[-1]["year"] != event.date.year:
                previous = years[-1]["year"] if years else None
                years.append(
                    {
                        "year": event.date.year,
                        "events": [],
                        "gap": event.date.year - previous if previous else 0,
                    }
                )
            years[-1]["events"].append(event)
        context["years"] = years
        context["timeline"] = build_timeline(events, years=span) if events else None
        return context


def note_excerpt(text: str) -> str:
    return Truncator(text).words(30)


class EventDetailView(KeptBodyMixin, MentionsInContextMixin, DetailView):
    """An event's page (its body kept for the public: KeptBodyMixin)."""

    template_name = "documents/event_detail.html"
    body_template = EVENT_TEMPLATE
    context_object_name = "event"

    def full_queryset(self):
        return Event.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("actors", queryset=self.visible_actors())
        )

    def evidence_notes(self, places) -> list[Footnote]:
        """The notes behind the passages on the page (`places`: passages.on_page): those
        marked in one of its paragraphs, and its notes themselves; by document, then number.
        The extensions' prefetches come with them (what each note cites)."""
        paragraphs = [paragraph for paragraph, note in places if paragraph is not None]
        in_notes = [note for paragraph, note in places if note is not None]
        prefetches = [p for ext in extensions.registered() for p in ext.note_prefetches()]
        notes = list(
            Footnote.objects.filter(Q(refs__paragraph__in=paragraphs) | Q(pk__in=in_notes))
            .distinct()
            .select_related("document")
            .prefetch_related(
                Prefetch(
                    "refs",
                    queryset=FootnoteRef.objects.filter(paragraph__in=paragraphs)
                    .select_related("paragraph")
                    .order_by("paragraph__position"),
                    to_attr="event_refs",
                ),
                *prefetches,
            )
            .order_by("document__title", "number")
        )
        for note in notes:
            note.excerpt = note_excerpt(note.text)
            note.passages = sorted({ref.paragraph.position for ref in note.event_refs})
        return notes

    def fill(self, context, event=None) -> dict:
        event = event or self.object
        context.update(event=event, object=event)
        event.iso_date = iso_date(event)
        timeline = list(
            Event.objects.visible_to(self.request.user)
            .only("slug", "title", "date", "precision", "end_date", "date_label")
            .order_by("date", "title", "pk")
        )
        index = next(i for i, other in enumerate(timeline) if other.pk == event.pk)
        quoted, places = self.quoted_on_page(event, context)
        evidence = self.evidence_notes(places)
        marks = {}
        for extension in extensions.registered():
            context.update(extension.notes_context(evidence))
            for note in evidence:
                mark = extension.note_marks([note]).get(note.number)
                if mark is not None:
                    marks[note.pk] = mark
        for note in evidence:
            note.mark = marks.get(note.pk)
        context.update(
            evidence_notes=evidence,
            extension_templates=extensions.templates(),
            quotations=quoted,
            timeline=build_timeline(timeline, current_slug=event.slug),
            previous_event=timeline[index - 1] if index > 0 else None,
            next_event=timeline[index + 1] if index + 1 < len(timeline) else None,
        )
        return context
