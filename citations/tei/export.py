"""A document as TEI P5: /documents/<slug>.tei.xml.

- teiHeader: the title and authors, the publisher of this edition and the document's address,
  the source description (what was published, by whom, where and when, as far as known; an
  interview's interviewee), the editors' note, language, keywords and, for an interview, the
  two speakers;
- text: sections as <div xml:id="s-N">, paragraphs as <p xml:id="p-N"> (interview turns inside
  <sp who="…">), the source's *emphasis* as <hi rend="italic">, each <note xml:id="fn-N"> at
  its anchor, holding its exact text and a <listBibl> of its references as data (archival
  references with the archive and fond / opis / delo / papka, published works with their
  bibliographic fields, Ibid. pointing at the reference it repeats), mentions as
  <persName ref>, <orgName ref> or <rs type="event" ref>;
- back: the register the mentions point to (persons, bodies, events) and the archives.

The XML is built with lxml, so every text and attribute value is escaped by construction.
The wording of the texts is kept exactly; only characters XML cannot hold at all (control
characters) are left out.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from lxml import etree

from citations.models import Citation, attach_repeated
from citations.tei.body import BodyWriter
from citations.tei.elements import CONTENT_TYPE, TEI_NS, XML_NS, sub, tei
from citations.tei.header import HeaderWriter
from citations.tei.register import RegisterWriter, name_form
from documents.caching import stored
from documents.models import (
    Actor,
    Document,
    Footnote,
    FootnoteRef,
    Mention,
    Paragraph,
    Section,
)

__all__ = [
    "TEI_PART",
    "TeiBuilder",
    "TeiExportView",
    "export_queryset",
    "name_form",
    "tei_document",
]

# ---------------------------------------------------------------------------------------------
# The document


# What a citation's <bibl> writes of its targets (citations/tei/bibl.py).
CITATION_TARGETS = (
    "archival_file__archive",
    "archival_document__published_in",
    "source",
    "cited_in",
)


def export_queryset(user):
    """Visible documents with everything the export writes, in a fixed number of queries."""
    mentions = Mention.objects.select_related("actor", "event").order_by("start", "end")
    # Each citation's own targets; what an Ibid. or a short form repeats is linked among the
    # document's citations by TeiBuilder (attach_repeated), not joined in again.
    citations = Citation.objects.select_related(*CITATION_TARGETS).order_by("position")
    return Document.objects.visible_to(user).prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("position")),
        Prefetch(
            "paragraphs",
            queryset=Paragraph.objects.order_by("position").prefetch_related(
                Prefetch(
                    "note_refs", queryset=FootnoteRef.objects.order_by("offset", "footnote__number")
                ),
                Prefetch("mentions", queryset=mentions),
            ),
        ),
        Prefetch(
            "footnotes",
            queryset=Footnote.objects.order_by("number").prefetch_related(
                Prefetch("refs", queryset=FootnoteRef.objects.order_by("ordinal")),
                Prefetch("mentions", queryset=mentions),
                Prefetch("citations", queryset=citations),
            ),
        ),
    )


class TeiBuilder(HeaderWriter, BodyWriter, RegisterWriter):
    """The document as a TEI tree: header.py, body.py and register.py write its parts."""

    def __init__(self, document: Document, url: str = "", absolute: Callable[[str], str] = str):
        self.document = document
        self.url = url
        self.absolute = absolute  # a site path → an absolute address
        self.notes = {note.pk: note for note in document.footnotes.all()}
        attach_repeated(
            (citation for note in self.notes.values() for citation in note.citations.all()),
            CITATION_TARGETS,
        )
        self.placed: set[int] = set()  # notes already written at an anchor
        self.citation_ids: set[str] = set()
        self.actors: dict[int, Actor] = {}
        self.events: dict = {}
        self.archives: dict = {}

    # -- the whole ------------------------------------------------------------------------

    def build(self):
        root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
        root.set(f"{{{XML_NS}}}lang", self.document.language or "en")
        header = sub(root, "teiHeader")
        text = sub(root, "text")
        self.front(text)
        self.body(text)
        self.back(text)
        # The header is written last: it lists the speakers, and the register needs the
        # mentions found in the body.
        self.header(header)
        self.register(text)
        return root

    def tostring(self) -> bytes:
        return etree.tostring(
            self.build(), xml_declaration=True, encoding="UTF-8", pretty_print=True
        )


def tei_document(document: Document, url: str = "", absolute: Callable[[str], str] = str) -> bytes:
    """The document (fetched through export_queryset) as TEI P5, UTF-8 bytes."""
    return TeiBuilder(document, url, absolute).tostring()


TEI_PART = "tei"  # its name among a document's stored parts (citations.freshness)


class TeiExportView(View):
    """/documents/<slug>.tei.xml. Drafts are 404 for the public, like the reader. The public
    get the TEI stored when the document last changed (documents.caching.stored); staff,
    who may see drafts, get it built live."""

    def get(self, request, slug):
        user = request.user
        if user.is_active and user.is_staff:
            document = get_object_or_404(export_queryset(user), slug=slug)
            body = tei_document(
                document,
                url=request.build_absolute_uri(document.get_absolute_url()),
                absolute=request.build_absolute_uri,
            )
        else:
            # The document and its stored TEI in one query when it is fresh; else the document
            # (not its imported text, 60 KB for the paper, which the stored TEI does not need)
            # and the TEI rendered and stored now.
            document, parts = stored.fresh_parts(
                [TEI_PART], request, slug=slug, status=Document.Status.PUBLISHED
            )
            if document is None:
                published = Document.objects.published().defer("source_text")
                document = get_object_or_404(published, slug=slug)
                parts = stored.served_parts(document, [TEI_PART], request)
            body = parts[TEI_PART]
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'inline; filename="{document.slug}.tei.xml"'
        if not (user.is_active and user.is_staff):
            response.content_digest = parts.digest  # its ETag, without hashing 185 KiB
        return response
