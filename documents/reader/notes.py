"""One footnote on its own page: its exact text, where it is anchored, and what other apps add
(its structured citations: see documents.reader.extensions).

The public's note page is rendered once and stored like the reader (caching/stored.py, the
part "note:N" of its document): it shows only what the reader shows of the document (the
note, its anchors, its references, “Cite this”), so the document's render_key, which every
change to any of that replaces, keeps it fresh. Staff see it rendered live, like the reader."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.generic import DetailView

from documents.caching import stored
from documents.models import Document, Footnote, FootnoteRef
from documents.reader import extensions
from documents.reader.views import PART_SLOT, VisibleToUserMixin, stored_page

NOTE_PART = "note"  # stored parts "note:1", "note:2", …
BODY_TEMPLATE = "documents/snippets/note_body.html"


def full_note(document: Document, number) -> Footnote | None:
    """The note with everything its page shows (six queries, whatever the note)."""
    return (
        Footnote.objects.filter(document=document, number=number)
        .select_related("document")
        .prefetch_related(
            Prefetch("refs", queryset=FootnoteRef.objects.select_related("paragraph__document")),
            *(p for ext in extensions.registered() for p in ext.note_prefetches()),
        )
        .first()
    )


def body_context(note: Footnote, request) -> dict:
    """What the page's body shows: the note, its neighbours, what the extensions add."""
    count = Footnote.objects.filter(document=note.document).count()
    context = {
        "note": note,
        "previous_number": note.number - 1 if note.number > 1 else None,
        # Notes are numbered 1..n without gaps (the importer refuses anything else).
        "next_number": note.number + 1 if note.number < count else None,
    }
    for extension in extensions.registered():
        context.update(extension.note_context(note))
        context.update(extension.document_context(request, note.document))
    context["extension_templates"] = extensions.templates()
    return context


def render_note_body(document: Document, request, number: str) -> dict[str, str]:
    """The stored part "note:N" of a published document (stored.add_family)."""
    note = full_note(document, number)
    if note is None:
        raise ValueError(f"{document.slug} has no note {number}")
    context = body_context(note, request)
    return {f"{NOTE_PART}:{number}": render_to_string(BODY_TEMPLATE, context, request=request)}


class NoteView(VisibleToUserMixin, DetailView):
    """The note's exact text, where it is anchored, and each reference it holds as data
    (Ibid. and short forms resolved to the earlier reference). The public read the stored
    body: one query when it is stored and fresh (the document and the part together), else
    three (the document, the note, the part, rendered and stored if missing); staff get it
    live."""

    template_name = "documents/note.html"
    context_object_name = "note"
    stored_parts: stored.Served = stored.NOTHING_SERVED  # the body, for the public

    def previews(self) -> bool:
        user = self.request.user
        return user.is_active and user.is_staff

    def get_object(self, queryset=None):
        number = self.kwargs["number"]
        if not self.previews():
            # A fresh stored body exists only for a note the published document has
            # (render_note_body refuses any other), so the part alone proves the note.
            name = f"{NOTE_PART}:{number}"
            document, parts = stored.fresh_parts(
                [name], self.request, slug=self.kwargs["slug"], status=Document.Status.PUBLISHED
            )
            if document is not None:
                self.stored_parts = parts
                # The page's title and description need only the number and the document.
                return Footnote(document=document, number=number)
        # Not the text as imported (60 KB for the paper): the page never shows it.
        documents = self.visible(Document).defer("source_text")
        document = get_object_or_404(documents, slug=self.kwargs["slug"])
        if self.previews():
            note = full_note(document, number)
        else:  # the title and description only: the body is stored
            note = Footnote.objects.filter(document=document, number=number).first()
            if note is not None:
                note.document = document
        if note is None:
            raise Http404(f"{document.title} has no note {number}")
        return note

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        note = self.object
        if self.previews():
            context.update(body_context(note, self.request))
            return context
        name = f"{NOTE_PART}:{note.number}"
        if not self.stored_parts:
            self.stored_parts = stored.served_parts(note.document, [name], self.request)
        # The body goes into its slot once the shell is rendered (render_to_response).
        context["stored_body"] = mark_safe(PART_SLOT.format(name))
        context["extension_templates"] = extensions.templates()
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.previews():
            return super().render_to_response(context, **response_kwargs)

        def render_shell() -> bytes:
            response = super(NoteView, self).render_to_response(context, **response_kwargs)
            return response.render().content

        # The body: template output rendered (and escaped) by render_note_body, stored as it
        # was; its slot filled as the reader's are, the ETag from the parts' digest.
        return stored_page(self.request, render_shell, self.stored_parts)
