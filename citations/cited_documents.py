"""The cited documents themselves: /cited-documents/ lists every archival document a visible
note cites, with filters by year range, archive, fond, kind and author (facets with counts,
plain links and a GET form, so everything works without JavaScript and every view of the list
has a stable address); /cited-documents/<pk>/ shows one document with its archive address and
folios, every note that cites it (Ibid. included) in pages of NOTES_PER_PAGE, the passages
those notes support, and “Cite this” for the document itself.

A document cited only by drafts is invisible to the public, like the draft."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator
from django.views.generic import ListView

from documents.models import FootnoteRef
from documents.reader.paging import PagedListMixin
from documents.register.kept import KeptListMixin

from . import exports, formatting
from .models import ArchivalDocument, Citation, citing_ids
from .views import VisibleCitationsMixin, second_hand

YEAR = re.compile(r"^\d{4}$")
FILTERS = ("from", "to", "archive", "fond", "kind", "author")
BODY_TEMPLATE = "citations/snippets/cited_document_body.html"
NOTES_PER_PAGE = 100  # on a cited document's page (as on a work's, sources.py)
HEAVY_DOCUMENT_FIELDS = ("source_text", "abstract", "editorial_note")


class CitedDocumentsMixin(VisibleCitationsMixin):
    def cited_documents(self):
        """Archival documents a visible note cites (directly: an Ibid. repeats such a note)."""
        cited = ArchivalDocument.objects.filter(
            pk__in=Citation.objects.visible_to(self.request.user)
            .filter(archival_document__isnull=False)
            .values("archival_document")
        )
        return cited.select_related("file__archive", "published_in")


def year_of(value: str) -> int | None:
    return int(value[:4]) if value[:4].isdigit() else None


class CitedDocumentListView(KeptListMixin, CitedDocumentsMixin, ListView):
    """The cited documents, filtered by the query's year range, archive, fond, kind and
    author. The public's whole list (no filter asked, none refused) is kept rendered per
    collection version (KeptListMixin): finding which documents visible notes cite reads
    every citation (at 1,000 documents ~16 ms a request on SQLite)."""

    template_name = "citations/cited_document_list.html"
    context_object_name = "cited_documents"
    model = ArchivalDocument
    kept_name, kept_template, kept_as = "cited-documents", BODY_TEMPLATE, "stored_body"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.refused = []
        self.filters = self.chosen()

    def chosen(self) -> dict[str, str]:
        """The filters asked for, as given (years only when they are four digits)."""
        chosen = {}
        for name in FILTERS:
            value = self.request.GET.get(name, "").strip()[:200]
            if not value:
                continue
            if name in ("from", "to") and not YEAR.match(value):
                self.refused.append(f"“{value}” is not a year: give four digits, e.g. 1945.")
                continue
            chosen[name] = value
        return chosen

    def kept(self) -> bool:
        return not self.filters and not self.refused and super().kept()

    def listed(self):
        documents = self.cited_documents()
        f = self.filters
        if "from" in f:
            documents = documents.filter(date__gte=f["from"])
        if "to" in f:
            documents = documents.filter(date__lt=str(int(f["to"]) + 1), date__gt="")
        if "archive" in f:
            documents = documents.filter(file__archive__slug=f["archive"])
        if "fond" in f:
            documents = documents.filter(file__fond=f["fond"])
        if "kind" in f:
            documents = documents.filter(kind=f["kind"])
        if "author" in f:
            documents = documents.filter(author=f["author"])
        return documents.order_by("date", "title", "pk")

    def render_to_response(self, context, **response_kwargs):
        # A year that is not one is refused with a message (and the rest of the filters kept).
        if self.refused:
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)

    def link(self, **changes) -> str:
        """This list's address with `changes` applied (None removes a filter)."""
        query = {**self.filters, **changes}
        query = {name: value for name, value in query.items() if value}
        return "?" + urlencode(query) if query else "?"

    def facet(self, name: str, values, labels=None) -> list[dict]:
        counts = Counter(value for value in values if value)
        return [
            {
                "value": value,
                "label": (labels or {}).get(value, value),
                "count": count,
                "chosen": self.filters.get(name) == value,
                "url": self.link(**{name: None if self.filters.get(name) == value else value}),
            }
            for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]

    def fill(self, context) -> dict:
        """The list's filters, facets and years, into `context`."""
        documents = context["cited_documents"]
        archives = {d.file.archive.slug: d.file.archive.abbreviation for d in documents if d.file}
        years = Counter(year_of(d.date) for d in documents if year_of(d.date))
        context.update(
            filters=self.filters,
            refused=self.refused,
            facets=[
                (
                    "archive",
                    "Archive",
                    self.facet(
                        "archive", [d.file.archive.slug for d in documents if d.file], archives
                    ),
                ),
                ("fond", "Fond", self.facet("fond", [d.file.fond for d in documents if d.file])),
                ("kind", "Kind", self.facet("kind", [d.kind for d in documents])),
                ("author", "Author", self.facet("author", [d.author for d in documents])),
            ],
            years=[
                {
                    "year": year,
                    "count": count,
                    "url": self.link(**{"from": str(year), "to": str(year)}),
                }
                for year, count in sorted(years.items())
            ],
            clear_url=self.link(**dict.fromkeys(FILTERS)),
        )
        return context


