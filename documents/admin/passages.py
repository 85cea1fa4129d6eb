"""Paragraphs, notes and sections on their own pages: anchors, mentions and cross-references."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from documents.admin.common import excerpt
from documents.admin.labels import note_label, paragraph_label
from documents.curation import save_checks
from documents.curation.admin_base import CuratedAdmin, CuratedTabularInline
from documents.linking.mentions import is_whole, whole_places
from documents.models import (
    CrossReference,
    Footnote,
    FootnoteRef,
    Mention,
    Paragraph,
    Section,
)
from documents.reader.rendering import mark_span, render_passage


def marked_text(paragraph):
    """The saved text with its note markers (superscript) and mentions (highlighted, with their
    offsets), so an editor sees where the anchors stand: the reader's renderer, asterisks
    shown as stored."""
    if paragraph is None or paragraph.pk is None:
        return "—"
    text = paragraph.text
    markers = [
        (ref.offset, format_html("<sup>{}</sup>", ref.footnote.number))
        for ref in paragraph.note_refs.select_related("footnote")
    ]
    spans = [
        mark_span(mention.start, mention.end, title=f"{mention.start}–{mention.end}")
        for mention in paragraph.mentions.all()
        if text[mention.start : mention.end] == mention.surface
    ]
    shown = render_passage(text, markers, spans, emphasis=False)
    return format_html('<div class="curation-marked">{}</div>', shown)


class ParagraphForm(forms.ModelForm):
    """A paragraph's text may not carry a typed note number (“⁶”): markers are anchors."""

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text")
        if text and "text" in self.changed_data:
            if cleaned.get("document") and not self.instance.document_id:
                self.instance.document = cleaned["document"]
            problems = save_checks.typed_markers(text, self.instance)
            if problems:
                self.add_error("text", problems)
        return cleaned


class FootnoteRefForm(save_checks.PlainErrors, forms.ModelForm):
    """A marker stands within its paragraph's text and leads to a note of the same document."""

    def clean(self):
        cleaned = super().clean()
        footnote = cleaned.get("footnote")
        paragraph = cleaned.get("paragraph") or (
            self.instance.paragraph if self.instance.paragraph_id else None
        )
        if footnote is None or paragraph is None or not self.has_changed():
            return cleaned
        for problem in save_checks.marker_problems(paragraph, footnote, cleaned.get("offset")):
            self.add_error(None, problem)
        return cleaned


class FootnoteRefInline(admin.TabularInline):
    model = FootnoteRef
    form = FootnoteRefForm
    fk_name = "paragraph"
    fields = ["footnote", "offset", "ordinal"]
    autocomplete_fields = ["footnote"]
    extra = 0
    verbose_name = "note marker"
    verbose_name_plural = "note markers (character offsets in the text)"


class MentionForm(save_checks.PlainErrors, forms.ModelForm):
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
            cleaned["start"], cleaned["end"] = mention_offsets(
                passage.text, surface, cleaned.get("start"), cleaned.get("end")
            )
        except ValueError as problem:
            raise forms.ValidationError(str(problem)) from None
        self.instance.start, self.instance.end = cleaned["start"], cleaned["end"]
        return cleaned


def mention_offsets(text, surface, start=None, end=None):
    """(start, end) of `surface` in `text`, found as a whole phrase by the matcher's own rule
    (documents.linking.mentions.whole_places); raises ValueError saying what is wrong."""
    if start is None:
        places = whole_places(text, surface)
        if not places:
            if surface in text:
                raise ValueError(
                    f"“{surface}” is in the text only as part of a longer word: "
                    "a mention names whole words"
                )
            raise ValueError(f"“{surface}” is not in the text (check its spelling)")
        if len(places) > 1:
            raise ValueError(
                f"“{surface}” occurs {len(places)} times in the text, at "
                f"{', '.join(map(str, places))}: give the start of the one you mean"
            )
        start = places[0]
    end = start + len(surface) if end is None else end
    if not 0 <= start < end <= len(text) or text[start:end] != surface:
        raise ValueError(f"the text at {start}–{end} reads “{text[start:end]}”, not “{surface}”")
    if not is_whole(text, start, end):
        raise ValueError(
            f"“{surface}” at {start} is part of a longer word: a mention names whole words"
        )
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


class RevertReturnsToDocument:
    """After restoring an old version of a paragraph or note, the editor lands on the document's
    page where that part stands, not on the list of every document's parts."""

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        match = getattr(request, "resolver_match", None)
        reverting = match is not None and match.url_name.endswith("_simple_history")
        if reverting and "_continue" not in request.POST:
            url = reverse("admin:documents_document_change", args=[obj.document_id])
            return HttpResponseRedirect(f"{url}?{self.place_parameter}={self.place(obj)}")
        return response


@admin.register(Paragraph)
class ParagraphAdmin(RevertReturnsToDocument, CuratedAdmin):
    place_parameter = "from"

    @staticmethod
    def place(paragraph):
        return paragraph.position

    list_display = ["__str__", "kind", "speaker", "excerpt"]
    list_filter = ["document", "kind", "speaker"]
    list_select_related = ["document"]
    search_fields = ["text", "document__title"]
    autocomplete_fields = ["document", "section"]
    form = ParagraphForm
    autocomplete_label = staticmethod(paragraph_label)
    fields = ["document", "section", "position", "kind", "speaker", "text", "text_with_anchors"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField"})}
    }
    inlines = [FootnoteRefInline, ParagraphMentionInline, CrossReferenceInline]

    class Media:
        js = ["js/mention_selection.js"]  # select words in the text to add a mention

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
class FootnoteAdmin(RevertReturnsToDocument, CuratedAdmin):
    place_parameter = "notes_from"

    @staticmethod
    def place(note):
        return note.number

    list_display = ["__str__", "excerpt", "anchors"]
    list_filter = ["document"]
    ordering = ["document", "number", "pk"]  # the marker count's GROUP BY drops the model's own
    list_select_related = ["document"]
    search_fields = ["text", "document__title", "=number"]
    autocomplete_fields = ["document"]
    fields = ["document", "number", "text"]
    autocomplete_label = staticmethod(note_label)
    # Apps built on documents add their own inlines here (citations adds a note's citations).
    inlines = [FootnoteMentionInline]

    class Media:
        js = ["js/mention_selection.js"]

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
