"""The read-only JSON API at /api/: documents, paragraphs, notes, citations, actors, events and
archives, with an OpenAPI description (/api/openapi.json) and a plain HTML page describing it
(/api/docs: no JavaScript, nothing from another host).

Built on django-ninja: parameters are typed, so anything malformed (page=abc, page_size=10**9,
kind=nonsense, a date that is not one) is refused with 400 and a message naming the parameter,
before any query runs; so is a parameter the endpoint does not take (a misspelt filter, which
would otherwise be ignored and return everything), and a filter naming something that does not
exist (actor=nobody). An address under /api/ that no endpoint has (/api/documents/a%20b/) is a
404 in JSON too. Only published documents, and what is reached through them, are shown.

Lists are paginated (page, page_size ≤ 100) and each endpoint reads a fixed number of queries
whatever the size of the collection: the count, one page, and one query per related list.
"""

from __future__ import annotations

import datetime
from functools import wraps
from math import ceil
from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import re_path, reverse
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import DocsBase
from ninja.params.models import Query as QueryParameter
from ninja.renderers import JSONRenderer
from pydantic import AfterValidator, BaseModel, create_model

from citations import exports
from citations.models import ArchivalFile, Archive, Citation, Source
from documents.models import (
    Actor,
    ActorAlias,
    DatePrecision,
    Document,
    Event,
    Footnote,
    FootnoteRef,
    Mention,
    Paragraph,
)

MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def printable(value: str) -> str:
    if not value.isprintable():
        raise ValueError("must not hold control characters")
    return value


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=150)]
Text = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(printable)]


class PlainDocs(DocsBase):
    """The API described on an ordinary page, built on the server from the OpenAPI schema."""

    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        operations = []
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                parameters = [
                    {
                        "name": p["name"],
                        "where": p["in"],
                        "required": p.get("required", False),
                        "type": _describe_type(p.get("schema", {}), schema),
                        "description": p.get("description")
                        or p.get("schema", {}).get("description", ""),
                    }
                    for p in operation.get("parameters", [])
                ]
                operations.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary", ""),
                        "description": operation.get("description", ""),
                        "parameters": parameters,
                    }
                )
        context = {
            "title": schema["info"]["title"],
            "description": schema["info"].get("description", ""),
            "version": schema["info"]["version"],
            "operations": operations,
            "openapi_url": self.get_openapi_url(api, kwargs),
        }
        return render(request, "citations/api_docs.html", context)


def _describe_type(node: dict, schema: dict) -> str:
    """A short human description of a parameter's JSON schema: 'integer (1–100)', 'one of …'."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema.get("components", {}).get("schemas", {}).get(name, node)
    if "anyOf" in node:
        kinds = [_describe_type(n, schema) for n in node["anyOf"] if n.get("type") != "null"]
        return " or ".join(kinds)
    if "enum" in node:
        return "one of " + ", ".join(str(v) for v in node["enum"])
    kind = node.get("format") or node.get("type", "")
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None or high is not None:
        kind += f" ({low if low is not None else ''}–{high if high is not None else ''})"
    if node.get("maxLength"):
        kind += f", at most {node['maxLength']} characters"
    return kind


class Utf8JSON(JSONRenderer):
    """Names in Cyrillic stay readable (АВПРФ, not \\u0410…); the body is UTF-8."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Korea archive reader API",
    version="1",
    description=(
        "Read-only access to the published texts, their paragraphs and notes, the structured "
        "references in the notes, the people, bodies and events they speak of, and the "
        "archives they cite. Lists are paginated with `page` and `page_size` (at most "
        f"{MAX_PAGE_SIZE}); malformed parameters are answered with 400 and a message."
    ),
    urls_namespace="api",
    docs=PlainDocs(),
    renderer=Utf8JSON(),
)


@api.exception_handler(ValidationError)
def invalid_parameters(request, error: ValidationError):
    """400 with a message a person can read, and the details by parameter."""
    details = []
    for item in error.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("query", "path")]
        parameter = location[-1] if location else ""
        details.append({"parameter": parameter, "message": item.get("msg", "invalid value")})
    message = "; ".join(f"{d['parameter']}: {d['message']}" for d in details) or "invalid request"
    return api.create_response(
        request, {"detail": f"Invalid parameters: {message}", "errors": details}, status=400
    )


