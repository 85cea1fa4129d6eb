"""The facets beside the search results (document, kind of passage, actor, event): each with
its options counted under the other facets in force. The filters that narrow the results by
them are in documents/search/filters.py.

All four facets and the number of results come from one query, whatever the size of the
collection: the matching paragraphs and notes are found once (two common table expressions,
each passage with a true/false column per facet in force, PassageFilterSet.conditions), then
counted by document, by kind, and through their mentions by actor and by event, each facet
under the conditions of the others. On PostgreSQL the ids of the actors and events each
passage mentions are kept in two narrow tables (migration 0015_search4_mentioned, kept by
triggers), one lookup a match; SQLite joins the matches to their mentions through four partial indexes
(migration 0014_search_indexes). On PostgreSQL the same query also ranks the matches and keeps
the page of results asked for (ranking.RankedHits).

The document facet is bounded: the FACET_SIZE documents with the most matches (ties by label),
plus the chosen document wherever it ranks, and how many more documents have matches.
"""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.db import connections
from django.db.models import Case, CharField, F, Q, Value, When

from documents.models import Actor, Document, Event, Mention
from documents.search.filters import KIND_CHOICES, NOTE, PassageFilterSet

FACET_SIZE = 15  # documents / actors / events listed: the most frequent
KIND_LABELS = dict(KIND_CHOICES)


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
    more: int = 0  # values with matches that are not listed (documents beyond FACET_SIZE)


class SearchFacets:
    """The SearchView's facets; reads its `params`, `filterset` and `url()`."""

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

    def count_facets(self, paragraphs, notes, ranked=None) -> tuple[int, list[Facet]]:
        """(number of results, [document, kind, actor, event facets]) in one query; with
        `ranked` (ranking.RankedHits) that ranks in it, the page of results asked for too."""
        counts: dict[str, list[tuple]] = {}
        with connections[paragraphs.db].cursor() as cursor:
            cursor.execute(*self._facet_sql(paragraphs, notes, ranked))
            for facet, value, label, count in cursor.fetchall():
                counts.setdefault(facet, []).append((value, label, count))
        if ranked is not None and ranked.ranks_in_facets:
            page = sorted(counts.get("page", []), key=lambda row: row[2])
            ranked.take([(source, int(pk)) for source, pk, _ in page])
        total = counts.get("total", [(None, None, 0)])[0][2]
        with_matches = counts.get("documents", [(None, None, 0)])[0][2]

        # Most matches first, then by label, then by address: two documents (or actors) with
        # one label and as many matches keep one order, and the same one makes the list.
        documents = sorted(counts.get("document", []), key=_facet_order)
        chosen = self.params.get("document")
        shown = documents[:FACET_SIZE]
        shown += [row for row in documents[FACET_SIZE:] if row[0] == chosen]
        document = self.make_facet("document", "Document", shown)
        document.more = max(0, with_matches - len(document.options))

        kinds = {value: count for value, _, count in counts.get("kind", [])}
        kind_rows = [(value, label, kinds.get(value, 0)) for value, label in KIND_LABELS.items()]
        facets = [document, self.make_facet("kind", "Kind of passage", kind_rows)]
        for name in ("actor", "event"):
            rows = sorted(counts.get(name, []), key=_facet_order)
            facets.append(self.make_facet(name, PassageFilterSet.base_filters[name].label, rows))
        return total, facets

    def _hits_sql(self, queryset, kind, ranked) -> tuple[str, list]:
        """The matches of `queryset` (paragraphs or notes), a row each: id, document, kind, a
        true/false column per facet in force, and the columns to rank them (`ranked`)."""
        columns = {"hit_id": F("pk"), "hit_document": F("document"), "hit_kind": kind}
        conditions = self.filterset.conditions(queryset)
        if ranked:
            columns.update(ranked.rank_columns(queryset))
            if conditions:  # only the results shown are ranked (ts_rank is most of the cost)
                shown = reduce(operator.and_, (Q(condition) for condition in conditions.values()))
                columns["hit_rank"] = Case(When(shown, then=columns["hit_rank"]))
        for name, condition in conditions.items():
            columns[f"ok_{name}"] = condition
        values = queryset.order_by().values(**columns)
        return values.query.get_compiler(using=values.db).as_sql()

    def _facet_sql(self, paragraphs, notes, ranked=None) -> tuple[str, list]:
        connection = connections[paragraphs.db]
        qn = connection.ops.quote_name
        chosen = list(self.filterset.chosen)
        ranking = ranked if ranked is not None and ranked.ranks_in_facets else None
        arrays = connection.vendor == "postgresql"  # the tables of migration 0015_search4_mentioned

        def where(skip):
            """Every facet in force but `skip` (None: all of them)."""
            return " AND ".join([f"h.ok_{name}" for name in chosen if name != skip] or ["1 = 1"])

        paragraph_sql, paragraph_params = self._hits_sql(paragraphs, F("kind"), ranking)
        note_sql, note_params = self._hits_sql(
            notes, Value(NOTE, output_field=CharField()), ranking
        )
        params = [*paragraph_params, *note_params]
        ok = "".join(f", ok_{name}" for name in chosen)
        document_table, mention = qn(Document._meta.db_table), qn(Mention._meta.db_table)

        chosen_document = self.filterset.chosen.get("document")
        chosen_first = ""
        if chosen_document is not None:  # listed whatever its rank (below, in Python)
            chosen_first = "CASE WHEN d.id = %s THEN 0 ELSE 1 END, "
            params.append(chosen_document.pk)
        params.append(FACET_SIZE + 1)
        members = [
            "SELECT * FROM (SELECT 'document' AS facet, d.slug AS value, "
            "COALESCE(NULLIF(d.short_label, ''), d.title) AS label, c.n AS n FROM ("
            f"SELECT h.hit_document, COUNT(*) AS n FROM hits h WHERE {where('document')} "
            f"GROUP BY h.hit_document) c JOIN {document_table} d ON d.id = c.hit_document "
            f"ORDER BY {chosen_first}c.n DESC, label, d.slug LIMIT %s) documents_facet",
            "SELECT 'documents', NULL, NULL, COUNT(DISTINCT h.hit_document) FROM hits h "
            f"WHERE {where('document')}",
            f"SELECT 'total', NULL, NULL, COUNT(*) FROM hits h WHERE {where(None)}",
            f"SELECT 'kind', h.hit_kind, NULL, COUNT(*) FROM hits h WHERE {where('kind')} "
            "GROUP BY h.hit_kind",
        ]
        for name, model, label in (("actor", Actor, "name"), ("event", Event, "title")):
            register_sql = _mentioned_facet_sql if arrays else _register_facet_sql
            members.append(register_sql(name, model, label, where(name), qn, mention))
            params.append(FACET_SIZE)
        if ranking:
            members.append(_page_sql(where(None), document_table))
            params.extend(reversed(ranking.window))  # LIMIT, OFFSET
        sql = (
            f"WITH paragraph_hits AS ({paragraph_sql}), note_hits AS ({note_sql}), "
            f"hits AS ({_hits_union(ok, arrays)}) " + " UNION ALL ".join(members)
        )
        return sql, params


