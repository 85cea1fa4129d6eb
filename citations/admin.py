"""Curation of where the notes point: archives, archival files and documents, sources, citations.

Kept deliberately generic: forms show every editable field of the models, relations use
autocomplete, and list columns, filters and search name only fields that exist, so fields
added to these models later appear here without a change. History (with diffs and revert) comes
from documents.curation.admin_base.
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from documents.admin.passages import FootnoteAdmin
from documents.curation.admin_base import CuratedAdmin, CuratedInline

from .models import ArchivalDocument, ArchivalFile, Archive, Citation, Source

# Models whose admin can answer autocomplete queries (all have search_fields).
SEARCHABLE = {"documents.document", "documents.footnote", "documents.paragraph"}


def existing(model, names):
    """Those of `names` that are fields (or attributes) of `model`; lookups by their first part."""
    present = []
    for name in names:
        first = name.lstrip("=^@").split("__")[0]
        try:
            model._meta.get_field(first)
        except FieldDoesNotExist:
            if name == "__str__" or (hasattr(model, name) and "__" not in name):
                present.append(name)
            continue
        present.append(name)
    return present


def relation_fields(model):
    """Foreign keys to models that can be searched: shown as autocomplete widgets."""
    names = []
    for field in model._meta.get_fields():
        if isinstance(field, models.ForeignKey) and field.related_model is not None:
            label = field.related_model._meta.label_lower
            if label in SEARCHABLE or field.related_model._meta.app_label == "citations":
                names.append(field.name)
    return names


def list_filters(model, names):
    present = existing(model, names)
    return [
        (name, admin.RelatedOnlyFieldListFilter)
        if "__" not in name and isinstance(model._meta.get_field(name), models.ForeignKey)
        else name
        for name in present
    ]


class CitationsAdmin(CuratedAdmin):
    """Columns, filters and search given as wishes; only those the model has are used."""

    wanted_display: list[str] = ["__str__"]
    wanted_filters: list[str] = []
    wanted_search: list[str] = []
    wanted_related: list[str] = []

    def __init__(self, model, admin_site):
        self.list_display = existing(model, self.wanted_display) or ["__str__"]
        self.list_filter = list_filters(model, self.wanted_filters)
        self.search_fields = existing(model, self.wanted_search)
        self.list_select_related = existing(model, self.wanted_related)
        self.autocomplete_fields = relation_fields(model)
        super().__init__(model, admin_site)


@admin.register(Archive)
class ArchiveAdmin(CitationsAdmin):
    wanted_display = ["abbreviation", "abbreviation_original", "name", "place"]
    wanted_search = ["abbreviation", "abbreviation_original", "name", "name_original", "slug"]
    prepopulated_fields = {"slug": ["abbreviation"]}


@admin.register(ArchivalFile)
class ArchivalFileAdmin(CitationsAdmin):
    wanted_display = ["__str__", "archive", "collection", "fond", "opis", "delo", "papka"]
    wanted_filters = ["archive"]
    wanted_search = [
        "archive__abbreviation",
        "collection",
        "fond",
        "opis",
        "delo",
        "papka",
        "reel",
    ]
    wanted_related = ["archive"]


@admin.register(ArchivalDocument)
class ArchivalDocumentAdmin(CitationsAdmin):
    wanted_display = ["__str__", "kind", "date", "author", "addressee", "file", "folios"]
    wanted_filters = ["file__archive", "kind"]
    wanted_search = ["title", "kind", "author", "addressee", "date", "number", "summary"]
    wanted_related = ["file__archive", "published_in"]


@admin.register(Source)
class SourceAdmin(CitationsAdmin):
    wanted_display = ["title", "csl_type", "container_title", "issued", "publisher"]
    wanted_filters = ["csl_type", "is_documents_edition"]
    # `authors` is a JSON list of CSL names, searched as text.
    wanted_search = ["title", "container_title", "publisher", "issued", "slug", "authors"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Citation)
class CitationAdmin(CitationsAdmin):
    wanted_display = ["__str__", "kind", "pinpoint", "needs_review"]
    wanted_filters = ["kind", "needs_review", "footnote__document"]
    wanted_search = ["printed", "remark", "footnote__text", "pinpoint"]
    wanted_related = ["footnote__document"]


class CitationInline(CuratedInline, admin.StackedInline):
    """The citations of a note, on the note's page (every editable field, relations searched)."""

    model = Citation
    fk_name = "footnote"
    extra = 0
    ordering = ["position"]
    show_change_link = True

    def __init__(self, parent_model, admin_site):
        self.autocomplete_fields = [
            name for name in relation_fields(self.model) if name != self.fk_name
        ]
        super().__init__(parent_model, admin_site)


# A note's citations are edited on the note's own admin page, first.
FootnoteAdmin.inlines = [CitationInline, *FootnoteAdmin.inlines]
