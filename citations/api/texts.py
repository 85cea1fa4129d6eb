"""The published texts and what they are made of: /documents, /documents/{slug}, its paragraphs
(with their note anchors and mentions) and its notes (with their references as data, in the
shape citations.py gives them)."""

from __future__ import annotations

from functools import cache
from typing import Literal

from django.db.models import Prefetch, Q
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from citations.api.citations import CitationKind, CitationOut, citation_dict, citations_queryset
from citations.models import Archive
from documents.addresses import AbsoluteSlugUrls
from documents.api.output import Out
from documents.api.pagination import (
    MAX_PAGE,
    Compiled,
    KeptPages,
    PageParams,
    page_of,
    paginate,
)
from documents.api.parameters import Slug, first_or_404, known
from documents.models import Actor, Document, Event, Footnote, FootnoteRef, Mention, Paragraph
from documents.register.kept import public_rows

router = Router()

DocumentKind = Literal["article", "interview", "primary"]
ParagraphKind = Literal["body", "question", "answer", "quotation"]


class SectionOut(Out):
    position: int
    title: str
    anchor: str


class DocumentOut(Out):
    slug: str
    title: str
    kind: DocumentKind
    authors: list[str]
    affiliation: str
    interviewee: str
    publication: str = Field(description="Empty when the text does not say.")
    publication_date: str = Field(description="As precisely as known; empty when unknown.")
    language: str
    abstract: str
    keywords: list[str]
    paragraph_count: int
    note_count: int
    url: str = Field(description="The reader page.")
    tei_url: str
    csl_json_url: str


class DocumentDetailOut(DocumentOut):
    editorial_note: str
    sections: list[SectionOut]


class MentionOut(Out):
    start: int
    end: int
    surface: str
    actor: str | None = Field(description="Actor slug, for a mention of an actor.")
    event: str | None = Field(description="Event slug, for a mention of an event.")


class AnchorOut(Out):
    note: int
    offset: int


class ParagraphOut(Out):
    document: str
    position: int
    anchor: str
    section: int
    kind: ParagraphKind
    speaker: Literal["", "interviewer", "historian"]
    text: str = Field(description="The exact wording; note markers are in `notes`.")
    notes: list[AnchorOut]
    mentions: list[MentionOut]
    url: str


class NoteOut(Out):
    document: str
    number: int
    anchor: str
    text: str = Field(description="The exact wording of the note.")
    anchors: list[int] = Field(description="Paragraph numbers where the note is anchored.")
    citations: list[CitationOut]
    mentions: list[MentionOut]
    url: str
    csl_json_url: str


# What document_dict reads of a document (with the counts of with_counts()).
LISTED_FIELDS = ("slug", "title", "kind", "authors", "affiliation", "interviewee", "publication")
LISTED_FIELDS += ("publication_date", "language", "abstract", "keywords")


DOCUMENT_ROUTES = ("documents:reader", "citations:tei", "citations:cite-json")


def document_dict(request, document, urls: AbsoluteSlugUrls | None = None) -> dict:
    """A document as the API shows it; `urls` (for the request, the DOCUMENT_ROUTES) is
    shared by the items of a list."""
    urls = urls or AbsoluteSlugUrls(request, *DOCUMENT_ROUTES)
    slug = document.slug
    return {
        "slug": slug,
        "title": document.title,
        "kind": document.kind,
        "authors": document.author_list,
        "affiliation": document.affiliation,
        "interviewee": document.interviewee,
        "publication": document.publication,
        "publication_date": document.publication_date,
        "language": document.language,
        "abstract": document.abstract,
        "keywords": document.keywords,
        "paragraph_count": document.paragraph_count,
        "note_count": document.note_count,
        "url": urls("documents:reader", slug),
        "tei_url": urls("citations:tei", slug),
        "csl_json_url": urls("citations:cite-json", slug),
    }


def mention_dict(mention) -> dict:
    return {
        "start": mention.start,
        "end": mention.end,
        "surface": mention.surface,
        "actor": mention.actor.slug if mention.actor_id else None,
        "event": mention.event.slug if mention.event_id else None,
    }


def mentions_queryset():
    return Mention.objects.select_related("actor", "event").order_by("start", "end")


def get_published_document(slug: str, queryset=None):
    """The published document `slug` (from `queryset`, for one with more fetched), or 404."""
    queryset = Document.objects.published() if queryset is None else queryset
    return first_or_404(queryset.filter(slug=slug), f"No published document {slug!r}.")


class DocumentFilters(Schema):
    kind: DocumentKind | None = Field(None, description="Only documents of this kind.")


@router.get(
    "/documents", response=page_of(DocumentOut), url_name="documents", summary="Published documents"
)
def documents(request, filters: Query[DocumentFilters], pages: Query[PageParams]):
    urls = AbsoluteSlugUrls(request, *DOCUMENT_ROUTES)
    listed = KeptPages(f"api.documents.{filters.kind or ''}", listed_documents(filters.kind))
    return paginate(request, listed, pages, lambda d: document_dict(request, d, urls))