class UnknownParameters(Exception):
    def __init__(self, names: list[str], known: list[str]):
        super().__init__(names)
        self.names, self.known = names, known


@api.exception_handler(UnknownParameters)
def unknown_parameters(request, error: UnknownParameters):
    """400 naming the parameters the endpoint does not take, and (`accepted`) those it does."""
    takes = ", ".join(error.known) if error.known else "no parameters"
    listed = ", ".join(repr(name) for name in error.names)
    return api.create_response(
        request,
        {
            "detail": f"Unknown parameter{'s' if len(error.names) > 1 else ''} {listed}. "
            f"This address takes {takes}.",
            "errors": [{"parameter": n, "message": "unknown parameter"} for n in error.names],
            "accepted": error.known,
        },
        status=400,
    )


def query_parameters(view_func) -> list[str]:
    """The query parameters an endpoint declares: the fields of its Query[Schema] arguments
    (or a single Query[...] argument's name)."""
    names = set()
    for argument, hint in get_type_hints(view_func, include_extras=True).items():
        if get_origin(hint) is not Annotated:
            continue
        model, *markers = get_args(hint)
        if not any(isinstance(marker, QueryParameter) for marker in markers):
            continue
        if isinstance(model, type) and issubclass(model, BaseModel):
            names |= {field.alias or name for name, field in model.model_fields.items()}
        else:
            names.add(argument)
    return sorted(names)


def refuse_unknown_parameters(view_func):
    """A misspelt filter (?knid=ibid) must not be ignored, returning everything: a query
    parameter the endpoint does not declare is refused with 400 (once the declared ones have
    passed their own checks), before the view reads anything."""
    known = query_parameters(view_func)

    @wraps(view_func)
    def checked(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - set(known))
        if unknown:
            raise UnknownParameters(unknown, known)
        return view_func(request, *args, **kwargs)

    return checked


api.add_decorator(refuse_unknown_parameters)


def refuse(message: str):
    raise HttpError(400, message)


def not_found(message: str):
    raise HttpError(404, message)


# ---------------------------------------------------------------------------------------------
# Pagination


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(
        20, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page (at most {MAX_PAGE_SIZE})."
    )


class Page(Schema):
    count: int = Field(description="Items in the whole list.")
    page: int
    page_size: int
    pages: int
    next: str | None = Field(description="Address of the next page, if any.")
    previous: str | None


def paginate(request: HttpRequest, queryset, params: PageParams, build) -> dict:
    """One page of `queryset`: a count query, then the page (with its prefetches). `build`
    turns each object into its JSON shape."""
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    items = (
        [build(obj) for obj in queryset[start : start + params.page_size]] if start < count else []
    )
    pages = ceil(count / params.page_size) if count else 0

    def link(page):
        query = request.GET.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": pages,
        "next": link(params.page + 1) if params.page < pages else None,
        "previous": link(params.page - 1) if 1 < params.page <= pages else None,
        "items": items,
    }


# ---------------------------------------------------------------------------------------------
# Shapes


class Link(Schema):
    slug: str
    name: str


class SectionOut(Schema):
    position: int
    title: str
    anchor: str


class DocumentOut(Schema):
    slug: str
    title: str
    kind: Literal["article", "interview", "primary"]
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


class MentionOut(Schema):
    start: int
    end: int
    surface: str
    actor: str | None = Field(description="Actor slug, for a mention of an actor.")
    event: str | None = Field(description="Event slug, for a mention of an event.")


class AnchorOut(Schema):
    note: int
    offset: int


class ParagraphOut(Schema):
    document: str
    position: int
    anchor: str
    section: int
    kind: Literal["body", "question", "answer", "quotation"]
    speaker: Literal["", "interviewer", "historian"]
    text: str = Field(description="The exact wording; note markers are in `notes`.")
    notes: list[AnchorOut]
    mentions: list[MentionOut]
    url: str


