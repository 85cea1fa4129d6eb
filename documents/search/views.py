"""Full-text search over the paragraphs and notes of the documents a user may see: /search/.

Paragraphs and notes are searched together, ranked together (best match first) and shown
20 a page with the matched words highlighted, narrowed by facets (documents/search/filters.py).

The engine is the database's own, through the index that migration 0002_search_index builds:
- PostgreSQL: a stored tsvector column on each table (configuration `archive_english`,
  migration 0007: simple + unaccent + an English stemmer without stop words, so names and
  Cyrillic stay as they are while accents and case are ignored) with a GIN index, queried
  with to_tsquery, ranked by ts_rank normalised by length;
- SQLite: an FTS5 table over both kinds of passage (porter tokenizer), kept in sync by
  triggers, ranked by bm25.
Both stem English words ("approve" finds "approved", "approval"), and the highlighter
(documents/search/query.py) stems the same way; `telegram*` finds word beginnings, a quoted
phrase its words in order. Equal ranks put the text's paragraphs before the notes.

The page makes a fixed number of queries whatever the size of the collection: the facet
choices (0 to 3), the number of results, one page of results (two queries on SQLite), and
one query per facet.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, Expression, F, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.views.generic import TemplateView

from documents.models import Document, Footnote, Mention, Paragraph
from documents.search import names
from documents.search.filters import KIND_CHOICES, NOTE, PassageFilterSet
from documents.search.index import FTS_TABLE, NOTE_WEIGHT, PUBLIC_TABLE, fts_rank
from documents.search.query import (
    MAX_CLAUSES,
    MAX_QUERY_CHARS,
    QUOTES,
    ParsedQuery,
    parse_query,
    snippet,
)

RESULTS_PER_PAGE = 20
FACET_SIZE = 15  # most frequent actors / events listed
KIND_LABELS = dict(KIND_CHOICES)

FTS_PARITY = {Paragraph: 0, Footnote: 1}  # FTS rowid = 2 × id + parity (search_index.py)
PG_CONFIG = "archive_english"  # migration 0007: simple + unaccent + English stems


class StoredVector(Expression):
    """The `search_vector` column that migration 0002 adds on PostgreSQL (generated from the
    text, GIN-indexed; not a model field), as a column of the queryset's own table."""

    output_field = SearchVectorField()

    def __init__(self, alias=None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs):
        resolved = self.copy()
        resolved.alias = query.get_initial_alias()
        return resolved

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.search_vector", []

    def get_group_by_cols(self):
        return [self]


def postgres_query(query: ParsedQuery) -> SearchQuery:
    return SearchQuery(query.tsquery(), config=PG_CONFIG, search_type="raw")


