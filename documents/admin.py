"""Curation of documents and what is read in them.

A document's page holds its sections, paragraphs (kind, speaker, text) and notes as inlines in
reading order; paragraphs, notes, actors, events, mentions and cross-references have their own
pages with search, filters and autocomplete. Every page records history (with diffs and revert)
and refuses a save made on a stale copy (see documents.curated_admin).

Extra pages on the document list: "Import a text" (upload → preview → confirm), "Deleted
documents" (restore one with its paragraphs and notes) and "Check texts" (consistency problems).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from citations.admin import CitationInline

from . import admin_import, consistency, publishing, restore
from .curated_admin import CuratedAdmin, CuratedTabularInline
from .importer import ImportRefused
from .merge import merge_actors
from .models import (
    Actor,
    ActorAlias,
    CrossReference,
    Document,
    Event,
    Footnote,
    FootnoteRef,
    Mention,
    Paragraph,
    Section,
)
from .parser import ParseError

TEXT_ROWS = forms.Textarea(attrs={"rows": 4, "cols": 60})


def excerpt(text, words=14):
    return Truncator(text).words(words, truncate="…")


def change_link(obj, label=None):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label if label is not None else obj)


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


class SectionInline(DocumentPartInline):
    model = Section
    fields = ["position", "title"]
    extra = 0
    show_change_link = True


class ParagraphInline(DocumentPartInline):
    model = Paragraph
    fields = ["number", "section", "kind", "speaker", "text"]
    readonly_fields = ["number"]
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


class FootnoteInline(DocumentPartInline):
    model = Footnote
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


# -- documents -------------------------------------------------------------------------------------


@admin.register(Document)
class DocumentAdmin(CuratedAdmin):
    list_display = [
        "title",
        "kind",
        "status",
        "authors",
        "paragraph_count",
        "note_count",
        "last_updated",
    ]
    list_filter = ["status", "kind", "language"]
    # The counts' GROUP BY drops the model's ordering: without this, the autocomplete (which
    # pages through this queryset) would list documents in no order and could repeat or skip.
    ordering = ["title", "pk"]
    search_fields = ["title", "slug", "authors", "interviewee"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "short_label", "slug", "kind", "status"]}),
        (
            "Publication",
            {
                "fields": [
                    "authors",
                    "affiliation",
                    "interviewee",
                    "publication",
                    "publication_date",
                    "language",
                ]
            },
        ),
        ("Front matter", {"fields": ["abstract", "keywords"], "classes": ["collapse"]}),
        ("Editors", {"fields": ["editorial_note", "created", "updated"]}),
    ]
    inlines = [SectionInline, ParagraphInline, FootnoteInline]
    actions = ["publish", "unpublish"]
    change_list_template = "admin/documents/document/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="paragraphs", ordering="paragraph_count")
    def paragraph_count(self, document):
        return document.paragraph_count

    @admin.display(description="notes", ordering="note_count")
    def note_count(self, document):
        return document.note_count

    @admin.display(description="updated", ordering="updated")
    def last_updated(self, document):
        return date_format(timezone.localtime(document.updated), "j M Y")

    def get_object(self, request, object_id, from_field=None):
        # The change page needs no counts (they would join every paragraph with every note).
        queryset = Document.objects.all()
        model = queryset.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(unquote(object_id))})
        except (model.DoesNotExist, forms.ValidationError, ValueError):
            return None

    # publish workflow

    @admin.action(description="Publish the selected documents", permissions=["change"])
    def publish(self, request, queryset):
        count = publishing.publish(queryset)
        self.message_user(request, f"{count} document(s) published.", messages.SUCCESS)

    @admin.action(
        description="Return the selected documents to draft (hide them)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = publishing.unpublish(queryset)
        self.message_user(
            request,
            f"{count} document(s) returned to draft: hidden from the public.",
            messages.SUCCESS,
        )

    # extra pages

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="documents_document_import"),
            path("deleted/", view(self.deleted_view), name="documents_document_deleted"),
            path(
                "deleted/<int:history_id>/restore/",
                view(require_POST(self.restore_view)),
                name="documents_document_restore",
            ),
            path("check/", view(self.check_view), name="documents_document_check"),
            *super().get_urls(),
        ]

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        preview = confirm = None
        form = admin_import.ImportForm()
        if request.method == "POST" and "confirm" in request.POST:
            confirm = admin_import.ConfirmForm(request.POST)
            if confirm.is_valid():
                try:
                    document, summary = admin_import.import_confirmed(confirm)
                except (ParseError, ImportRefused) as error:
                    self.message_user(request, f"Nothing was imported: {error}", messages.ERROR)
                    return redirect("admin:documents_document_import")
                self.log_addition(request, document, [{"added": {}}])
                self.message_user(
                    request,
                    f"{summary}. The document is a draft: the public cannot see it until you "
                    "publish it.",
                    messages.SUCCESS,
                )
                return redirect("admin:documents_document_change", document.pk)
            self.message_user(request, "The confirmation was incomplete.", messages.ERROR)
        elif request.method == "POST":
            form = admin_import.ImportForm(request.POST, request.FILES)
            if form.is_valid():
                values = form.cleaned_data
                data = values["file"].read()
                preview = admin_import.build_preview(
                    data,
                    filename=values["file"].name,
                    slug=values["slug"],
                    kind=values["kind"],
                    title=values["title"],
                )
                if preview.ok:
                    confirm = admin_import.ConfirmForm(
                        initial={
                            "data": admin_import.encode(data),
                            "filename": values["file"].name,
                            "slug": values["slug"],
                            "kind": values["kind"],
                            "title": values["title"],
                        }
                    )
        context = self._context(
            request,
            "Import a text" if preview is None else f"Preview of {preview.filename}",
            form=form,
            preview=preview,
            confirm=confirm if preview is not None and preview.ok else None,
        )
        return TemplateResponse(request, "admin/documents/document/import.html", context)

    def deleted_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = self._context(
            request,
            "Deleted documents",
            deleted=restore.deleted_documents(),
            can_restore=self.has_add_permission(request),
        )
        return TemplateResponse(request, "admin/documents/document/deleted.html", context)

    def restore_view(self, request, history_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            summary = restore.restore_document(history_id)
        except restore.RestoreRefused as refused:
            self.message_user(request, f"Not restored: {refused}.", messages.ERROR)
            return redirect("admin:documents_document_deleted")
        self.log_change(request, summary.document, "Restored after deletion.")
        self.message_user(request, str(summary), messages.SUCCESS)
        for sentence in summary.skipped:
            self.message_user(request, f"Not restored: {sentence}", messages.WARNING)
        return redirect("admin:documents_document_change", summary.document.pk)

    def check_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        problems = consistency.find_problems()
        context = self._context(request, "Check texts", problems=problems)
        return TemplateResponse(request, "admin/documents/document/check.html", context)

    # history of the document's parts on the document's history page

    def history_view(self, request, object_id, extra_context=None):
        context = dict(extra_context or {})
        try:
            pk = int(unquote(object_id))
        except ValueError:
            raise Http404 from None
        context["part_changes"] = part_changes(pk, self, request)
        return super().history_view(request, object_id, context)


PART_CHANGES_SHOWN = 50


def part_changes(document_id, model_admin, request):
    """The latest changes to a document's sections, paragraphs and notes, each with its diff."""
    rows = []
    for model, label in (
        (Section, lambda r: f"section {r.position}"),
        (Paragraph, lambda r: f"¶ {r.position}"),
        (Footnote, lambda r: f"note {r.number}"),
    ):
        history = model.history.model
        recent = list(
            history.objects.filter(document_id=document_id)
            .select_related("history_user")
            .order_by("-history_date")[:PART_CHANGES_SHOWN]
        )
        ids = {record.id for record in recent}
        everything = {}
        for record in history.objects.filter(id__in=ids).order_by("history_date"):
            everything.setdefault(record.id, []).append(record)
        for record in recent:
            versions = everything[record.id]
            index = next(i for i, v in enumerate(versions) if v.history_id == record.history_id)
            changes = []
            if index > 0 and record.history_type == "~":
                delta = record.diff_against(versions[index - 1], foreign_keys_are_objs=True)
                helper = model_admin.get_historical_record_context_helper(request, record)
                helper.model = model
                changes = helper.context_for_delta_changes(delta)
            opts = model._meta
            rows.append(
                {
                    "record": record,
                    "what": label(record),
                    "changes": changes,
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                        args=[record.id, record.history_id],
                    ),
                    "history_url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.id]
                    ),
                }
            )
    rows.sort(key=lambda row: row["record"].history_date, reverse=True)
    return rows[:PART_CHANGES_SHOWN]