class ArchiveOut(Schema):
    slug: str
    abbreviation: str
    abbreviation_original: str
    name: str
    name_original: str
    place: str
    url: str


class ArchiveWithCountsOut(ArchiveOut):
    file_count: int
    citation_count: int


class FileOut(Schema):
    id: int
    archive: str
    collection: str
    fond: str
    opis: str
    delo: str
    papka: str
    reel: str
    address: str
    url: str


class FileWithCountsOut(FileOut):
    document_count: int
    citation_count: int


class ArchivalDocumentOut(Schema):
    id: int
    label: str
    title: str
    kind: str
    number: str
    date: str = Field(description="ISO / EDTF, as precisely as the note gives it.")
    author: str
    addressee: str
    summary: str
    folios: str
    folio_unit: str
    file: int | None


class SourceOut(Schema):
    slug: str
    csl: dict[str, Any] = Field(description="The work as a CSL-JSON item.")
    url: str


class CitationOut(Schema):
    id: int
    document: str
    note: int
    position: int
    kind: Literal["archival", "published", "ibid", "explanatory", "quoted-note"]
    printed: str = Field(description="The words of the note that make this reference.")
    prefix: str
    printed_fields: dict[str, str] = Field(
        description="The note's own spelling of fields whose normalised value differs."
    )
    archive: ArchiveOut | None
    file: FileOut | None
    archival_document: ArchivalDocumentOut | None
    source: SourceOut | None
    cited_in: SourceOut | None
    division: str
    pinpoint: str
    pinpoint_unit: str
    pinpoint_display: str
    ibid_of: int | None = Field(description="For Ibid.: the citation it repeats.")
    short_form_of: int | None
    remark: str
    needs_review: bool
    note_url: str


class NoteOut(Schema):
    document: str
    number: int
    anchor: str
    text: str = Field(description="The exact wording of the note.")
    anchors: list[int] = Field(description="Paragraph numbers where the note is anchored.")
    citations: list[CitationOut]
    mentions: list[MentionOut]
    url: str
    csl_json_url: str


class AliasOut(Schema):
    name: str
    note: str


class ActorOut(Schema):
    slug: str
    name: str
    kind: Literal["person", "state", "party", "institution", "organisation", "military"]
    dates: str
    description: str
    aliases: list[AliasOut]
    mention_count: int = Field(description="Mentions in published texts.")
    url: str


class EventOut(Schema):
    slug: str
    title: str
    date: datetime.date
    precision: Literal["day", "month", "year"]
    end_date: datetime.date | None
    display_date: str
    place: str
    description: str
    actors: list[str] = Field(description="Actor slugs.")
    mention_count: int
    url: str


def page_of(item_schema):
    """The page shape for a list of `item_schema` (its name in the OpenAPI description)."""
    return create_model(
        f"{item_schema.__name__}Page", __base__=Page, items=(list[item_schema], ...)
    )


# ---------------------------------------------------------------------------------------------
# Building the shapes (plain dicts; everything they read is fetched beforehand)


def published():
    return Document.objects.published()


def document_dict(request, document) -> dict:
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
        "url": request.build_absolute_uri(document.get_absolute_url()),
        "tei_url": request.build_absolute_uri(reverse("citations:tei", kwargs={"slug": slug})),
        "csl_json_url": request.build_absolute_uri(
            reverse("citations:cite-json", kwargs={"slug": slug})
        ),
    }


def mention_dict(mention) -> dict:
    return {
        "start": mention.start,
        "end": mention.end,
        "surface": mention.surface,
        "actor": mention.actor.slug if mention.actor_id else None,
        "event": mention.event.slug if mention.event_id else None,
    }


def archive_dict(request, archive) -> dict:
    return {
        "slug": archive.slug,
        "abbreviation": archive.abbreviation,
        "abbreviation_original": archive.abbreviation_original,
        "name": archive.name,
        "name_original": archive.name_original,
        "place": archive.place,
        "url": request.build_absolute_uri(archive.get_absolute_url()),
    }


def file_dict(request, file) -> dict:
    return {
        "id": file.pk,
        "archive": file.archive.slug,
        "collection": file.collection,
        "fond": file.fond,
        "opis": file.opis,
        "delo": file.delo,
        "papka": file.papka,
        "reel": file.reel,
        "address": file.address,
        "url": request.build_absolute_uri(file.get_absolute_url()),
    }


