"""The register of persons and bodies, and the timeline of events, each with every mention
quoted in its sentence. A fixed number of queries per page, whatever the size of the texts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.db.models.functions import Lower
from django.utils.safestring import SafeString
from django.views.generic import DetailView, ListView

from documents.models import Actor, Document, Event, Mention
from documents.reader.rendering import (
    render_context,
    sentence_bounds,
)
from documents.reader.views import VisibleDocumentsMixin
from documents.register.names import grouped_forms, name_filter
from documents.register.timeline import build_timeline

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


@dataclass
class Quotation:
    """A sentence of a paragraph or note that mentions the actor or event, mention marked."""

    document: Document
    in_note: bool
    number: int  # paragraph position or note number
    href: str
    html: SafeString


def quotations(mentions) -> list[Quotation]:
    """Each mention's sentence, once per sentence (several mentions in one sentence are all
    marked), in reading order: documents by title, paragraphs, then notes."""
    by_passage = defaultdict(list)
    for mention in mentions:
        passage = mention.paragraph or mention.footnote
        by_passage[(mention.paragraph_id is None, passage.pk)].append(mention)
    result = []
    for (in_note, _), group in by_passage.items():
        passage = group[0].paragraph or group[0].footnote
        document = passage.document
        number = passage.number if in_note else passage.position
        href = f"{document.get_absolute_url()}#{passage.anchor}"
        sentences = defaultdict(list)
        for mention in sorted(group, key=lambda item: item.start):
            if not (0 <= mention.start < mention.end <= len(passage.text)):
                continue  # a span that no longer fits the text (edited since): skip it
            key = sentence_bounds(passage.text, mention.start, mention.end)
            sentences[key].append((mention.start, mention.end))
        for spans in sentences.values():
            html = render_context(passage.text, spans)
            result.append(Quotation(document, in_note, number, href, html))
    result.sort(key=lambda q: (q.document.title, q.document.pk, q.in_note, q.number))
    return result


class MentionsInContextMixin(VisibleDocumentsMixin):
    def quoted_mentions(self, **filters) -> list[Quotation]:
        mentions = (
            Mention.objects.filter(**filters)
            .filter(self.visible_mention_filter())
            .select_related("paragraph__document", "footnote__document")
        )
        return quotations(mentions)


# -- the register of actors --------------------------------------------------------------


class ActorListView(VisibleDocumentsMixin, ListView):
    template_name = "documents/actor_list.html"
    context_object_name = "actors"

    def get_queryset(self):
        group_label = Case(
            *[When(kind=kind, then=Value(label)) for kind, label in ACTOR_GROUPS],
            default=Value("Others"),
        )
        group_order = Case(
            *[When(kind=kind, then=Value(index)) for index, (kind, _) in enumerate(ACTOR_GROUPS)],
            default=Value(len(ACTOR_GROUPS)),
            output_field=IntegerField(),
        )
        actors = Actor.objects.all()
        self.name = self.request.GET.get("name", "").strip()[:200]
        if self.name:  # ?name=김일성: the actors with that name in any form
            actors = actors.filter(pk__in=Actor.objects.filter(name_filter(self.name)).values("pk"))
        return (
            actors.annotate(
                group_label=group_label,
                group_order=group_order,
                mention_count=Count(
                    "mentions", filter=self.visible_mention_filter("mentions__"), distinct=True
                ),
            )
            .prefetch_related("aliases")
            .order_by("group_order", Lower("name"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["name"] = self.name
        return context


class ActorDetailView(MentionsInContextMixin, DetailView):
    template_name = "documents/actor_detail.html"
    context_object_name = "actor"

    def get_queryset(self):
        return Actor.objects.prefetch_related(
            "aliases",
            "name_forms",
            Prefetch("events", queryset=Event.objects.order_by("date", "title")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["name_groups"] = grouped_forms(self.object.name_forms.all())
        context["quotations"] = self.quoted_mentions(actor=self.object)
        context["document_count"] = len({q.document.pk for q in context["quotations"]})
        return context


# -- the timeline ----------------------------------------------------------------------------


def iso_date(event: Event) -> str:
    """The event's date for <time datetime>, as precise as it is known."""
    if event.precision == "year":
        return f"{event.date.year:04d}"
    if event.precision == "month":
        return f"{event.date.year:04d}-{event.date.month:02d}"
    return event.date.isoformat()


class EventListView(VisibleDocumentsMixin, ListView):
    template_name = "documents/event_list.html"
    context_object_name = "events"

    def get_queryset(self):
        return (
            Event.objects.annotate(
                passage_count=Count(
                    "mentions", filter=self.visible_mention_filter("mentions__"), distinct=True
                )
            )
            .prefetch_related(Prefetch("actors", queryset=Actor.objects.order_by("name")))
            .order_by("date", "title")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = context["events"]
        years = []
        for event in events:
            event.iso_date = iso_date(event)
            count = event.passage_count
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
        context["timeline"] = build_timeline(events) if events else None
        return context


class EventDetailView(MentionsInContextMixin, DetailView):
    template_name = "documents/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.prefetch_related(
            Prefetch("actors", queryset=Actor.objects.order_by("name"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        event.iso_date = iso_date(event)
        timeline = list(
            Event.objects.only(
                "slug", "title", "date", "precision", "end_date", "date_label"
            ).order_by("date", "title", "pk")
        )
        index = next(i for i, other in enumerate(timeline) if other.pk == event.pk)
        context.update(
            quotations=self.quoted_mentions(event=event),
            timeline=build_timeline(timeline, current_slug=event.slug),
            previous_event=timeline[index - 1] if index > 0 else None,
            next_event=timeline[index + 1] if index + 1 < len(timeline) else None,
        )
        return context
