"""Archive browser and bibliography.

Everything here is reached through the notes that cite it, so it is shown only as far as the
visitor may see those notes: an archive, file or work cited only by a draft is invisible to the
public (404), exactly like the draft. Each page reads a fixed number of queries whatever the
size of the collection.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from documents.models import Document, Footnote
from documents.reader.paging import NoSuchPage, no_such_page, page_nav, page_of
from documents.reader.views import VisibleToUserMixin
from documents.register.kept import KeptListMixin, is_staff, stored_fragment

from . import bibtex_ris, exports, formatting, linked_data
from .models import (
    ArchivalDocument,
    ArchivalFile,
    Archive,
    Citation,
    attach_repeated,
    citations_visible_to,
    citing_ids,
)

ARCHIVE_TABLE_TEMPLATE = "citations/snippets/archive_table.html"
ARCHIVE_FILES_TEMPLATE = "citations/snippets/archive_files.html"


def second_hand(citations) -> list[Citation]:
    """The targets (Ibid. resolved) of `citations` that the note cites “Cited in” another work."""
    return [
        citation.target
        for citation in citations
        if citation.target.cited_in_id and citation.target.cited_in is not None
    ]


class VisibleCitationsMixin(VisibleToUserMixin):
    """The citations (and so the files and works) the visitor may see."""

    def cited(self, via: str) -> Q:
        """Q for what visible citations reach through `via` ('files__citations__')."""
        return citations_visible_to(self.request.user, via)

    def notes_citing(self, condition: Q | None = None) -> dict[str, dict[int, set[int]]]:
        """Which visible notes cite each archive and each file, directly or by an Ibid. that
        repeats such a citation: {"archive": {archive id: {note ids}}, "file": {…}}. One query."""
        rows = (
            self.visible(Citation)
            .filter(Q(archival_file__isnull=False) | Q(ibid_of__archival_file__isnull=False))
            .filter(condition or Q())
            .values_list(
                "footnote_id",
                "archival_file_id",
                "archival_file__archive_id",
                "ibid_of__archival_file_id",
                "ibid_of__archival_file__archive_id",
            )
        )
        notes = {"archive": {}, "file": {}}
        for note, file, archive, ibid_file, ibid_archive in rows:
            notes["file"].setdefault(file or ibid_file, set()).add(note)
            notes["archive"].setdefault(archive or ibid_archive, set()).add(note)
        return notes


class ArchiveListView(KeptListMixin, VisibleCitationsMixin, ListView):
    """The archives cited. Their counts read every citation (at 1,000 documents ~55 ms a
    request on SQLite): the public's table is kept rendered per collection version
    (KeptListMixin); staff, who see what drafts cite, get it live."""

    template_name = "citations/archive_list.html"
    context_object_name = "archives"
    model = Archive
    kept_name, kept_template, kept_as = "archives", ARCHIVE_TABLE_TEMPLATE, "stored_archives"

    def listed(self):
        cited = self.cited("files__citations__")
        return (
            Archive.objects.filter(cited)
            .annotate(
                file_count=Count("files", filter=cited, distinct=True),
                fond_count=Count("files__fond", filter=cited, distinct=True),
                document_count=Count("files__documents", filter=cited, distinct=True),
            )
            .order_by("abbreviation")
        )

    def fill(self, context) -> dict:
        """Each archive's number of notes citing it."""
        notes = self.notes_citing()["archive"]
        for archive in context["archives"]:
            archive.note_count = len(notes.get(archive.pk, ()))
        return context