# -- paragraphs and notes --------------------------------------------------------------------------


def marked_text(paragraph):
    """The saved text with its note markers (superscript) and mentions (highlighted, with their
    offsets), so an editor sees where the anchors stand. Escaped piece by piece."""
    if paragraph is None or paragraph.pk is None:
        return "—"
    text = paragraph.text
    events = []  # (offset, order, html)
    for ref in paragraph.note_refs.select_related("footnote"):
        events.append((ref.offset, 2, format_html("<sup>{}</sup>", ref.footnote.number)))
    for mention in paragraph.mentions.all():
        if text[mention.start : mention.end] == mention.surface:
            title = f"{mention.start}–{mention.end}"
            events.append((mention.start, 1, format_html('<mark title="{}">', title)))
            events.append((mention.end, 0, mark_safe("</mark>")))
    events.sort(key=lambda event: (event[0], event[1]))
    parts, position = [], 0
    for offset, _order, html in events:
        parts.append(conditional_escape(text[position:offset]))
        parts.append(html)
        position = offset
    parts.append(conditional_escape(text[position:]))
    # every part is escaped above, so the joined string is safe
    return format_html('<div class="curation-marked">{}</div>', mark_safe("".join(parts)))


class FootnoteRefInline(admin.TabularInline):
    model = FootnoteRef
    fk_name = "paragraph"
    fields = ["footnote", "offset", "ordinal"]
    autocomplete_fields = ["footnote"]
    extra = 0
    verbose_name = "note marker"
    verbose_name_plural = "note markers (character offsets in the text)"