def _is_postgres(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def matching(queryset, query: ParsedQuery):
    """Paragraphs or notes (as `queryset` holds) that match every clause of the query."""
    if _is_postgres(queryset):
        return queryset.alias(search_vector=StoredVector()).filter(
            search_vector=postgres_query(query)
        )
    parity = FTS_PARITY[queryset.model]
    return queryset.filter(
        pk__in=RawSQL(
            f"SELECT rowid >> 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            f"AND (rowid & 1) = {parity}",
            [query.fts5()],
        )
    )


# How a result names its document: the editors' short label, else the title.
DOCUMENT_LABEL = Coalesce(NullIf(F("document__short_label"), Value("")), F("document__title"))


def _hits(queryset):
    """The columns a result shows, the same for paragraphs and notes (for a UNION)."""
    is_note = queryset.model is Footnote
    return queryset.order_by().annotate(
        hit_source=Value("note" if is_note else "paragraph"),
        hit_id=F("pk"),
        hit_number=F("number" if is_note else "position"),
        hit_kind=Value(NOTE) if is_note else F("kind"),
        hit_text=F("text"),
        doc_slug=F("document__slug"),
        doc_title=F("document__title"),
        doc_label=DOCUMENT_LABEL,
        doc_status=F("document__status"),
    )


HIT_FIELDS = ("hit_source", "hit_id", "hit_number", "hit_kind", "hit_text")
HIT_FIELDS += ("doc_slug", "doc_title", "doc_label", "doc_status")


class RankedHits:
    """Matching paragraphs and notes together, best match first, as the Paginator slices them:
    count() counts without ranking; a slice ranks and fetches one page.

    PostgreSQL ranks with ts_rank (normalised by length) in one UNION query. SQLite ranks with
    bm25 in a query driven by the FTS5 table (`+rowid IN (…)` keeps FTS5 from running the
    search once per allowed row), then fetches the page's passages: two queries, still fixed.
    Equal ranks follow reading order on PostgreSQL and storage order on SQLite.
    """

    def __init__(self, paragraphs, notes, query: ParsedQuery, public: bool = True):
        self.paragraphs, self.notes, self.query = paragraphs, notes, query
        # The public's results are ranked among published passages only (index.PUBLIC_TABLE),
        # so that a draft cannot move them; staff rank among everything they may see.
        self.fts_table = PUBLIC_TABLE if public else FTS_TABLE

    def count(self) -> int:
        return (
            self.paragraphs.order_by()
            .values("pk")
            .union(self.notes.order_by().values("pk"), all=True)
            .count()
        )

    def __getitem__(self, window: slice) -> list[dict]:
        offset, limit = window.start or 0, window.stop - (window.start or 0)
        if limit <= 0:
            return []
        if _is_postgres(self.paragraphs):
            return self._postgres_page(offset, limit)
        return self._sqlite_page(offset, limit)

    def _postgres_page(self, offset, limit):
        def ranked(queryset):
            rank = SearchRank(StoredVector(), postgres_query(self.query), normalization=1)
            if queryset.model is Footnote:  # a note counts for less (index.NOTE_WEIGHT)
                rank = rank * Value(NOTE_WEIGHT)
            return _hits(queryset).annotate(hit_rank=rank).values(*HIT_FIELDS, "hit_rank")

        union = ranked(self.paragraphs).union(ranked(self.notes), all=True)
        # Equal ranks: the text's paragraphs before notes ("paragraph" > "note"), then reading order.
        ordered = union.order_by("-hit_rank", "-hit_source", "doc_title", "doc_slug", "hit_number")
        return list(ordered[offset : offset + limit])

    def _sqlite_page(self, offset, limit):
        allowed = (
            self.paragraphs.order_by()
            .values(fts_rowid=F("pk") * 2)
            .union(self.notes.order_by().values(fts_rowid=F("pk") * 2 + 1), all=True)
        )
        try:
            allowed_sql, allowed_params = allowed.query.sql_with_params()
        except EmptyResultSet:
            return []
        table = self.fts_table
        with connections[self.paragraphs.db].cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {fts_rank(table)} AS score FROM {table} "
                f"WHERE {table} MATCH %s AND +rowid IN ({allowed_sql}) "
                # Equal ranks: paragraphs (even rowids) before notes, then storage order.
                f"ORDER BY score DESC, rowid & 1, rowid LIMIT %s OFFSET %s",
                [self.query.fts5(), *allowed_params, limit, offset],
            )
            ranks = dict(cursor.fetchall())  # keeps the ranked order
        if not ranks:
            return []
        paragraph_ids = [rowid >> 1 for rowid in ranks if not rowid & 1]
        note_ids = [rowid >> 1 for rowid in ranks if rowid & 1]
        rows = (
            _hits(Paragraph.objects.filter(pk__in=paragraph_ids))
            .values(*HIT_FIELDS)
            .union(_hits(Footnote.objects.filter(pk__in=note_ids)).values(*HIT_FIELDS), all=True)
        )
        by_rowid = {row["hit_id"] * 2 + (row["hit_source"] == "note"): row for row in rows}
        return [{**by_rowid[rowid], "hit_rank": rank} for rowid, rank in ranks.items()]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    url: str
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    chosen: str = ""  # label of the value in force
    remove_url: str = ""


