"""The references in published notes, as data: /citations and /citations/{id}. A reference
names its archive, file and archival document, or the published work (and the work it was found
in), with the note's own spelling kept beside the normalised values. The notes endpoints
(documents.py) show the same shape inside each note."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q
from ninja import Field, Query, Router, Schema

from citations import exports
from citations.api.archives import ArchiveOut, FileOut, archive_dict, file_dict
from citations.models import Archive, Citation, Source
from documents.api.output import Out
from documents.api.pagination import PageParams, page_of, paginate
from documents.api.parameters import Slug, Text, first_or_404, known
from documents.models import Document

router = Router()

CitationKind = Literal["archival", "published", "ibid", "explanatory", "quoted-note"]


class ArchivalDocumentOut(Out):
    id: int
    label: str
    title: str
    kind: str
    number: str
    date: str = Field(description="ISO / EDTF, as precisely as the note gives it.")
    author: str = Field(description="As the note prints it: one string, however many people.")
    authors: list[str] = Field(
        description="Each author, one name a string (“Shtykov and Tunkin”: two), as the CSL "
        "export names them."
    )
    addressee: str
    summary: str
    folios: str
    folio_unit: str
    file: int | None


class SourceOut(Out):
    slug: str
    csl: dict[str, Any] = Field(description="The work as a CSL-JSON item.")
    url: str
    online: str = Field(
        description="The work's own stable public address (https), where the editors checked "
        "one; empty otherwise. Also the CSL item's URL."
    )


class CitationOut(Out):
    id: int
    document: str
    note: int
    position: int
    kind: CitationKind
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


def source_dict(request, source) -> dict | None:
    if source is None:
        return None
    return {
        "slug": source.slug,
        "csl": exports.source_item(source),
        "url": request.build_absolute_uri(source.get_absolute_url()),
        "online": source.url,
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
            "authors": exports.names_printed(item.author),
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


def _in_published(prefix: str) -> Q:
    return Q(**{f"{prefix}footnote__document__in": Document.objects.published().values("pk")})


def cited_archives():
    """Archives a published note cites: one only drafts cite is as unknown as a typo."""
    return Archive.objects.filter(_in_published("files__citations__"))


def cited_sources():
    """Works a published note cites (or was found in): the same rule as for archives."""
    return Source.objects.filter(
        _in_published("citations__") | _in_published("secondary_citations__")
    )


def citations_queryset():
    """Published citations with everything citation_dict reads, in one query."""
    return (
        Citation.objects.filter(footnote__document__in=Document.objects.published())
        .select_related(
            "footnote__document",
            "archival_file__archive",
            "archival_document",
            "source",
            "cited_in",
        )
        .order_by("footnote__document__title", "footnote__number", "position")
    )


class CitationFilters(Schema):
    document: Slug | None = Field(None, description="Only citations in this document's notes.")
    kind: CitationKind | None = None
    archive: Slug | None = Field(None, description="Only references to files in this archive.")
    fond: Text | None = Field(
        None, description="Only references to files in this fond (e.g. 059a)."
    )
    source: Slug | None = Field(None, description="Only references to (or found in) this work.")
    needs_review: bool | None = Field(
        None, description="Only citations an editor has (not) confirmed."
    )


@router.get(
    "/citations",
    response=page_of(CitationOut),
    url_name="citations",
    summary="References in the notes",
)
def citations(request, filters: Query[CitationFilters], pages: Query[PageParams]):
    queryset = citations_queryset()
    if filters.document:
        queryset = queryset.filter(
            footnote__document=known(Document.objects.published(), filters.document, "document")
        )
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.archive:
        queryset = queryset.filter(
            archival_file__archive=known(cited_archives(), filters.archive, "archive")
        )
    if filters.fond:
        queryset = queryset.filter(archival_file__fond__iexact=filters.fond)
    if filters.source:
        source = known(cited_sources(), filters.source, "source")
        queryset = queryset.filter(Q(source=source) | Q(cited_in=source))
    if filters.needs_review is not None:
        queryset = queryset.filter(needs_review=filters.needs_review)
    return paginate(request, queryset, pages, lambda c: citation_dict(request, c))


@router.get(
    "/citations/{int:citation_id}",
    response=CitationOut,
    url_name="citation",
    summary="One reference",
)
def citation(request, citation_id: int):
    found = first_or_404(
        citations_queryset().filter(pk=citation_id), f"No published citation {citation_id}."
    )
    return citation_dict(request, found)