class MentionForm(forms.ModelForm):
    """A mention is entered by its words; its offsets are found in the text where certain.

    Leave "start" empty when the words occur once in the passage; give it when they occur more
    than once. The words must stand in the text exactly where the offsets say.
    """

    class Meta:
        model = Mention
        fields = ["paragraph", "footnote", "surface", "start", "end", "actor", "event"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            if name in self.fields:
                self.fields[name].required = False
        if "start" in self.fields:
            self.fields[
                "start"
            ].help_text = "Leave empty when the words occur once in the text: it is found for you."

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and not self.has_changed():
            return cleaned  # an untouched row: its place is the anchoring code's business
        passage = (
            cleaned.get("paragraph")
            or cleaned.get("footnote")
            or self.instance.paragraph_id
            and self.instance.paragraph
            or self.instance.footnote_id
            and self.instance.footnote
        )
        surface = cleaned.get("surface")
        if not passage or not surface:
            return cleaned
        try:
            cleaned["start"], cleaned["end"] = locate(
                passage.text, surface, cleaned.get("start"), cleaned.get("end")
            )
        except ValueError as problem:
            raise forms.ValidationError(str(problem)) from None
        self.instance.start, self.instance.end = cleaned["start"], cleaned["end"]
        return cleaned


def locate(text, surface, start=None, end=None):
    """(start, end) of `surface` in `text`; raises ValueError saying what is wrong."""
    if start is None:
        places = [i for i in range(len(text)) if text.startswith(surface, i)]
        if not places:
            raise ValueError(f"“{surface}” is not in the text (check its spelling)")
        if len(places) > 1:
            raise ValueError(
                f"“{surface}” occurs {len(places)} times in the text, at "
                f"{', '.join(map(str, places))}: give the start of the one you mean"
            )
        start = places[0]
    end = start + len(surface) if end is None else end
    if text[start:end] != surface:
        raise ValueError(f"the text at {start}–{end} reads “{text[start:end]}”, not “{surface}”")
    return start, end


class ParagraphMentionInline(CuratedTabularInline):
    model = Mention
    form = MentionForm
    fk_name = "paragraph"
    fields = ["surface", "start", "end", "actor", "event"]
    autocomplete_fields = ["actor", "event"]
    extra = 0


class FootnoteMentionInline(ParagraphMentionInline):
    fk_name = "footnote"


class CrossReferenceInline(CuratedTabularInline):
    model = CrossReference
    fk_name = "source"
    fields = ["relation", "target", "reason"]
    autocomplete_fields = ["target"]
    extra = 0
    verbose_name = "cross-reference from this paragraph"
    verbose_name_plural = "cross-references from this paragraph"


@admin.register(Paragraph)
class ParagraphAdmin(CuratedAdmin):
    list_display = ["__str__", "kind", "speaker", "excerpt"]
    list_filter = ["document", "kind", "speaker"]
    list_select_related = ["document"]
    search_fields = ["text", "document__title"]
    autocomplete_fields = ["document", "section"]
    fields = ["document", "section", "position", "kind", "speaker", "text", "text_with_anchors"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField"})}
    }
    inlines = [FootnoteRefInline, ParagraphMentionInline, CrossReferenceInline]

    @admin.display(description="text")
    def excerpt(self, paragraph):
        return excerpt(paragraph.text)

    def get_readonly_fields(self, request, obj=None):
        # The number is a permanent address: set when a paragraph is added, never changed.
        return (
            ["document", "position", "text_with_anchors"]
            if obj is not None
            else ["text_with_anchors"]
        )

    @admin.display(description="as saved, with its anchors")
    def text_with_anchors(self, paragraph):
        return marked_text(paragraph)


@admin.register(Footnote)
class FootnoteAdmin(CuratedAdmin):
    list_display = ["__str__", "excerpt", "anchors"]
    list_filter = ["document"]
    ordering = ["document", "number", "pk"]  # the marker count's GROUP BY drops the model's own
    list_select_related = ["document"]
    search_fields = ["text", "document__title", "=number"]
    autocomplete_fields = ["document"]
    fields = ["document", "number", "text"]
    inlines = [CitationInline, FootnoteMentionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(anchor_count=Count("refs"))

    @admin.display(description="text")
    def excerpt(self, footnote):
        return excerpt(footnote.text)

    @admin.display(description="markers", ordering="anchor_count")
    def anchors(self, footnote):
        return footnote.anchor_count

    def get_readonly_fields(self, request, obj=None):
        return ["document", "number"] if obj is not None else []


@admin.register(Section)
class SectionAdmin(CuratedAdmin):
    list_display = ["__str__", "document", "position"]
    list_filter = ["document"]
    list_select_related = ["document"]
    search_fields = ["title", "document__title"]
    autocomplete_fields = ["document"]


# -- actors, events, mentions, cross-references ----------------------------------------------------


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    fields = ["name", "note"]
    extra = 1


@admin.register(Actor)
class ActorAdmin(CuratedAdmin):
    list_display = ["name", "kind", "dates", "alias_list", "mention_count"]
    list_filter = ["kind"]
    ordering = ["name", "pk"]  # the mention count's GROUP BY drops the model's own
    search_fields = ["name", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]
    actions = ["merge"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(mentions_total=Count("mentions", distinct=True))
            .prefetch_related("aliases")
        )

    @admin.display(description="aliases")
    def alias_list(self, actor):
        return "; ".join(alias.name for alias in actor.aliases.all())

    @admin.display(description="mentions", ordering="mentions_total")
    def mention_count(self, actor):
        return actor.mentions_total

    @admin.action(description="Merge the selected actors into one…", permissions=["change"])
    def merge(self, request, queryset):
        actors = list(queryset.order_by("name"))
        if len(actors) < 2:
            self.message_user(request, "Select at least two actors to merge.", messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            kept = next((a for a in actors if str(a.pk) == request.POST.get("keep")), None)
            if kept is None:
                self.message_user(request, "Choose the actor to keep.", messages.ERROR)
            else:
                summary = merge_actors(kept, [a for a in actors if a.pk != kept.pk])
                self.log_change(request, kept, str(summary))
                self.message_user(request, str(summary), messages.SUCCESS)
                return HttpResponseRedirect(request.get_full_path())
        counted = Actor.objects.filter(pk__in=[a.pk for a in actors]).annotate(
            alias_total=Count("aliases", distinct=True),
            mention_total=Count("mentions", distinct=True),
            event_total=Count("events", distinct=True),
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Merge actors",
            "actors": counted.order_by("name"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/documents/actor/merge.html", context)


@admin.register(ActorAlias)
class ActorAliasAdmin(CuratedAdmin):
    list_display = ["name", "actor", "note"]
    list_select_related = ["actor"]
    search_fields = ["name", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(Event)
class EventAdmin(CuratedAdmin):
    list_display = ["title", "display_date", "precision", "place"]
    list_filter = ["precision", ("actors", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "place", "description", "date_label"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["actors"]
    date_hierarchy = "date"

    @admin.display(description="date", ordering="date")
    def display_date(self, event):
        return event.display_date


@admin.register(Mention)
class MentionAdmin(CuratedAdmin):
    list_display = ["surface", "actor", "event", "passage_link", "start", "end"]
    list_filter = [
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("event", admin.RelatedOnlyFieldListFilter),
        ("paragraph__document", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["actor", "event", "paragraph__document", "footnote__document"]
    search_fields = ["surface", "actor__name", "event__title"]
    autocomplete_fields = ["paragraph", "footnote", "actor", "event"]
    fields = ["paragraph", "footnote", "surface", "start", "end", "actor", "event"]
    form = MentionForm

    @admin.display(description="passage")
    def passage_link(self, mention):
        return change_link(mention.passage)


@admin.register(CrossReference)
class CrossReferenceAdmin(CuratedAdmin):
    list_display = ["source", "relation", "target", "reason"]
    list_filter = ["relation", ("source__document", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["source__document", "target__document"]
    search_fields = ["reason", "source__text", "target__text"]
    autocomplete_fields = ["source", "target"]
