"""A document's change page, its parts: sections, paragraphs and notes as inlines in reading order,
paged a dozen rows at a time (a long text stays workable), and the suggestions offered after an import."""

import re

from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from documents.admin import importing as admin_import
from documents.admin.common import TEXT_ROWS
from documents.admin.passages import ParagraphForm
from documents.curation.admin_base import CuratedTabularInline
from documents.linking import suggestions
from documents.models import (
    Footnote,
    FootnoteRef,
    Paragraph,
    Section,
)

# -- document page inlines -----------------------------------------------------------------------


class DocumentPartInline(CuratedTabularInline):
    """Rows of a document's page: their labels name the document, which is already loaded."""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")


def part_links(obj, label):
    """The first cell of a paragraph's or note's row: its own admin page and its public place."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html(
        '<a href="{}" title="Edit on its own page (markers, mentions, links)">{}</a><br>'
        '<a class="curation-note" href="{}">on site</a>',
        url,
        label,
        obj.get_absolute_url(),
    )


PAGE_ROWS = 12  # paragraphs (and notes) per page of a document's change page


def page_bounds(request, model, field, parameter):
    """The rows of a document's page shown now: (first, last) values of `field` (a paragraph's
    number, a note's number) starting at the `parameter` asked for, PAGE_ROWS of them, and the
    numbers of every row (for the page's navigation). GET and POST read the same address, so a
    save posts back exactly the rows it showed."""
    match = getattr(request, "resolver_match", None)
    object_id = match.kwargs.get("object_id") if match else None
    if object_id is None or not str(object_id).isdigit():
        return None
    numbers = list(
        model.objects.filter(document_id=int(object_id))
        .order_by(field)
        .values_list(field, flat=True)
    )
    try:
        wanted = int(request.GET.get(parameter, "") or (numbers[0] if numbers else 1))
    except ValueError:
        wanted = numbers[0] if numbers else 1
    index = next((i for i, n in enumerate(numbers) if n >= wanted), max(len(numbers) - 1, 0))
    shown = numbers[index : index + PAGE_ROWS]
    return {
        "numbers": numbers,
        "first": shown[0] if shown else None,
        "last": shown[-1] if shown else None,
        "parameter": parameter,
    }


class PagedPartInline(DocumentPartInline):
    """A document's paragraphs or notes, PAGE_ROWS at a time (the whole paper's page was
    418 KiB and slow to serve, with Save a long scroll away)."""

    page_field = ""
    page_parameter = ""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.method == "POST":
            # A save takes back the rows its page showed (whatever was added meanwhile).
            prefix = self.model._meta.get_field("document").remote_field.related_name
            posted = re.compile(rf"{prefix}-\d+-id")
            ids = [v for k, v in request.POST.items() if posted.fullmatch(k) and v.isdigit()]
            return queryset.filter(pk__in=ids)
        bounds = page_bounds(request, self.model, self.page_field, self.page_parameter)
        if not bounds or bounds["first"] is None:
            return queryset
        return queryset.filter(
            **{
                f"{self.page_field}__gte": bounds["first"],
                f"{self.page_field}__lte": bounds["last"],
            }
        )


class SectionInline(DocumentPartInline):
    model = Section
    fields = ["position", "title"]
    extra = 0
    show_change_link = True


class ParagraphInline(PagedPartInline):
    model = Paragraph
    form = ParagraphForm
    page_field = "position"
    page_parameter = "from"
    fields = ["number", "section", "kind", "speaker", "text", "markers"]
    readonly_fields = ["number", "markers"]
    ordering = ["position"]
    extra = 0
    can_delete = False  # a paragraph is deleted on its own page, deliberately
    preloaded_foreign_keys = ("section",)
    formfield_overrides = {models.TextField: {"widget": TEXT_ROWS}}
    template = "admin/curation/edit_inline/text_rows.html"
    verbose_name_plural = "paragraphs (in reading order; ¶ opens a paragraph's own page)"

    def has_add_permission(self, request, obj=None):
        return False  # permanent numbers: new paragraphs are added on the paragraph page

    @admin.display(description="¶")
    def number(self, paragraph):
        return part_links(paragraph, f"¶ {paragraph.position}")

    def get_queryset(self, request):
        refs = FootnoteRef.objects.select_related("footnote").order_by("offset")
        return super().get_queryset(request).prefetch_related(Prefetch("note_refs", queryset=refs))

    @admin.display(description="note markers")
    def markers(self, paragraph):
        """Where the notes stand in the text above (the text box cannot show them): each
        marker with the words it follows."""
        text = paragraph.text
        return (
            format_html_join(
                mark_safe("<br>"),  # a constant
                "<sup>{}</sup>&nbsp;after “…{}”",
                (
                    (ref.footnote.number, " ".join(text[: ref.offset].split()[-3:]))
                    for ref in paragraph.note_refs.all()
                ),
            )
            or "—"
        )

    def get_formset(self, request, obj=None, **kwargs):
        self._document = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            document = getattr(self, "_document", None)
            kwargs["queryset"] = Section.objects.filter(document=document).order_by("position")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "section" and isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget = field.widget.widget  # a plain choice among this document's sections
        return field


class FootnoteInline(PagedPartInline):
    model = Footnote
    page_field = "number"
    page_parameter = "notes_from"
    fields = ["note", "text"]
    readonly_fields = ["note"]
    ordering = ["number"]
    extra = 0
    can_delete = False
    formfield_overrides = {models.TextField: {"widget": TEXT_ROWS}}
    template = "admin/curation/edit_inline/text_rows.html"
    verbose_name_plural = "notes (the number opens a note's own page, with its citations)"

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="note")
    def note(self, footnote):
        return part_links(footnote, str(footnote.number))


def suggest_after_import(document):
    found = suggestions.suggest(document)
    if not found:
        return None
    url = reverse("admin:documents_document_mentions", args=[document.pk])
    return format_html(
        "{} names of the register were found in the text: "
        '<a href="{}">review the suggested mentions</a>.',
        len(found),
        url,
    )


admin_import.add_import_step(suggest_after_import)


def page_navigation(request, model, field, parameter, sign, label):
    """The navigation between pages of rows: every page's first and last number."""
    bounds = page_bounds(request, model, field, parameter)
    numbers = bounds["numbers"] if bounds else []
    pages = []
    for start in range(0, len(numbers), PAGE_ROWS):
        chunk = numbers[start : start + PAGE_ROWS]
        pages.append(
            {
                "first": chunk[0],
                "last": chunk[-1],
                "current": bool(bounds) and chunk[0] == bounds["first"],
            }
        )
    return {
        "label": label,
        "sign": sign,
        "parameter": parameter,
        "pages": pages,
        "total": len(numbers),
        "shown": bounds,
        "other": [
            (name, value)
            for name, value in request.GET.items()
            if name in ("from", "notes_from") and name != parameter
        ],
    }
