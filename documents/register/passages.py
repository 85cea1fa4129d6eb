"""An actor's or an event's passages in pages (?page=N): the paragraphs and notes that mention
it, each once, in reading order (texts by title, then paragraphs, then notes), PASSAGES_PER_PAGE
a page, each quoted in the sentences that mention it. A page reads its own passages' mentions
and nothing else, so its size and its queries are the same with two texts as with a thousand;
the totals (passages and texts) are one count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils.safestring import SafeString

from documents.caching import memo
from documents.models import Document
from documents.reader import paging
from documents.reader.rendering import render_context, sentence_bounds

PASSAGES_PER_PAGE = 50

# Reading order: a text's title (ties by id), its paragraphs before its notes, by number.
ORDER = ("text_title", "text", "in_note", "number")


def in_reading_order(mentions):
    """The passages holding `mentions`: (paragraph id, note id) pairs, each once, in order."""
    return (
        mentions.annotate(
            text_title=Coalesce("paragraph__document__title", "footnote__document__title"),
            text=Coalesce("paragraph__document_id", "footnote__document_id"),
            in_note=Case(
                When(paragraph__isnull=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            number=Coalesce("paragraph__position", "footnote__number"),
        )
        .values_list(*ORDER, "paragraph_id", "footnote_id")
        .distinct()
        .order_by(*ORDER)
    )


def totals(mentions) -> dict[str, int]:
    """How many passages hold `mentions`, and in how many texts: one query."""
    counted = mentions.aggregate(
        paragraphs=Count("paragraph", distinct=True),
        notes=Count("footnote", distinct=True),
        texts=Count(Coalesce("paragraph__document_id", "footnote__document_id"), distinct=True),
    )
    return {"passages": counted["paragraphs"] + counted["notes"], "texts": counted["texts"]}


class Passages:
    """What the paginator pages: counted from `summary` (no query), sliced lazily (a page's
    passages are read, and their query even built, only when its body is rendered, not when
    it is kept). `mentions` makes the queryset of the mentions."""

    def __init__(self, mentions: Callable[[], QuerySet], summary: dict[str, int]):
        self.mentions = mentions
        self.summary = summary

    def count(self) -> int:
        return self.summary["passages"]

    def __getitem__(self, index: slice) -> Rows:
        return Rows(self.mentions, index)


class Rows:
    """A page's passages, read when first iterated."""

    def __init__(self, mentions: Callable[[], QuerySet], index: slice):
        self.mentions = mentions
        self.index = index
        self.rows = None

    def __iter__(self):
        if self.rows is None:
            self.rows = list(in_reading_order(self.mentions())[self.index])
        return iter(self.rows)

    def __len__(self) -> int:
        return len(list(iter(self)))


def kept_totals(name: str, mentions: Callable[[], QuerySet], staff: bool) -> dict[str, int]:
    """The totals, kept per collection version for the public (memo.py), live for staff."""
    if staff:
        return totals(mentions())
    return memo.per_version(f"passages.{name}", lambda: totals(mentions()))


class Canonical:
    """The page's address with nothing but ?page=N: the links kept in a page's body must not
    carry whatever else the visitor who first asked for it put in the address."""

    def __init__(self, request):
        self.path = request.path
        self.GET = QueryDict()


def page_and_nav(request, passages: Passages, label: str):
    """The page of passages asked for (or paging.NoSuchPage) and its navigation."""
    page = paging.page_of(request, passages, PASSAGES_PER_PAGE, "passages")
    return page, paging.page_nav(Canonical(request), page, label)


def on_page(mentions: QuerySet, page) -> tuple[list, dict]:
    """The mentions standing in the page's passages, and each passage's place on the page."""
    rows = list(page.object_list)
    places = {(row[-2], row[-1]): index for index, row in enumerate(rows)}
    paragraphs = [paragraph for paragraph, note in places if paragraph is not None]
    notes = [note for paragraph, note in places if note is not None]
    return list(
        mentions.filter(Q(paragraph_id__in=paragraphs) | Q(footnote_id__in=notes)).select_related(
            "paragraph__document", "footnote__document"
        )
    ), places


@dataclass
class Quotation:
    """A sentence of a paragraph or note that mentions the actor or event, mention marked."""

    document: Document
    in_note: bool
    number: int  # paragraph position or note number
    href: str
    html: SafeString


def quotations(mentions, places: dict) -> list[Quotation]:
    """Each mention's sentence, once per sentence (several mentions in one sentence are all
    marked), passage by passage in the order of their `places` on the page
    ({(paragraph id, note id): place}: passages.on_page)."""
    by_passage = defaultdict(list)
    for mention in mentions:
        by_passage[(mention.paragraph_id, mention.footnote_id)].append(mention)
    return [
        quotation
        for key in sorted(by_passage, key=places.__getitem__)
        for quotation in passage_quotations(by_passage[key])
    ]


def passage_quotations(group) -> list[Quotation]:
    """The sentences of one passage that its mentions (`group`) stand in, in order."""
    in_note = group[0].paragraph_id is None
    passage = group[0].footnote if in_note else group[0].paragraph
    document = passage.document
    number = passage.number if in_note else passage.position
    href = f"{document.get_absolute_url()}#{passage.anchor}"
    sentences = defaultdict(list)
    for mention in sorted(group, key=lambda item: item.start):
        if not (0 <= mention.start < mention.end <= len(passage.text)):
            continue  # a span that no longer fits the text (edited since): skip it
        key = sentence_bounds(passage.text, mention.start, mention.end)
        sentences[key].append((mention.start, mention.end))
    return [
        Quotation(document, in_note, number, href, render_context(passage.text, spans))
        for spans in sentences.values()
    ]
