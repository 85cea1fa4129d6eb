"""A document's page: its sections, paragraphs (kind, speaker, text) and notes as inlines in
reading order, with history (diffs and revert) and a refusal of saves made on a stale copy
(documents.curation.admin_base).

Extra pages on the document list: "Import a text" (upload → preview → confirm), "Deleted
documents" (restore one with its paragraphs and notes) and "Check texts" (consistency problems).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST
from simple_history.utils import bulk_create_with_history

from documents.admin import importing as admin_import
from documents.admin.document_parts import (
    FootnoteInline,
    ParagraphInline,
    SectionInline,
    page_navigation,
)
from documents.curation import consistency, publishing, restore
from documents.curation.admin_base import CuratedAdmin
from documents.curation.save_checks import PartialDateField
from documents.linking import suggestions
from documents.models import (
    Document,
    Footnote,
    Mention,
    Paragraph,
    Section,
)
from documents.texts.importer import ImportRefused
from documents.texts.parser import ParseError

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
    save_on_top = True  # Save within reach on a long page
    actions = ["publish", "unpublish"]
    change_list_template = "admin/documents/document/change_list.html"
    change_form_template = "admin/documents/document/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["pages"] = [
                page_navigation(request, Paragraph, "position", "from", "¶", "paragraphs"),
                page_navigation(request, Footnote, "number", "notes_from", "note ", "notes"),
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if "_continue" in request.POST and request.GET:
            return redirect(request.get_full_path())  # stay on the page of rows just saved
        return response

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "publication_date":
            return PartialDateField(
                label="Publication date",
                required=False,
                help_text="As precisely as known: the year alone, the year and month, or the "
                "full date. Leave empty if the text does not say.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # A published document's address is cited and linked from elsewhere: its slug is locked
    # (unpublish first to rename a text, which readers then no longer find at the old address).
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_published:
            fields.append("slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return {}
        return super().get_prepopulated_fields(request, obj)

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
            path(
                "<int:object_id>/mentions/",
                view(self.mentions_view),
                name="documents_document_mentions",
            ),
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
                for sentence in admin_import.after_import(document):
                    self.message_user(request, sentence, messages.INFO)
                return redirect("admin:documents_document_change", document.pk)
            self.message_user(request, "The confirmation was incomplete.", messages.ERROR)
        elif request.method == "POST":
            form = admin_import.ImportForm(request.POST, request.FILES)
            if form.is_valid():
                values = form.cleaned_data
                data, filename = form.upload()
                preview = admin_import.build_preview(
                    data,
                    filename=filename,
                    slug=values["slug"],
                    kind=values["kind"],
                    title=values["title"],
                )
                kept = {
                    "data": admin_import.encode(data),
                    "filename": filename,
                    "slug": values["slug"],
                    "kind": values["kind"],
                    "title": values["title"],
                }
                if preview.ok:
                    confirm = admin_import.ConfirmForm(initial=kept)
                else:  # refused: offer to try again with the same file and fields
                    form = admin_import.ImportForm(
                        initial={
                            **kept,
                            "kept": kept["data"],
                            "kept_name": filename,
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

    def mentions_view(self, request, object_id):
        """Suggested mentions: accept the ticked ones in bulk."""
        document = self.get_object(request, str(object_id))
        if document is None:
            raise Http404
        may_add = request.user.has_perm("documents.add_mention")
        if not self.has_change_permission(request, document) or not may_add:
            raise PermissionDenied
        found = suggestions.suggest(document)
        if request.method == "POST":
            wanted = set(request.POST.getlist("accept"))
            accepted = [s.mention() for s in found if s.key in wanted]
            bulk_create_with_history(
                accepted,
                Mention,
                default_user=request.user,
                default_change_reason="accepted a suggested mention",
            )
            self.log_change(request, document, f"Accepted {len(accepted)} suggested mention(s).")
            self.message_user(
                request,
                f"{len(accepted)} mention(s) added; {len(found) - len(accepted)} left unlinked.",
                messages.SUCCESS,
            )
            return redirect("admin:documents_document_mentions", document.pk)
        context = self._context(
            request, f"Suggested mentions: {document}", document=document, suggestions=found
        )
        return TemplateResponse(
            request, "admin/documents/document/suggested_mentions.html", context
        )

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
