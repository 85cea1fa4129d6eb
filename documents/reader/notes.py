"""One footnote on its own page: its exact text, where it is anchored, and what other apps add
(its structured citations: see documents.reader.extensions)."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from documents.models import Document, Footnote, FootnoteRef
from documents.reader import extensions
from documents.reader.views import VisibleToUserMixin


class NoteView(VisibleToUserMixin, DetailView):
    """The note's exact text, where it is anchored, and each reference it holds as data
    (Ibid. and short forms resolved to the earlier reference). Six queries, whatever the note."""

    template_name = "documents/note.html"
    context_object_name = "note"

    def get_object(self, queryset=None):
        document = get_object_or_404(self.visible(Document), slug=self.kwargs["slug"])
        note = (
            Footnote.objects.filter(document=document, number=self.kwargs["number"])
            .select_related("document")
            .prefetch_related(
                Prefetch(
                    "refs", queryset=FootnoteRef.objects.select_related("paragraph__document")
                ),
                *(p for ext in extensions.registered() for p in ext.note_prefetches()),
            )
            .first()
        )
        if note is None:
            raise Http404(f"{document.title} has no note {self.kwargs['number']}")
        return note

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        note = self.object
        context["previous_number"] = note.number - 1 if note.number > 1 else None
        # Notes are numbered 1..n without gaps (the importer refuses anything else).
        context["next_number"] = note.number + 1 if note.number < self.note_count() else None
        for extension in extensions.registered():
            context.update(extension.note_context(note))
            context.update(extension.document_context(self.request, note.document))
        context["extension_templates"] = extensions.templates()
        return context

    def note_count(self) -> int:
        return Footnote.objects.filter(document=self.object.document).count()