class ArchiveDetailView(VisibleCitationsMixin, DetailView):
    """An archive's files cited, with their documents and how many notes cite each. Those
    counts read every citation of the archive (at 1,000 documents ~55 ms a request on SQLite):
    the public's list of files is kept rendered per collection version (an archive no
    published note cites is kept as nothing: 404); staff, who see drafts, get it live."""

    template_name = "citations/archive_detail.html"
    context_object_name = "archive"
    slug_url_kwarg = "archive"
    kept_files = ""

    def get_object(self, queryset=None):
        if is_staff(self.request.user):
            return self.cited_archive()
        # The archive by its address (an unknown one is a 404 that keeps nothing), then its
        # kept files, rendered on the first request after a change.
        archive = get_object_or_404(Archive, slug=self.kwargs["archive"])
        self.kept_files = stored_fragment(
            f"archive.{archive.pk}", ARCHIVE_FILES_TEMPLATE, self.files_context
        )
        if not self.kept_files:
            raise Http404("No visible note cites this archive.")
        return archive

    def files_context(self) -> dict:
        try:
            return {"archive": self.cited_archive()}
        except Http404:
            return {}  # no visible note cites it: kept as nothing, answered 404

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kept_files:
            context["stored_files"] = self.kept_files
        return context

    def cited_archive(self):
        cited = self.cited("citations__")
        files = (
            ArchivalFile.objects.filter(cited)
            .annotate(document_count=Count("documents", distinct=True))
            .order_by("collection", "fond", "opis", "delo", "papka", "reel")
            .prefetch_related(
                Prefetch("documents", queryset=ArchivalDocument.objects.order_by("date", "title"))
            )
        )
        archive = get_object_or_404(
            Archive.objects.prefetch_related(
                Prefetch("files", queryset=files, to_attr="cited_files")
            ),
            slug=self.kwargs["archive"],
        )
        if not archive.cited_files:
            raise Http404("No visible note cites this archive.")
        in_archive = Q(archival_file__archive=archive) | Q(ibid_of__archival_file__archive=archive)
        notes = self.notes_citing(in_archive)["file"]
        for file in archive.cited_files:
            file.note_count = len(notes.get(file.pk, ()))
        return archive


