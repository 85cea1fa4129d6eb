"""Which paragraphs and notes match a search, and in what order (documents/search/views.py
shows them).

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
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Expression, F, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf

from documents.models import Footnote, Paragraph
from documents.search.filters import NOTE
from documents.search.index import FTS_TABLE, NOTE_WEIGHT, PUBLIC_TABLE, fts_rank
from documents.search.query import ParsedQuery

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
        queryset = queryset.alias(search_vector=StoredVector())
    return queryset.filter(matches(queryset, query))


def matches(queryset, query: ParsedQuery) -> Q:
    """The condition that a passage of `queryset` matches the query. On PostgreSQL it reads the
    row's own vector (the `search_vector` alias that matching() adds), so that a second query
    on rows already matched (names.Resolution.narrow) costs no second scan of the table."""
    if _is_postgres(queryset):
        return Q(search_vector=postgres_query(query))
    parity = FTS_PARITY[queryset.model]
    return Q(
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
    count() counts without ranking (or returns the `total` the view counted with the facets);
    a slice ranks and fetches one page.

    PostgreSQL ranks with ts_rank (normalised by length). The page asked for is ranked in the
    facets' query (documents/search/facets.py), which has already found every match: it reads
    rank_columns() and the requested `window`, and hands the page's passages to take(), so
    the matches are found and ranked in one pass; only a page the Paginator moves elsewhere
    (a number past the last page) is ranked by a query of its own. SQLite ranks with bm25 in
    a query driven by the FTS5 table (`+rowid IN (…)` keeps FTS5 from running the search once
    per allowed row). Either way one more query fetches the page's passages by key: a fixed
    number of queries. Equal ranks follow reading order on PostgreSQL and storage order on
    SQLite.
    """

    def __init__(self, paragraphs, notes, query: ParsedQuery, public=True, total=None, window=None):
        self.paragraphs, self.notes, self.query = paragraphs, notes, query
        self.total = total  # the number of results where already counted (with the facets)
        # The public's results are ranked among published passages only (index.PUBLIC_TABLE),
        # so that a draft cannot move them; staff rank among everything they may see.
        self.fts_table = PUBLIC_TABLE if public else FTS_TABLE
        self.window = window  # (offset, limit) of the page the view expects to show
        self.taken: tuple[int, list[tuple[str, int]]] | None = None

    @property
    def ranks_in_facets(self) -> bool:
        """Whether the facets' query ranks the page (PostgreSQL: ranks are per passage)."""
        return self.window is not None and _is_postgres(self.paragraphs)

    def rank_columns(self, queryset) -> dict:
        """The columns the facets' query adds to each match to rank it as _postgres_keys does."""
        is_note = queryset.model is Footnote
        return {
            "hit_rank": _rank(queryset, self.query),
            "hit_number": F("number" if is_note else "position"),
        }

    def take(self, keys: list[tuple[str, int]]) -> None:
        """The window's passages, ranked by the facets' query: [(hit_source, hit_id)]."""
        self.taken = (self.window[0], keys)

    def count(self) -> int:
        if self.total is not None:
            return self.total
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
        if self.taken is not None and self.taken[0] == offset:
            keys = dict.fromkeys(self.taken[1][:limit])
        elif _is_postgres(self.paragraphs):
            keys = self._postgres_keys(offset, limit)
        else:
            keys = self._sqlite_keys(offset, limit)
        return self._rows(keys)

    def _postgres_keys(self, offset, limit) -> dict:
        def ranked(queryset):
            return _hits(queryset).annotate(hit_rank=_rank(queryset, self.query))

        fields = ("hit_source", "hit_id", "hit_rank", "doc_title", "doc_slug", "hit_number")
        union = (
            ranked(self.paragraphs)
            .values(*fields)
            .union(ranked(self.notes).values(*fields), all=True)
        )
        # Equal ranks: the text's paragraphs before notes ("paragraph" > "note"), then reading order.
        ordered = union.order_by("-hit_rank", "-hit_source", "doc_title", "doc_slug", "hit_number")
        return {
            (row["hit_source"], row["hit_id"]): row["hit_rank"]
            for row in ordered[offset : offset + limit]
        }

    def _sqlite_keys(self, offset, limit) -> dict:
        allowed = (
            self.paragraphs.order_by()
            .values(fts_rowid=F("pk") * 2)
            .union(self.notes.order_by().values(fts_rowid=F("pk") * 2 + 1), all=True)
        )
        try:
            allowed_sql, allowed_params = allowed.query.sql_with_params()
        except EmptyResultSet:
            return {}
        table = self.fts_table
        with connections[self.paragraphs.db].cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {fts_rank(table)} AS score FROM {table} "
                f"WHERE {table} MATCH %s AND +rowid IN ({allowed_sql}) "
                # Equal ranks: paragraphs (even rowids) before notes, then storage order.
                f"ORDER BY score DESC, rowid & 1, rowid LIMIT %s OFFSET %s",
                [self.query.fts5(), *allowed_params, limit, offset],
            )
            return {
                ("note" if rowid & 1 else "paragraph", rowid >> 1): score
                for rowid, score in cursor.fetchall()  # in ranked order
            }

    def _rows(self, keys: dict) -> list[dict]:
        """The passages of `keys` ({(hit_source, hit_id): rank}, in ranked order), as shown."""
        if not keys:
            return []
        paragraph_ids = [pk for source, pk in keys if source == "paragraph"]
        note_ids = [pk for source, pk in keys if source == "note"]
        rows = (
            _hits(Paragraph.objects.filter(pk__in=paragraph_ids))
            .values(*HIT_FIELDS)
            .union(_hits(Footnote.objects.filter(pk__in=note_ids)).values(*HIT_FIELDS), all=True)
        )
        found = {(row["hit_source"], row["hit_id"]): row for row in rows}
        return [{**found[key], "hit_rank": rank} for key, rank in keys.items() if key in found]


def _rank(queryset, query: ParsedQuery):
    """ts_rank normalised by length; a note counts for less (index.NOTE_WEIGHT)."""
    rank = SearchRank(StoredVector(), postgres_query(query), normalization=1)
    return rank * Value(NOTE_WEIGHT) if queryset.model is Footnote else rank