class CitedDocumentView(PagedListMixin, CitedDocumentsMixin, ListView):
    """One archival document: where it is kept, how to cite it, and the notes that cite it
    with the passages they support, NOTES_PER_PAGE notes a page (by the title of the text
    citing it, then note by note). Unpaged, the document the 1,000-document benchmark
    collection cites most (1,498 times) made a page of 677 KiB in 2.1 s on PostgreSQL."""

    template_name = "citations/cited_document_detail.html"
    context_object_name = "citations"
    paginate_by = NOTES_PER_PAGE
    page_noun = "notes citing this document"
    nav_label = "Pages of the notes that cite it"

    def get_queryset(self):
        self.item = get_object_or_404(self.cited_documents(), pk=self.kwargs["pk"])
        # Not the texts themselves (the paper's imported text is 60 KB, read and sorted with
        # each citation's row: 190 ms for a page at 1,000 documents), nor the notes' own text.
        refs = Prefetch(
            "footnote__refs",
            queryset=FootnoteRef.objects.select_related("paragraph__document")
            .defer(*(f"paragraph__document__{field}" for field in HEAVY_DOCUMENT_FIELDS))
            .order_by("ordinal"),
        )
        item = self.item
        return (
            Citation.objects.visible_to(self.request.user)
            # (its citations and their Ibid. found by index: citing_ids)
            .filter(pk__in=citing_ids(archival_document=item))
            # what the page shows of each: its note and text, and where the author found the
            # document (an Ibid.'s from what it repeats); not every target (every target of
            # each and of what it repeats: two dozen joins took PostgreSQL ~100 ms to plan)
            .select_related("footnote__document", "cited_in", "ibid_of__cited_in")
            .defer(
                "footnote__text",
                *(f"footnote__document__{field}" for field in HEAVY_DOCUMENT_FIELDS),
            )
            .prefetch_related(refs)
            .order_by(
                "footnote__document__title",
                "footnote__document_id",
                "footnote__number",
                "position",
                "pk",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        citations = list(context["citations"])
        if not citations:
            raise Http404("No visible note cites this document.")
        passages, seen = [], set()
        for citation in citations:
            for ref in citation.footnote.refs.all():
                if ref.paragraph_id in seen:
                    continue
                seen.add(ref.paragraph_id)
                passages.append(
                    {
                        "paragraph": ref.paragraph,
                        "document": citation.footnote.document,
                        "note": citation.footnote.number,
                        "excerpt": Truncator(ref.paragraph.text).words(40),
                    }
                )
        styles = []
        for key, (name, _) in formatting.STYLES.items():
            (entry,) = formatting.formatted([exports.archival_item(self.item)], key)
            styles.append({"key": key, "name": name, "html": entry})
        context.update(
            item=self.item,
            citations=citations,
            passages=passages,
            item_styles=styles,
            second_hand=second_hand(citations),
        )
        return context
