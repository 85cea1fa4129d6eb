"""What citations adds to the documents' stored renders (documents.caching): the TEI as a
stored part, and which documents show each of its models (a note's references, what they
cite, in the reader, its metadata and the TEI)."""

from __future__ import annotations

from documents.caching import invalidation, stored
from documents.models import Document, Footnote

from . import exports
from .models import ArchivalDocument, ArchivalFile, Archive, Citation, Source
from .tei.export import TEI_PART, export_queryset, tei_document


def render_tei(document: Document, request) -> dict[str, str]:
    document = export_queryset(None).get(pk=document.pk)
    xml = tei_document(
        document,
        url=request.build_absolute_uri(document.get_absolute_url()),
        absolute=request.build_absolute_uri,
    )
    return {TEI_PART: xml.decode("utf-8")}


def _citing(**lookup):
    return Footnote.objects.filter(**{f"citations__{k}": v for k, v in lookup.items()}).values(
        "document"
    )


DEPENDENCIES = {
    # An Ibid. or short form in another text that repeats one of this document's references
    # (deleting the document leaves it unresolved).
    Document: lambda pks: [
        _citing(ibid_of__footnote__document__in=pks),
        _citing(short_form_of__footnote__document__in=pks),
    ],
    # A citation shows in its note, and in the notes whose Ibid. or short form repeats it.
    Citation: lambda pks: [
        _citing(pk__in=pks),
        _citing(ibid_of__in=pks),
        _citing(short_form_of__in=pks),
    ],
    Source: lambda pks: [
        _citing(source__in=pks),
        _citing(cited_in__in=pks),
        _citing(archival_document__published_in__in=pks),
    ],
    Archive: lambda pks: [
        _citing(archival_file__archive__in=pks),
        _citing(archival_document__file__archive__in=pks),
    ],
    ArchivalFile: lambda pks: [
        _citing(archival_file__in=pks),
        _citing(archival_document__file__in=pks),
    ],
    ArchivalDocument: lambda pks: [_citing(archival_document__in=pks)],
}


def register() -> None:
    stored.add_renderer([TEI_PART], render_tei)
    stored.add_placeholder(exports.STORED_VERSION, exports.version_suffix)
    for model, documents_of in DEPENDENCIES.items():
        invalidation.depends_on(model, documents_of)