class SearchView(TemplateView):
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
                resolution.narrow(
                    matching(model.objects.filter(document__in=visible), query),
                    matching(model.objects.all(), typed),
                )
                for model in (Paragraph, Footnote)
            )

        user = self.request.user
        public = not (user.is_active and user.is_staff)  # as Document.visible_to decides
        hits = RankedHits(filterset.narrow(paragraphs), filterset.narrow(notes), query, public)
        page = Paginator(hits, RESULTS_PER_PAGE).get_page(self.request.GET.get("page"))
        results = list(page.object_list)
        for hit in results:
            self.describe(hit, query)

        return {
            "resolution": resolution,
            "exact_url": self.url(q=f'"{QUOTES.sub("", self.query.text)}"', page=None)
            if resolution
            else "",
            "page_obj": page,
            "results": results,
            "result_count": page.paginator.count,
            "previous_url": self.url(page=page.previous_page_number())
            if page.has_previous()
            else "",
            "next_url": self.url(page=page.next_page_number()) if page.has_next() else "",
            "facets": [
                self.document_facet(paragraphs, notes),
                self.kind_facet(paragraphs, notes),
                self.mention_facet("actor", paragraphs, notes),
                self.mention_facet("event", paragraphs, notes),
            ],
            "facet_params": [(k, v) for k, v in self.params.items() if k != "q"],
        }

    @staticmethod
    def describe(hit, query):
        reader = reverse("documents:reader", kwargs={"slug": hit["doc_slug"]})
        number = hit["hit_number"]
        if hit["hit_source"] == "note":
            hit["url"] = f"{reader}#fn-{number}"
            hit["note_url"] = reverse(
                "documents:note", kwargs={"slug": hit["doc_slug"], "number": number}
            )
            hit["place"] = f"note {number}"
        else:
            hit["url"] = f"{reader}#p-{number}"
            hit["place"] = f"¶{number}"
        hit["kind_label"] = KIND_LABELS[hit["hit_kind"]]
        hit["is_draft"] = hit["doc_status"] == Document.Status.DRAFT
        hit["snippet"] = snippet(hit["hit_text"], query)

    def make_facet(self, name, label, rows):
        """rows: (value, label, count) with the other facets applied, most frequent first."""
        chosen = self.params.get(name)
        facet = Facet(name, label)
        if chosen:
            value = self.filterset.form.cleaned_data[name]
            if isinstance(value, Document):
                facet.chosen = value.label
            else:
                facet.chosen = str(value) if hasattr(value, "slug") else KIND_LABELS[value]
            facet.remove_url = self.url(**{name: None, "page": None})
        for value, option_label, count in rows:
            if count:
                facet.options.append(
                    FacetOption(
                        value,
                        option_label,
                        count,
                        self.url(**{name: value, "page": None}),
                        selected=value == chosen,
                    )
                )
        return facet

    def document_facet(self, paragraphs, notes):
        fields = {"value": F("document__slug"), "label": DOCUMENT_LABEL}
        per_kind = [
            self.filterset.narrow(queryset, skip="document")
            .values(**fields)
            .annotate(count=Count("pk"))
            .order_by()
            for queryset in (paragraphs, notes)
        ]
        totals: dict[tuple[str, str], int] = {}
        for row in per_kind[0].union(per_kind[1], all=True):
            key = (row["value"], row["label"])
            totals[key] = totals.get(key, 0) + row["count"]
        rows = sorted(
            ((value, label, count) for (value, label), count in totals.items()),
            key=lambda row: (-row[2], row[1]),
        )
        return self.make_facet("document", "Document", rows)

    def kind_facet(self, paragraphs, notes):
        paragraph_kinds = (
            self.filterset.narrow(paragraphs, skip="kind")
            .values(value=F("kind"))
            .annotate(count=Count("pk"))
            .order_by()
        )
        note_kinds = (
            self.filterset.narrow(notes, skip="kind")
            .values(value=Value(NOTE))
            .annotate(count=Count("pk"))
            .order_by()
        )
        counts = {row["value"]: row["count"] for row in paragraph_kinds.union(note_kinds, all=True)}
        rows = [(value, label, counts.get(value, 0)) for value, label in KIND_LABELS.items()]
        return self.make_facet("kind", "Kind of passage", rows)

    def mention_facet(self, name, paragraphs, notes):
        """Actors (or events) mentioned in the results, with the number of passages for each."""
        paragraph_ids = self.filterset.narrow(paragraphs, skip=name).values("pk")
        note_ids = self.filterset.narrow(notes, skip=name).values("pk")
        label = "name" if name == "actor" else "title"
        rows = (
            Mention.objects.filter(**{f"{name}__isnull": False})
            .filter(Q(paragraph__in=paragraph_ids) | Q(footnote__in=note_ids))
            .values(value=F(f"{name}__slug"), label=F(f"{name}__{label}"))
            .annotate(count=Count("paragraph", distinct=True) + Count("footnote", distinct=True))
            .order_by("-count", "label")[:FACET_SIZE]
        )
        facet_label = PassageFilterSet.base_filters[name].label
        return self.make_facet(
            name, facet_label, [(r["value"], r["label"], r["count"]) for r in rows]
        )
