"""One footnote on its own page, with its structured citations."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from .models import Footnote
from .views import VisibleDocumentsMixin


class NoteView(VisibleDocumentsMixin, DetailView):
    template_name = "documents/note.html"
    context_object_name = "note"

    def get_object(self, queryset=None):
        document = get_object_or_404(self.visible_documents(), slug=self.kwargs["slug"])
        note = (
            Footnote.objects.filter(document=document, number=self.kwargs["number"])
            .prefetch_related("refs__paragraph")
            .first()
        )
        if note is None:
            raise Http404(f"{document.title} has no note {self.kwargs['number']}")
        return note
