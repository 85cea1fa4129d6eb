"""Archive browser and bibliography."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import ArchivalFile, Archive, Source


class ArchiveListView(ListView):
    template_name = "citations/archive_list.html"
    context_object_name = "archives"

    def get_queryset(self):
        return Archive.objects.annotate(file_count=Count("files"))


class ArchiveDetailView(DetailView):
    template_name = "citations/archive_detail.html"
    context_object_name = "archive"
    slug_url_kwarg = "archive"

    def get_queryset(self):
        return Archive.objects.prefetch_related("files")


class ArchivalFileView(DetailView):
    template_name = "citations/file_detail.html"
    context_object_name = "file"

    def get_object(self, queryset=None):
        return get_object_or_404(
            ArchivalFile.objects.select_related("archive").prefetch_related("documents"),
            archive__slug=self.kwargs["archive"],
            pk=self.kwargs["pk"],
        )


class SourceListView(ListView):
    template_name = "citations/source_list.html"
    context_object_name = "sources"

    def get_queryset(self):
        return Source.objects.all()
