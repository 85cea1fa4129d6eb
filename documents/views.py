"""Public pages: home, document list, the reader, the register of actors, the timeline.

Every page reads a fixed number of queries whatever the size of the texts: the querysets
prefetch what the templates show, and per-paragraph work (markers, mention links,
cross-references, quoted contexts) is done here in Python, once, not in templates.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.db.models.functions import Lower
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.views.generic import DetailView, ListView, TemplateView

from citations import exports

from .models import Actor, CrossReference, Document, Event, Mention, Paragraph
from .note_references import attach_reference_lines, reference_queryset
from .rendering import link_span, note_marker, render_context, render_passage, sentence_bounds
from .timeline import FIRST_YEAR, YearRangeError, build_timeline, parse_year_range

# The register's groups, in the order a reader looks for them: people first, then bodies.
ACTOR_GROUPS = [
    (Actor.Kind.PERSON, "Persons"),
    (Actor.Kind.STATE, "States"),
    (Actor.Kind.PARTY, "Parties"),
    (Actor.Kind.INSTITUTION, "Institutions and bodies"),
    (Actor.Kind.ORGANISATION, "International organisations"),
    (Actor.Kind.MILITARY, "Armed forces"),
]


class VisibleDocumentsMixin:
    """Drafts exist only for staff: the public gets a 404, never a hint."""

    def visible_documents(self):
        return Document.objects.visible_to(self.request.user)

    def visible_mention_filter(self, prefix: str = "") -> Q:
        """Mentions (reached through `prefix`) that stand in a document the user may see."""
        visible = self.visible_documents().values("pk")
        return Q(**{f"{prefix}paragraph__document__in": visible}) | Q(
            **{f"{prefix}footnote__document__in": visible}
        )


def short_label(document: Document) -> str:
    """How a margin note names the other text: “Shen Zhihua interview”, “Weathersby”."""
    if document.kind == Document.Kind.INTERVIEW and document.interviewee:
        return f"{document.interviewee} interview"
    if document.author_list:
        return document.author_list[0].split()[-1]
    return Truncator(document.title).words(6)


# -- the reader ---------------------------------------------------------------------------


def mention_links(mentions, urls: dict) -> list:
    """Link spans for the first mention of each actor or event in a passage: a link on
    every repeat would make the passage a thicket of links."""
    seen = set()
    spans = []
    for mention in mentions:
        if mention.actor_id:
            key, target, css = ("actor", mention.actor_id), mention.actor, "mention mention-actor"
        else:
            key, target, css = ("event", mention.event_id), mention.event, "mention mention-event"
        if key in seen:
            continue
        seen.add(key)
        if key not in urls:
            urls[key] = target.get_absolute_url()
        spans.append(link_span(mention.start, mention.end, urls[key], css))
    return spans


@dataclass
class MarginNote:
    """One cross-reference as shown beside its paragraph: “Compare: <text> ¶N — reason”."""

    relation: str
    label: str
    position: int
    href: str
    reason: str
    same_document: bool


# How a relation reads from the other end of the link (“A supports B”: B is supported by A).
INVERSE_RELATION = {
    CrossReference.Relation.SUPPORTS: "Supported by",
    CrossReference.Relation.ELABORATES: "Elaborated by",
}


def margin_notes(paragraph: Paragraph, document: Document) -> list[MarginNote]:
    """The paragraph's cross-references, both those it makes and those made to it (the
    prefetch has already left out any whose other end the user may not see)."""
    notes = []
    pairs = [(xref, xref.target, False) for xref in paragraph.xrefs_out.all()] + [
        (xref, xref.source, True) for xref in paragraph.xrefs_in.all()
    ]
    for xref, other, incoming in pairs:
        same = other.document_id == document.pk
        href = f"#{other.anchor}" if same else other.get_absolute_url()
        relation = xref.get_relation_display()
        if incoming:
            relation = INVERSE_RELATION.get(xref.relation, relation)
        notes.append(
            MarginNote(
                relation=relation,
                label="this text" if same else short_label(other.document),
                position=other.position,
                href=href,
                reason=xref.reason,
                same_document=same,
            )
        )
    notes.sort(key=lambda note: (note.same_document, note.label, note.position))
    return notes


def speaker_label(paragraph: Paragraph, document: Document) -> str:
    if paragraph.speaker == Paragraph.Speaker.HISTORIAN and document.interviewee:
        return document.interviewee
    return paragraph.get_speaker_display() if paragraph.speaker else ""


@lru_cache(maxsize=128)
def _formatted_styles(item_json: str, document: Document) -> list[dict]:
    return exports.cite_this(document, json.loads(item_json).get("URL", ""))


def cite_styles(document: Document, url: str) -> list[dict]:
    """“Cite this” (Chicago, MLA) for the reader's header: the CSL processor takes tens of
    milliseconds, so its output is kept, keyed on everything it reads (the document's CSL
    item), and an edited document is formatted afresh."""
    item = exports.document_item(document, url)
    return _formatted_styles(json.dumps(item, sort_keys=True), document)


class ReaderView(VisibleDocumentsMixin, DetailView):
    template_name = "documents/reader.html"
    context_object_name = "document"

    def get_queryset(self):
        # Each note's structured references, with what an Ibid. or a short form resolves to:
        # one more query for all the notes, whatever their number.
        citations = Prefetch(
            "footnotes__citations", queryset=reference_queryset(), to_attr="references"
        )
        return self.visible_documents().for_reader(self.request.user).prefetch_related(citations)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        urls = {}
        sections = {
            section.pk: {"section": section, "paragraphs": []}
            for section in document.sections.all()
        }
        paragraphs = list(document.paragraphs.all())
        for paragraph in paragraphs:
            markers = [
                (ref.offset, note_marker(ref.footnote.number, ref.anchor))
                for ref in paragraph.note_refs.all()
            ]
            paragraph.html = render_passage(
                paragraph.text, markers, mention_links(paragraph.mentions.all(), urls)
            )
            paragraph.margin_notes = margin_notes(paragraph, document)
            paragraph.speaker_label = speaker_label(paragraph, document)
            sections[paragraph.section_id]["paragraphs"].append(paragraph)
        for item in sections.values():
            if item["paragraphs"]:
                item["first"] = item["paragraphs"][0].position
                item["last"] = item["paragraphs"][-1].position
        notes = list(document.footnotes.all())
        for note in notes:
            note.html = render_passage(note.text, links=mention_links(note.mentions.all(), urls))
        attach_reference_lines(notes)
        context.update(
            sections=[item for item in sections.values() if item["paragraphs"]],
            notes=notes,
            paragraph_count=len(paragraphs),
            questions=[
                (paragraph, Truncator(paragraph.text).words(14))
                for paragraph in paragraphs
                if paragraph.speaker == Paragraph.Speaker.INTERVIEWER
            ],
            cite_styles=cite_styles(
                document, self.request.build_absolute_uri(document.get_absolute_url())
            ),
        )
        return context


# -- home and the list of documents ---------------------------------------------------------


class HomeView(VisibleDocumentsMixin, TemplateView):
    template_name = "documents/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = self.visible_documents().with_counts().order_by("kind", "title")
        context["actor_count"] = Actor.objects.count()
        context["event_count"] = Event.objects.count()
        return context


class DocumentListView(VisibleDocumentsMixin, ListView):
    template_name = "documents/document_list.html"
    context_object_name = "documents"

    def get_queryset(self):
        return self.visible_documents().with_counts().order_by("kind", "title")


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
        return (
            Actor.objects.annotate(
                group_label=group_label,
                group_order=group_order,
                mention_count=Count(
                    "mentions", filter=self.visible_mention_filter("mentions__"), distinct=True
                ),
            )
            .prefetch_related("aliases")
            .order_by("group_order", Lower("name"))
        )


class ActorDetailView(MentionsInContextMixin, DetailView):
    template_name = "documents/actor_detail.html"
    context_object_name = "actor"

    def get_queryset(self):
        return Actor.objects.prefetch_related(
            "aliases", Prefetch("events", queryset=Event.objects.order_by("date", "title"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
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


def as_digits(value: str | None) -> str:
    value = (value or "").strip()
    return value if value.isascii() and value.isdigit() and len(value) <= 4 else ""


class EventListView(VisibleDocumentsMixin, ListView):
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

    def get_queryset(self):
        return self.in_range(
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
        span = None if "range_error" in context else self.years(events)
        given = self.request.GET
        context.update(
            # shown back in the form's number fields only when they are numbers
            chosen_from=as_digits(given.get("from") or given.get("start")),
            chosen_to=as_digits(given.get("to") or given.get("end")),
            year_range=span,
        )
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
        context["timeline"] = build_timeline(events, years=span) if events else None
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