def source_dict(request, source) -> dict | None:
    if source is None:
        return None
    return {
        "slug": source.slug,
        "csl": exports.source_item(source),
        "url": request.build_absolute_uri(source.get_absolute_url()),
    }


def citation_dict(request, citation) -> dict:
    item = citation.archival_document
    file = citation.archival_file
    note = citation.footnote
    return {
        "id": citation.pk,
        "document": note.document.slug,
        "note": note.number,
        "position": citation.position,
        "kind": citation.kind,
        "printed": citation.printed,
        "prefix": citation.prefix,
        "printed_fields": {k: str(v) for k, v in (citation.printed_fields or {}).items()},
        "archive": archive_dict(request, file.archive) if file else None,
        "file": file_dict(request, file) if file else None,
        "archival_document": {
            "id": item.pk,
            "label": item.label,
            "title": item.title,
            "kind": item.kind,
            "number": item.number,
            "date": item.date,
            "author": item.author,
            "addressee": item.addressee,
            "summary": item.summary,
            "folios": item.folios,
            "folio_unit": item.folio_unit,
            "file": item.file_id,
        }
        if item
        else None,
        "source": source_dict(request, citation.source),
        "cited_in": source_dict(request, citation.cited_in),
        "division": citation.division,
        "pinpoint": citation.pinpoint,
        "pinpoint_unit": citation.pinpoint_unit,
        "pinpoint_display": citation.pinpoint_display,
        "ibid_of": citation.ibid_of_id,
        "short_form_of": citation.short_form_of_id,
        "remark": citation.remark,
        "needs_review": citation.needs_review,
        "note_url": request.build_absolute_uri(note.get_absolute_url()),
    }


def citations_queryset():
    """Published citations with everything citation_dict reads, in one query."""
    return (
        Citation.objects.filter(footnote__document__in=published())
        .select_related(
            "footnote__document",
            "archival_file__archive",
            "archival_document",
            "source",
            "cited_in",
        )
        .order_by("footnote__document__title", "footnote__number", "position")
    )


def mentions_queryset():
    return Mention.objects.select_related("actor", "event").order_by("start", "end")


def get_published_document(slug: str):
    document = published().filter(slug=slug).first()
    if document is None:
        not_found(f"No published document {slug!r}.")
    return document


def known(model, slug: str, label: str):
    """The object named by a filter, or 400: a filter that names nothing is a mistake."""
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        refuse(f"Unknown {label} {slug!r}.")
    return obj


# ---------------------------------------------------------------------------------------------
# Endpoints


@api.get("/", url_name="index", summary="What the API holds", include_in_schema=False)
def index(request):
    def url(name, **kwargs):
        return request.build_absolute_uri(reverse(f"api:{name}", kwargs=kwargs))

    return {
        "documents": url("documents"),
        "citations": url("citations"),
        "actors": url("actors"),
        "events": url("events"),
        "archives": url("archives"),
        "openapi": url("openapi-json"),
        "docs": url("openapi-view"),
    }


class DocumentFilters(Schema):
    kind: Literal["article", "interview", "primary"] | None = Field(
        None, description="Only documents of this kind."
    )


@api.get(
    "/documents", response=page_of(DocumentOut), url_name="documents", summary="Published documents"
)
def documents(request, filters: Query[DocumentFilters], pages: Query[PageParams]):
    queryset = published().with_counts().order_by("kind", "title")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return paginate(request, queryset, pages, lambda d: document_dict(request, d))


@api.get(
    "/documents/{slug:slug}",
    response=DocumentDetailOut,
    url_name="document",
    summary="One document",
)
def document(request, slug: str):
    found = published().with_counts().prefetch_related("sections").filter(slug=slug).first()
    if found is None:
        not_found(f"No published document {slug!r}.")
    data = document_dict(request, found)
    data["editorial_note"] = found.editorial_note
    data["sections"] = [
        {"position": s.position, "title": s.title, "anchor": s.anchor}
        for s in sorted(found.sections.all(), key=lambda s: s.position)
    ]
    return data