def _facet_order(row: tuple) -> tuple:
    """A facet's (value, label, count) rows: most matches first, then label, then value (the
    slug: labels may repeat)."""
    value, label, count = row
    return (-count, label, value)


def _hits_union(ok: str, arrays: bool) -> str:
    """The `hits` of the facets' query: the paragraphs' and notes' matches, with the ids of the
    actors and events each mentions where the database keeps them (PostgreSQL, the tables of
    migration 0015_search4_mentioned: a lookup a match instead of joining all its mentions)."""
    if not arrays:
        return (
            f"SELECT hit_document, hit_kind{ok} FROM paragraph_hits "
            f"UNION ALL SELECT hit_document, hit_kind{ok} FROM note_hits"
        )
    return " UNION ALL ".join(
        f"SELECT hit_document, hit_kind{ok}, s.actors AS hit_actors, s.events AS hit_events "
        f"FROM {cte} LEFT JOIN {table}_mentioned s ON s.{column} = hit_id"
        for cte, table, column in (
            ("paragraph_hits", "documents_paragraph", "paragraph_id"),
            ("note_hits", "documents_footnote", "footnote_id"),
        )
    )


def _page_sql(condition, document_table) -> str:
    """The member of the facets query that ranks the results (as ranking.RankedHits does) and
    keeps one page of them: ('page', 'paragraph' or 'note', id, place on the page). Equal ranks:
    the text's paragraphs before notes, then reading order. Two parameters: LIMIT, OFFSET."""
    matches = " UNION ALL ".join(
        f"SELECT '{source}' AS source, hit_id, hit_document, hit_rank, hit_number "
        f"FROM {table} h WHERE {condition}"
        for source, table in (("paragraph", "paragraph_hits"), ("note", "note_hits"))
    )
    return (
        "SELECT 'page', ranked.source, CAST(ranked.hit_id AS text), ROW_NUMBER() OVER () "
        f"FROM (SELECT m.source, m.hit_id FROM ({matches}) m "
        f"JOIN {document_table} d ON d.id = m.hit_document "
        "ORDER BY m.hit_rank DESC, m.source DESC, d.title, d.slug, m.hit_number "
        "LIMIT %s OFFSET %s) ranked"
    )


def _mentioned_facet_sql(name, model, label, condition, qn, mention) -> str:
    """As _register_facet_sql, from the arrays of the actors (or events) each match mentions
    (PostgreSQL, _hits_union): each id once a passage."""
    return (
        f"SELECT * FROM (SELECT '{name}', t.slug, t.{qn(label)}, c.n FROM ("
        f"SELECT target, COUNT(*) AS n FROM (SELECT UNNEST(h.hit_{name}s) AS target "
        f"FROM hits h WHERE {condition}) pairs GROUP BY target) c "
        f"JOIN {qn(model._meta.db_table)} t ON t.id = c.target "
        f"ORDER BY c.n DESC, t.{qn(label)}, t.slug LIMIT %s) {name}_facet"
    )


def _register_facet_sql(name, model, label, condition, qn, mention) -> str:
    """The member of the facets query that counts the matching passages mentioning each actor
    (or event): a passage once however often it names them, its paragraphs and notes read
    through the partial indexes on Mention; the FACET_SIZE most frequent (one parameter)."""
    column = qn(f"{name}_id")
    pairs = " UNION ALL ".join(
        f"SELECT DISTINCT m.{column} AS target, m.{qn(passage)} AS passage "
        f"FROM {table} h JOIN {mention} m ON m.{qn(passage)} = h.hit_id "
        f"WHERE m.{qn(passage)} IS NOT NULL AND m.{column} IS NOT NULL "
        f"AND {condition}"
        for table, passage in (
            ("paragraph_hits", "paragraph_id"),
            ("note_hits", "footnote_id"),
        )
    )
    return (
        f"SELECT * FROM (SELECT '{name}', t.slug, t.{qn(label)}, c.n FROM ("
        f"SELECT target, COUNT(*) AS n FROM ({pairs}) pairs GROUP BY target) c "
        f"JOIN {qn(model._meta.db_table)} t ON t.id = c.target "
        f"ORDER BY c.n DESC, t.{qn(label)}, t.slug LIMIT %s) {name}_facet"
    )
