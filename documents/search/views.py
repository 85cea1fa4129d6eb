"""Full-text search over the paragraphs and notes of the documents a user may see: /search/.

Paragraphs and notes are searched together, ranked together (best match first) and shown
20 a page with the matched words highlighted, narrowed by facets (documents/search/filters.py, counted in facets.py). Which passages match
and in what order: documents/search/ranking.py (the database's own engine).

The page makes a fixed number of queries whatever the size of the collection: the name
resolution, the facet choices (0 to 3), the number of results, every facet's counts and (on
PostgreSQL) the ranked page asked for in one query (facets.py), the page's passages (a query
more on SQLite, and where the page shown is not the one asked for; none when nothing matches).
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from documents.addresses import note_url, slug_url
from documents.models import Document, Footnote, Paragraph
from documents.search import extensions, names
from documents.search.facets import FACET_SIZE, KIND_LABELS, Facet, FacetOption, SearchFacets
from documents.search.filters import PassageFilterSet
from documents.search.query import (
    MAX_CLAUSES,
    MAX_QUERY_CHARS,
    QUOTES,
    parse_query,
    snippet,
)
from documents.search.ranking import (
    DOCUMENT_LABEL,
    FTS_PARITY,
    HIT_FIELDS,
    PG_CONFIG,
    RankedHits,
    StoredVector,
    _hits,
    _is_postgres,
    matches,
    matching,
    postgres_query,
)

__all__ = [
    "DOCUMENT_LABEL",
    "FACET_SIZE",
    "FTS_PARITY",
    "HIT_FIELDS",
    "KIND_LABELS",
    "PG_CONFIG",
    "RESULTS_PER_PAGE",
    "Facet",
    "FacetOption",
    "RankedHits",
    "SearchView",
    "StoredVector",
    "_hits",
    "_is_postgres",
    "matching",
    "postgres_query",
]

RESULTS_PER_PAGE = 20
MAX_PAGE = 100_000  # beyond it, an address's page number is not looked for in the facets' query


class SearchView(SearchFacets, TemplateView):
    template_name = "documents/search.html"

    def get(self, request, *args, **kwargs):
        self.query = parse_query(request.GET.get("q"))
        self.filterset = PassageFilterSet(
            request.GET, queryset=Paragraph.objects.none(), request=request
        )
        context = self.get_context_data(**kwargs)
        if not self.filterset.is_valid():
            context["invalid"] = self.invalid_facets()
            return self.render_to_response(context, status=400)
        self.params = {"q": self.query.text}
        for name, value in self.filterset.chosen.items():
            self.params[name] = getattr(value, "slug", value)
        if self.query:
            context.update(self.search())
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            query=self.query,
            max_query_chars=MAX_QUERY_CHARS,
            max_clauses=MAX_CLAUSES,
            facet_params=[],
        )
        return context

    def url(self, **changes) -> str:
        params = {**self.params, **changes}
        return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    def invalid_facets(self):
        """[(label, value given, address of the same search without the refused values)]."""
        errors = self.filterset.errors
        kept = {"q": self.query.text}
        kept.update(
            (name, value)
            for name, value in self.request.GET.items()
            if name in self.filterset.filters and name not in errors
        )
        without = "?" + urlencode({k: v for k, v in kept.items() if v})
        return [
            (self.filterset.filters[name].label, self.request.GET.get(name, ""), without)
            for name in errors
            if name in self.filterset.filters
        ]

    def search(self):
        query, filterset = self.query, self.filterset
        visible = Document.objects.visible_to(self.request.user)
        resolution = names.resolve(query)
        if resolution is None:
            paragraphs = matching(Paragraph.objects.filter(document__in=visible), query)
            notes = matching(Footnote.objects.filter(document__in=visible), query)
        else:  # a name: the passages that mention its actor, or that have the words typed
            typed, query = query, resolution.query
            paragraphs, notes = (
                resolution.narrow(found, matches(found, typed))
                for found in (
                    matching(model.objects.filter(document__in=visible), query)
                    for model in (Paragraph, Footnote)
                )
            )

        user = self.request.user
        public = not (user.is_active and user.is_staff)  # as Document.visible_to decides
        hits = RankedHits(
            filterset.narrow(paragraphs),
            filterset.narrow(notes),
            query,
            public,
            window=(self.expected_offset(), RESULTS_PER_PAGE),
        )
        hits.total, facets = self.count_facets(paragraphs, notes, hits)
        page = Paginator(hits, RESULTS_PER_PAGE).get_page(self.request.GET.get("page"))
        results = list(page.object_list)
        for hit in results:
            self.describe(hit, query)
        for extension in extensions.registered():  # (citations: what Zotero may save)
            extension.annotate_results(self.request, results)

        return {
            "resolution": resolution,
            "exact_url": self.url(q=f'"{QUOTES.sub("", self.query.text)}"', page=None)
            if resolution
            else "",
            "page_obj": page,
            "results": results,
            "result_templates": extensions.templates(),
            "result_count": page.paginator.count,
            "previous_url": self.url(page=page.previous_page_number())
            if page.has_previous()
            else "",
            "next_url": self.url(page=page.next_page_number()) if page.has_next() else "",
            "facets": facets,
            "facet_params": [(k, v) for k, v in self.params.items() if k != "q"],
        }

    def expected_offset(self) -> int:
        """Where the page asked for starts, if it exists (the Paginator decides once the
        results are counted: a page that is not a number is the first, one past the end the
        last; RankedHits then ranks that one apart)."""
        try:
            number = int(self.request.GET.get("page") or 1)
        except ValueError:
            return 0
        return (number - 1) * RESULTS_PER_PAGE if 1 <= number <= MAX_PAGE else 0

    @staticmethod
    def describe(hit, query):
        reader = slug_url("documents:reader", hit["doc_slug"])
        number = hit["hit_number"]
        if hit["hit_source"] == "note":
            hit["url"] = f"{reader}#fn-{number}"
            hit["note_url"] = note_url(hit["doc_slug"], number)
            hit["place"] = f"note {number}"
        else:
            hit["url"] = f"{reader}#p-{number}"
            hit["place"] = f"¶{number}"
        hit["kind_label"] = KIND_LABELS[hit["hit_kind"]]
        hit["is_draft"] = hit["doc_status"] == Document.Status.DRAFT
        hit["snippet"] = snippet(hit["hit_text"], query)