class ParagraphFilters(Schema):
    section: int | None = Field(None, ge=1, le=MAX_PAGE, description="Section number.")
    kind: Literal["body", "question", "answer", "quotation"] | None = None
    speaker: Literal["interviewer", "historian"] | None = None
    actor: Slug | None = Field(None, description="Only paragraphs that mention this actor.")
    event: Slug | None = Field(None, description="Only paragraphs that mention this event.")


@api.get(
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
        queryset = queryset.filter(mentions__actor=known(Actor, filters.actor, "actor")).distinct()
    if filters.event:
        queryset = queryset.filter(mentions__event=known(Event, filters.event, "event")).distinct()
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
    kind: Literal["archival", "published", "ibid", "explanatory", "quoted-note"] | None = Field(
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


@api.get(
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


@api.get(
    "/documents/{slug:slug}/notes/{int:number}",
    response=NoteOut,
    url_name="note",
    summary="One note",
)
def note(request, slug: str, number: int):
    document = get_published_document(slug)
    found = notes_queryset(document).filter(number=number).first()
    if found is None:
        not_found(f"{document.title} has no note {number}.")
    return note_builder(request, document)(found)


class CitationFilters(Schema):
    document: Slug | None = Field(None, description="Only citations in this document's notes.")
    kind: Literal["archival", "published", "ibid", "explanatory", "quoted-note"] | None = None
    archive: Slug | None = Field(None, description="Only references to files in this archive.")
    fond: Text | None = Field(
        None, description="Only references to files in this fond (e.g. 059a)."
    )
    source: Slug | None = Field(None, description="Only references to (or found in) this work.")
    needs_review: bool | None = Field(
        None, description="Only citations an editor has (not) confirmed."
    )


@api.get(
    "/citations",
    response=page_of(CitationOut),
    url_name="citations",
    summary="References in the notes",
)
def citations(request, filters: Query[CitationFilters], pages: Query[PageParams]):
    queryset = citations_queryset()
    if filters.document:
        queryset = queryset.filter(footnote__document=known(Document, filters.document, "document"))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.archive:
        queryset = queryset.filter(
            archival_file__archive=known(Archive, filters.archive, "archive")
        )
    if filters.fond:
        queryset = queryset.filter(archival_file__fond__iexact=filters.fond)
    if filters.source:
        source = known(Source, filters.source, "source")
        queryset = queryset.filter(Q(source=source) | Q(cited_in=source))
    if filters.needs_review is not None:
        queryset = queryset.filter(needs_review=filters.needs_review)
    return paginate(request, queryset, pages, lambda c: citation_dict(request, c))


@api.get(
    "/citations/{int:citation_id}",
    response=CitationOut,
    url_name="citation",
    summary="One reference",
)
def citation(request, citation_id: int):
    found = citations_queryset().filter(pk=citation_id).first()
    if found is None:
        not_found(f"No published citation {citation_id}.")
    return citation_dict(request, found)


def visible_mentions(prefix: str = "mentions__") -> Q:
    visible = published().values("pk")
    return Q(**{f"{prefix}paragraph__document__in": visible}) | Q(
        **{f"{prefix}footnote__document__in": visible}
    )


class ActorFilters(Schema):
    kind: Literal["person", "state", "party", "institution", "organisation", "military"] | None = (
        None
    )
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
        "aliases": [{"name": a.name, "note": a.note} for a in actor.aliases.all()],
        "mention_count": actor.mention_count,
        "url": request.build_absolute_uri(actor.get_absolute_url()),
    }


@api.get("/actors", response=page_of(ActorOut), url_name="actors", summary="People and bodies")
def actors(request, filters: Query[ActorFilters], pages: Query[PageParams]):
    queryset = actors_queryset()
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.q:
        named = ActorAlias.objects.filter(name__icontains=filters.q).values("actor")
        queryset = queryset.filter(Q(name__icontains=filters.q) | Q(pk__in=named))
    return paginate(request, queryset, pages, lambda a: actor_dict(request, a))


@api.get("/actors/{slug:slug}", response=ActorOut, url_name="actor", summary="One actor")
def actor(request, slug: str):
    found = actors_queryset().filter(slug=slug).first()
    if found is None:
        not_found(f"No actor {slug!r}.")
    return actor_dict(request, found)


class EventFilters(Schema):
    actor: Slug | None = Field(None, description="Only events this actor took part in.")
    start: datetime.date | None = Field(
        None, description="Only events on or after this day (YYYY-MM-DD)."
    )
    end: datetime.date | None = Field(None, description="Only events on or before this day.")
    precision: Literal["day", "month", "year"] | None = None


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


@api.get("/events", response=page_of(EventOut), url_name="events", summary="Events, in date order")
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


@api.get("/events/{slug:slug}", response=EventOut, url_name="event", summary="One event")
def event(request, slug: str):
    found = events_queryset().filter(slug=slug).first()
    if found is None:
        not_found(f"No event {slug!r}.")
    return event_dict(request, found)


def cited(prefix: str) -> Q:
    """Citations (reached through `prefix`) in published notes."""
    return Q(**{f"{prefix}footnote__document__in": published().values("pk")})


def archives_queryset():
    citing = cited("files__citations__")
    return (
        Archive.objects.filter(citing)
        .annotate(
            file_count=Count("files", filter=citing, distinct=True),
            citation_count=Count("files__citations", filter=citing, distinct=True),
        )
        .order_by("abbreviation")
    )


def archive_counts_dict(request, archive) -> dict:
    data = archive_dict(request, archive)
    data.update(file_count=archive.file_count, citation_count=archive.citation_count)
    return data


@api.get(
    "/archives",
    response=page_of(ArchiveWithCountsOut),
    url_name="archives",
    summary="Archives cited",
)
def archives(request, pages: Query[PageParams]):
    return paginate(request, archives_queryset(), pages, lambda a: archive_counts_dict(request, a))


@api.get(
    "/archives/{slug:slug}",
    response=ArchiveWithCountsOut,
    url_name="archive",
    summary="One archive",
)
def archive(request, slug: str):
    found = archives_queryset().filter(slug=slug).first()
    if found is None:
        not_found(f"No published note cites an archive {slug!r}.")
    return archive_counts_dict(request, found)


class FileFilters(Schema):
    fond: Text | None = Field(None, description="Only files in this fond (e.g. 0102, 059a).")


@api.get(
    "/archives/{slug:slug}/files",
    response=page_of(FileWithCountsOut),
    url_name="files",
    summary="An archive's files (fond / opis / delo / papka) that published notes cite",
)
def files(request, slug: str, filters: Query[FileFilters], pages: Query[PageParams]):
    found = Archive.objects.filter(slug=slug).first()
    if found is None:
        not_found(f"No archive {slug!r}.")
    citing = cited("citations__")
    queryset = (
        ArchivalFile.objects.filter(archive=found)
        .filter(citing)
        .annotate(
            document_count=Count("documents", distinct=True),
            citation_count=Count("citations", filter=citing, distinct=True),
        )
        .order_by("collection", "fond", "opis", "delo", "papka", "reel")
    )
    if filters.fond:
        queryset = queryset.filter(fond__iexact=filters.fond)

    def build(file):
        file.archive = found
        data = file_dict(request, file)
        data.update(document_count=file.document_count, citation_count=file.citation_count)
        return data

    return paginate(request, queryset, pages, build)


@csrf_exempt  # it only ever answers 404, whatever the method
def no_such_address(request):
    """Any other address under /api/ (one no object can have: /api/documents/a%20b/): a 404 in
    JSON like the API's others, not the site's HTML page."""
    index = request.build_absolute_uri(reverse("api:index"))
    return api.create_response(
        request,
        {
            "detail": f"No such address in the API: {request.path}. Its addresses are listed at {index}"
        },
        status=404,
    )


# For include("korea_archive.api") in korea_archive/urls.py: the API's addresses, named "api:…",
# then everything else under /api/ (last, so it answers only where no endpoint does).
urlpatterns = [*api.urls[0], re_path(r"", no_such_address, name="no-such-address")]
app_name = "api"