class ArchivalFileView(VisibleCitationsMixin, DetailView):
    """A file with every document in it and every note, in every text, that cites it —
    directly, by a short form, or by an Ibid. that repeats such a note: the notes
    CITATIONS_PER_PAGE a page, by text (as a work's page); each document names its first
    CITED_BY_SHOWN notes and counts the rest; the texts are named up to TEXTS_NAMED.

    A request builds only the citations it shows (the page's, each document's first): the
    rest are counted from one light row each. (At 1,000 documents a page of a file cited
    2,578 times took 0.7–1.3 s, building every citation with its note and targets.)"""

    template_name = "citations/file_detail.html"
    context_object_name = "file"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except NoSuchPage as missing:
            return no_such_page(request, missing)

    def get_object(self, queryset=None):
        return get_object_or_404(
            ArchivalFile.objects.select_related("archive"),
            archive__slug=self.kwargs["archive"],
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        file = self.object
        # Every visible citation of the file as a light row, in the page's order: what is
        # counted, paged and named under each document, without building each citation.
        index = list(
            self.visible(Citation)
            .filter(pk__in=citing_ids(archival_file=file))
            .order_by(*CITING_ORDER)
            .values_list(
                "pk",
                "footnote__document",
                "footnote__document__title",
                "kind",
                "archival_document",
                "ibid_of",
                "ibid_of__archival_document",
            )
        )
        if not index:
            raise Http404("No visible note cites this file.")
        page = page_of(self.request, [row[0] for row in index], CITATIONS_PER_PAGE, "citations")
        documents = {item.pk: item for item in ArchivalDocument.objects.filter(file=file)}
        for item in documents.values():
            item.cited_by, item.more_citations = [], 0
            item.file = file  # (its COinS reads the file and archive: no query per document)
        for pk, _, _, kind, document, original, repeated in index:
            # The document it cites (Citation.target): its own, or an Ibid.'s original's.
            item = documents.get(repeated if kind == Citation.Kind.IBID and original else document)
            if item is None:
                continue
            if len(item.cited_by) < CITED_BY_SHOWN:
                item.cited_by.append(pk)
            else:
                item.more_citations += 1
        # The citations shown (the page's, each document's first), read in one query.
        shown = [*page.object_list, *(pk for item in documents.values() for pk in item.cited_by)]
        read = Citation.objects.select_related(
            "footnote__document", *FILE_CITATION_TARGETS
        ).in_bulk(shown)
        # What an Ibid. or a short form repeats: most often among them, else read in one
        # query; not joined in for each (its targets again: 31 tables).
        attach_repeated(read.values(), ("footnote__document", *FILE_CITATION_TARGETS))
        page.object_list = [read[pk] for pk in page.object_list]
        for item in documents.values():
            item.cited_by = [read[pk] for pk in item.cited_by]
        context["page_obj"] = page
        context["page_nav"] = page_nav(self.request, page, "Pages of the citations")
        context["second_hand"] = second_hand(page.object_list)
        context["documents"] = sorted(
            (item for item in documents.values() if item.cited_by),
            key=lambda item: (_first_number(item.folios), item.date, item.title),
        )
        texts = dict.fromkeys((text, title) for _, text, title, *_ in index)
        context["text_count"] = len(texts)
        context["texts"] = [title for _, title in texts] if len(texts) <= TEXTS_NAMED else []
        return context


# What the page shows of a citation's (or its Ibid.'s) targets.
FILE_CITATION_TARGETS = ("archival_document", "cited_in")
CITATIONS_PER_PAGE = 100  # a file's citing notes a page (as sources.CITATIONS_PER_PAGE)
CITED_BY_SHOWN = 12  # notes named under each document of a file (the rest counted)
# A file's citing notes: by text (a text's notes together, should two share a title), then note.
CITING_ORDER = ("footnote__document__title", "footnote__document", "footnote__number", "position")
TEXTS_NAMED = 10  # beyond, a file's page says in how many texts it is cited


def _first_number(folios: str) -> int:
    """'18–21' → 18: documents are listed in the order of their leaves in the file."""
    digits = ""
    for char in folios:
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits else 10**9


class CitableDocumentMixin(VisibleToUserMixin):
    """The visible document named in the address (drafts only for staff)."""

    def get_document(self):
        return get_object_or_404(self.visible(Document), slug=self.kwargs["slug"])


class CiteView(CitableDocumentMixin, TemplateView):
    """“Cite this”: the document in Chicago and MLA (by citeproc-py), and downloads."""

    template_name = "citations/cite.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.get_document()
        context["document"] = document
        context["styles"] = formatting.cite_this(
            document, self.request.build_absolute_uri(document.get_absolute_url())
        )
        return context


class ExportView(CitableDocumentMixin, View):
    """/documents/<slug>/cite.json|.bib|.ris: the document and every work and archival
    document its notes cite, for a reference manager."""

    FORMATS = {
        "json": ("application/vnd.citationstyles.csl+json", None),
        "bib": ("application/x-bibtex; charset=utf-8", bibtex_ris.bibtex),
        "ris": ("application/x-research-info-systems; charset=utf-8", bibtex_ris.ris),
    }
    format = "json"

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        items = exports.csl_json(document, request.build_absolute_uri(document.get_absolute_url()))
        content_type, write = self.FORMATS[self.format]
        if write is None:
            body = json.dumps(items, ensure_ascii=False, indent=2)
        else:
            body = write(items)
        response = HttpResponse(body, content_type=content_type)
        filename = f"{document.slug}.{self.format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class JsonLdView(CitableDocumentMixin, View):
    """/documents/<slug>/metadata.jsonld: the document in schema.org terms with every work it
    cites and every person, body and event it mentions; the reader's <head> links to it and
    carries only the work itself."""

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        data = linked_data.describe_fully(document, request.build_absolute_uri)
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


class NoteExportView(CitableDocumentMixin, View):
    """/documents/<slug>/notes/<n>/cite.json|.bib|.ris: the works and archival documents one
    note cites (an Ibid. as what it repeats), for a reference manager."""

    format = "json"

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        note = get_object_or_404(Footnote, document=document, number=kwargs["number"])
        items = exports.note_items(note)
        content_type, write = ExportView.FORMATS[self.format]
        body = json.dumps(items, ensure_ascii=False, indent=2) if write is None else write(items)
        response = HttpResponse(body, content_type=content_type)
        filename = f"{document.slug}-note-{note.number}.{self.format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
