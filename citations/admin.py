"""Curation of where the notes point: archives, archival files and documents, sources, citations.

Kept deliberately generic: forms show every editable field of the models, relations use
autocomplete, and list columns, filters and search name only fields that exist, so fields
added to these models later appear here without a change. History (with diffs and revert) comes
from documents.curation.admin_base.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from documents.admin import importing
from documents.admin.common import excerpt
from documents.admin.documents import DocumentAdmin
from documents.admin.passages import FootnoteAdmin
from documents.curation.admin_base import CuratedAdmin, CuratedInline

from . import drafting
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


ATTACHED = ("archival_document", "archival_file", "source", "cited_in")


class CitationForm(forms.ModelForm):
    """Kind and attached records agree: a citation that is no reference (an explanatory note, a
    quoted document's note) points at nothing, so choosing such a kind detaches what it held."""

    def clean(self):
        cleaned = super().clean()
        self.detached = []
        if cleaned.get("kind") in drafting.NOT_REFERENCES:
            for name in ATTACHED:
                if cleaned.get(name) is not None:
                    self.detached.append(cleaned[name])
                    cleaned[name] = None
        return cleaned


def review_queue_url(document=None):
    query = {"needs_review__exact": 1}
    if document is not None:
        query["footnote__document__id__exact"] = document.pk
    return f"{reverse('admin:citations_citation_changelist')}?{urlencode(query)}"


def marked_note(citation):
    """The note's printed text with this citation's words highlighted (escaped piece by piece)."""
    if citation is None or not citation.footnote_id:
        return "—"
    text, printed = citation.footnote.text, citation.printed
    start = text.find(printed) if printed else -1
    if start < 0:
        return format_html('<div class="curation-marked">{}</div>', text)
    return format_html(
        '<div class="curation-marked">{}<mark>{}</mark>{}</div>',
        text[:start],
        printed,
        text[start + len(printed) :],
    )


@admin.register(Citation)
class CitationAdmin(CitationsAdmin):
    wanted_display = ["__str__", "kind", "pinpoint", "needs_review"]
    wanted_filters = ["needs_review", "kind", "footnote__document"]
    wanted_search = ["printed", "remark", "footnote__text", "pinpoint"]
    wanted_related = ["footnote__document"]
    form = CitationForm
    readonly_fields = ["note_text", "printed_spellings"]
    change_list_template = "admin/citations/citation/change_list.html"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.list_display = ["where", "kind", "words", "needs_review"]
        self.list_display_links = ["where"]

    @admin.display(description="citation", ordering="footnote__number")
    def where(self, citation):
        note = citation.footnote
        return f"{note.document.label}, note {note.number}.{citation.position}"

    @admin.display(description="words of the note")
    def words(self, citation):
        return excerpt(citation.printed, 12)

    def get_fieldsets(self, request, obj=None):
        fields = [
            name
            for name in self.get_fields(request, obj)
            if name not in ("note_text", "printed_spellings")
        ]
        if obj is None:
            return [(None, {"fields": fields})]
        return [
            ("The note, as printed", {"fields": ["note_text", "printed_spellings"]}),
            (None, {"fields": fields}),
        ]

    @admin.display(description="note (this reference highlighted)")
    def note_text(self, citation):
        return marked_note(citation)

    @admin.display(description="printed spellings")
    def printed_spellings(self, citation):
        if not citation or not citation.printed_fields:
            return "— (the note spells every field as stored)"
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td></tr>",
            sorted((str(k).replace("_", " "), v) for k, v in citation.printed_fields.items()),
        )
        return format_html(
            "<table class='curation-spellings'><thead><tr><th scope='col'>field</th>"
            "<th scope='col'>as the note prints it</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for record in getattr(form, "detached", []):
            self._offer_to_delete(request, obj, record)

    def _offer_to_delete(self, request, citation, record):
        opts = record._meta
        still_cited = record.citations.exists() or (
            isinstance(record, Source) and record.secondary_citations.exists()
        )
        said = format_html(
            "A {} points at nothing: “{}” was detached from this citation.",
            citation.get_kind_display().lower(),
            record,
        )
        if still_cited:
            self.message_user(request, said, messages.INFO)
            return
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[record.pk])
        self.message_user(
            request,
            format_html(
                '{} No citation points at it any more: <a href="{}">delete this {}</a>?',
                said,
                url,
                opts.verbose_name,
            ),
            messages.WARNING,
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/", view(self.review_view), name="citations_citation_review"),
            *super().get_urls(),
        ]

    def review_view(self, request):
        """The review queue: every citation still flagged for an editor."""
        return redirect(review_queue_url())

    def changelist_view(self, request, extra_context=None):
        context = {
            "review_queue_url": review_queue_url(),
            "to_review": Citation.objects.filter(needs_review=True).count(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)


class CitationInline(CuratedInline, admin.StackedInline):
    """The citations of a note, on the note's page (every editable field, relations searched)."""

    model = Citation
    form = CitationForm
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


# -- drafting: after an import, and on demand -----------------------------------------------------


def drafted_message(document, drafted):
    if not drafted.citations:
        return f"“{document}”: {drafted}"
    return format_html(
        '“{}”: {}: <a href="{}">review them</a>.',
        document,
        drafted,
        review_queue_url(document),
    )


def draft_after_import(document):
    return drafted_message(document, drafting.draft(document))


def may_draft(modeladmin, request):
    if request.user.has_perm("citations.add_citation"):
        return True
    modeladmin.message_user(
        request, "Drafting citations needs the right to add them.", messages.ERROR
    )
    return False


@admin.action(description="Draft the citations of notes without any", permissions=["change"])
def draft_document_citations(modeladmin, request, queryset):
    if not may_draft(modeladmin, request):
        return
    for document in queryset:
        modeladmin.message_user(
            request, drafted_message(document, drafting.draft(document)), messages.SUCCESS
        )


@admin.action(description="Draft citations for the selected notes", permissions=["change"])
def draft_note_citations(modeladmin, request, queryset):
    if not may_draft(modeladmin, request):
        return
    by_document = {}
    for note in queryset.select_related("document"):
        by_document.setdefault(note.document, set()).add(note.number)
    for document, numbers in by_document.items():
        drafted = drafting.draft(document, numbers)
        modeladmin.message_user(request, drafted_message(document, drafted), messages.SUCCESS)


importing.add_import_step(draft_after_import)
DocumentAdmin.actions = [*DocumentAdmin.actions, draft_document_citations]
FootnoteAdmin.actions = [*(FootnoteAdmin.actions or []), draft_note_citations]
