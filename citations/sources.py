"""The bibliography (/sources/) and one work's citations (/sources/<slug>/), bounded whatever
the size of the collection: the list in pages of SOURCES_PER_PAGE works, each with its first
CITATIONS_SHOWN citations and a link to its own page, which lists every citation of it,
CITATIONS_PER_PAGE a page, grouped by the text that cites it. A work is shown only as far as
the visitor may see the notes that cite it (one cited only by a draft is a 404 for the public).

The public's bibliography is the same for every visitor until an editor saves, so its order
and each page's entries are kept per collection version (documents/caching/memo.py), as the
register is: a request reads two kept values, whatever the size of the collection. Only the
first request for a page after a change computes it, and that work is the page's: its 50
works, the first citations of each (ranked among those works' citations alone) and their
totals. Staff, who see drafts, get it live.
"""

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from documents.caching import memo
from documents.reader.paging import PagedListMixin
from documents.register.kept import is_staff, stored_fragment

from .models import Citation, Source
from .views import VisibleCitationsMixin

SOURCES_PER_PAGE = 50
CITATIONS_SHOWN = 12
CITATIONS_PER_PAGE = 100

# Text by text in the order the collection received them (the curated texts first), note by
# note: ranking thousands of citations needs no join to the texts for their titles.
IN_ORDER = ("footnote__document_id", "footnote__number", "position")


HEAVY_NOTE_FIELDS = (
    "text",
    "document__source_text",
    "document__abstract",
    "document__editorial_note",
)


def reading_key(citation) -> tuple:
    footnote = citation.footnote
    return (footnote.document_id, footnote.number, citation.position)


class SourcesMixin(VisibleCitationsMixin):
    def cited_sources(self):
        """The works that visible notes cite, directly or as where a reference was found
        (each work asks for one such note: the cost follows the works, not the notes)."""
        visible = self.visible(Citation)
        return Source.objects.filter(
            Exists(visible.filter(source=OuterRef("pk")))
            | Exists(visible.filter(cited_in=OuterRef("pk")))
        )

    def first_citations(self, sources, via: str):
        """The first CITATIONS_SHOWN visible citations of each work in `sources` (by `via`:
        "source" or "cited_in"), in reading order: ranked on their keys alone, then read."""
        ranked = (
            self.visible(Citation)
            .filter(**{f"{via}__in": sources})
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F(via),
                    order_by=[F(field).asc() for field in IN_ORDER],
                )
            )
            .filter(rank__lte=CITATIONS_SHOWN)
            .values("pk")
        )
        return self.citations().filter(pk__in=ranked)

    def citations(self):
        return (
            self.visible(Citation)
            .select_related("footnote__document", "archival_document", "archival_file__archive")
            # not the texts themselves: a page reads thousands of these rows to pick its own
            .defer(*(f"footnote__{field}" for field in HEAVY_NOTE_FIELDS))
            .order_by(*IN_ORDER)
        )

    def citing(self, sources) -> Q:
        """Citations of `sources` (a list of pks): direct, Ibid. repeats, and archival
        references found in them."""
        return Q(source__in=sources) | Q(ibid_of__source__in=sources) | Q(cited_in__in=sources)


class SourceListView(PagedListMixin, SourcesMixin, ListView):
    """Every published work cited, once, in bibliography order, with the notes that cite it
    (the first CITATIONS_SHOWN; the work's own page has them all)."""

    template_name = "citations/source_list.html"
    context_object_name = "sources"
    paginate_by = SOURCES_PER_PAGE
    page_noun = "sources"
    nav_label = "Pages of the sources"
    entries_template = "citations/snippets/source_entries.html"

    def get_queryset(self):
        """The ids of the works cited, in bibliography order (kept for the public)."""
        if is_staff(self.request.user):
            return self.in_order()
        return memo.per_version("sources.order", self.in_order)

    def in_order(self) -> list[int]:
        # Bibliography order is the first author's family name (in JSON), so the works are
        # sorted here, read with only what the order needs; the page's works are read in full.
        fields = ("pk", "slug", "authors", "title", "container_title", "issued")
        works = sorted(self.cited_sources().only(*fields), key=lambda source: source.sort_key)
        return [source.pk for source in works]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = list(context["sources"])
        if is_staff(self.request.user):
            context["sources"] = self.entries(ids)
        elif ids:  # the public's page of entries, as rendered once for this version
            number = context["page_obj"].number
            context["stored_entries"] = stored_fragment(
                f"sources.page.{number}",
                self.entries_template,
                lambda: {"sources": self.entries(ids)},
            )
        return context

    def entries(self, ids: list[int]) -> list[Source]:
        """The works `ids`, in that order, each with its first citations and its totals."""
        full = Source.objects.filter(pk__in=ids).prefetch_related(
            Prefetch(
                "citations",
                queryset=self.first_citations(ids, "source").prefetch_related(
                    Prefetch(
                        "ibid_citations",
                        queryset=self.citations()[:CITATIONS_SHOWN],
                        to_attr="visible_ibids",
                    )
                ),
                to_attr="visible_citations",
            ),
            Prefetch(
                "secondary_citations",
                queryset=self.first_citations(ids, "cited_in"),
                to_attr="visible_secondary",
            ),
        )
        totals = {
            row["work"]: row
            for row in self.visible(Citation)
            .filter(self.citing(ids))
            .annotate(work=Coalesce("source", "ibid_of__source", "cited_in"))
            .values("work")
            .annotate(citations=Count("pk"), texts=Count("footnote__document", distinct=True))
        }
        by_id = {source.pk: source for source in full}
        sources = [by_id[pk] for pk in ids]
        for source in sources:
            repeats = [ibid for c in source.visible_citations for ibid in c.visible_ibids]
            source.all_citations = sorted(source.visible_citations + repeats, key=reading_key)[
                :CITATIONS_SHOWN
            ]
            total = totals.get(source.pk, {"citations": 0, "texts": 0})
            source.citation_total = total["citations"]
            source.text_total = total["texts"]
            source.more = total["citations"] > len(source.all_citations) + len(
                source.visible_secondary
            )
        return sources


class SourceView(PagedListMixin, SourcesMixin, ListView):
    """One work and every note that cites it, by text, CITATIONS_PER_PAGE a page."""

    template_name = "citations/source_detail.html"
    context_object_name = "citations"
    paginate_by = CITATIONS_PER_PAGE
    page_noun = "citations"
    nav_label = "Pages of the citations"

    def get_queryset(self):
        self.source = get_object_or_404(self.cited_sources(), slug=self.kwargs["slug"])
        return self.citations().filter(self.citing([self.source.pk]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["source"] = self.source
        return context
