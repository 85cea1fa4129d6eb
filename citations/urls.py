from django.urls import path

from . import views

app_name = "citations"

urlpatterns = [
    path("archives/", views.ArchiveListView.as_view(), name="archives"),
    path("archives/<slug:archive>/", views.ArchiveDetailView.as_view(), name="archive"),
    path("archives/<slug:archive>/files/<int:pk>/", views.ArchivalFileView.as_view(), name="file"),
    path("sources/", views.SourceListView.as_view(), name="sources"),
]
