"""The facets beside the search results (document, kind of passage, actor, event): each with
its options counted under the other facets in force, one query a facet. The filters that
narrow the results by them are in documents/search/filters.py."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Value

from documents.models import Document, Mention
from documents.search.filters import KIND_CHOICES, NOTE, PassageFilterSet
from documents.search.ranking import DOCUMENT_LABEL

FACET_SIZE = 15  # most frequent actors / events listed
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
