"""Full-text search over paragraphs and notes (to be built: see the reader issue)."""

from django.views.generic import TemplateView


class SearchView(TemplateView):
    template_name = "documents/search.html"