@cache
def listed_documents(kind: str | None) -> Compiled:
    """The published documents (of `kind`), in the same order as /documents/ (the pk keeps
    texts of the same title on their page), reading only what the list shows: not the texts
    themselves, which the database would otherwise sort with each row, nor the dates and keys
    of the curation history. Its SQL is written once per kind (Compiled)."""
    queryset = (
        Document.objects.published()
        .with_counts()
        .only(*LISTED_FIELDS)
        .order_by("kind", "title", "pk")
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    return Compiled(queryset)


@router.get(
    "/documents/{slug:slug}",
    response=DocumentDetailOut,
    url_name="document",
    summary="One document",
)
def document(request, slug: str):
    found = get_published_document(
        slug, Document.objects.published().with_counts().prefetch_related("sections")
    )
    data = document_dict(request, found)
    data["editorial_note"] = found.editorial_note
    data["sections"] = [
        {"position": s.position, "title": s.title, "anchor": s.anchor}
        for s in sorted(found.sections.all(), key=lambda s: s.position)
    ]
    return data


class ParagraphFilters(Schema):
    section: int | None = Field(None, ge=1, le=MAX_PAGE, description="Section number.")
    kind: ParagraphKind | None = None
    speaker: Literal["interviewer", "historian"] | None = None
    actor: Slug | None = Field(None, description="Only paragraphs that mention this actor.")
    event: Slug | None = Field(None, description="Only paragraphs that mention this event.")


@router.get(
    "/documents/{slug:slug}/paragraphs",
    response=page_of(ParagraphOut),
    url_name="paragraphs",
    summary="A document's paragraphs, in reading order",
)
def paragraphs(request, slug: str, filters: Query[ParagraphFilters], pages: Query[PageParams]):
    document = get_published_document(slug)
    queryset = Paragraph.objects.filter(document=document).select_related("section")
    if filters.section:
        queryset = queryset.filter(section__position=filters.section)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.speaker:
        queryset = queryset.filter(speaker=filters.speaker)
    if filters.actor:
        queryset = queryset.filter(
            mentions__actor=known(public_rows(Actor), filters.actor, "actor")
        ).distinct()
    if filters.event:
        queryset = queryset.filter(
            mentions__event=known(public_rows(Event), filters.event, "event")
        ).distinct()
    queryset = queryset.order_by("position").prefetch_related(
        Prefetch(
            "note_refs", queryset=FootnoteRef.objects.select_related("footnote").order_by("offset")
        ),
        Prefetch("mentions", queryset=mentions_queryset()),
    )
    reader = request.build_absolute_uri(document.get_absolute_url())

    def build(paragraph):
        return {
            "document": slug,
            "position": paragraph.position,
            "anchor": paragraph.anchor,
            "section": paragraph.section.position,
            "kind": paragraph.kind,
            "speaker": paragraph.speaker,
            "text": paragraph.text,
            "notes": [
                {"note": r.footnote.number, "offset": r.offset} for r in paragraph.note_refs.all()
            ],
            "mentions": [mention_dict(m) for m in paragraph.mentions.all()],
            "url": f"{reader}#{paragraph.anchor}",
        }

    return paginate(request, queryset, pages, build)


class NoteFilters(Schema):
    kind: CitationKind | None = Field(
        None, description="Only notes holding a reference of this kind."
    )
    archive: Slug | None = Field(None, description="Only notes citing this archive (slug).")


def notes_queryset(document):
    return (
        Footnote.objects.filter(document=document)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "refs", queryset=FootnoteRef.objects.select_related("paragraph").order_by("ordinal")
            ),
            Prefetch("mentions", queryset=mentions_queryset()),
            Prefetch("citations", queryset=citations_queryset().order_by("position")),
        )
    )


def note_builder(request, document):
    def build(note):
        note.document = document  # (citations read it: already fetched)
        return {
            "document": document.slug,
            "number": note.number,
            "anchor": note.anchor,
            "text": note.text,
            "anchors": [ref.paragraph.position for ref in note.refs.all()],
            "citations": [citation_dict(request, c) for c in note.citations.all()],
            "mentions": [mention_dict(m) for m in note.mentions.all()],
            "url": request.build_absolute_uri(note.get_absolute_url()),
            "csl_json_url": request.build_absolute_uri(
                reverse(
                    "citations:note-cite-json",
                    kwargs={"slug": document.slug, "number": note.number},
                )
            ),
        }

    return build


@router.get(
    "/documents/{slug:slug}/notes",
    response=page_of(NoteOut),
    url_name="notes",
    summary="A document's notes, with their references as data",
)
def notes(request, slug: str, filters: Query[NoteFilters], pages: Query[PageParams]):
    document = get_published_document(slug)
    queryset = notes_queryset(document)
    if filters.kind:
        queryset = queryset.filter(citations__kind=filters.kind).distinct()
    if filters.archive:
        archive = known(Archive, filters.archive, "archive")
        queryset = queryset.filter(
            Q(citations__archival_file__archive=archive)
            | Q(citations__ibid_of__archival_file__archive=archive)
        ).distinct()
    return paginate(request, queryset, pages, note_builder(request, document))


@router.get(
    "/documents/{slug:slug}/notes/{int:number}",
    response=NoteOut,
    url_name="note",
    summary="One note",
)
def note(request, slug: str, number: int):
    document = get_published_document(slug)
    found = first_or_404(
        notes_queryset(document).filter(number=number), f"{document.title} has no note {number}."
    )
    return note_builder(request, document)(found)
