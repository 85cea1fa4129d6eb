from django.urls import path

from . import cited_documents, paragraphs, sources, tei, views

app_name = "citations"

urlpatterns = [
    path("archives/", views.ArchiveListView.as_view(), name="archives"),
    path("archives/<slug:archive>/", views.ArchiveDetailView.as_view(), name="archive"),
    path("archives/<slug:archive>/files/<int:pk>/", views.ArchivalFileView.as_view(), name="file"),
    path("sources/", sources.SourceListView.as_view(), name="sources"),
    path("sources/<slug:slug>/", sources.SourceView.as_view(), name="source"),
    path(
        "cited-documents/",
        cited_documents.CitedDocumentListView.as_view(),
        name="cited-documents",
    ),
    path(
        "cited-documents/<int:pk>/",
        cited_documents.CitedDocumentView.as_view(),
        name="cited-document",
    ),
    path("documents/<slug:slug>/cite/", views.CiteView.as_view(), name="cite"),
    path(
        "documents/<slug:slug>/paragraphs/<int:position>/cite/",
        paragraphs.ParagraphCiteView.as_view(),
        name="cite-paragraph",
    ),
    path("documents/<slug:slug>.tei.xml", tei.TeiExportView.as_view(), name="tei"),
    path(
        "documents/<slug:slug>/metadata.jsonld",
        views.JsonLdView.as_view(),
        name="json-ld",
    ),
    *[
        path(
            f"documents/<slug:slug>/notes/<int:number>/cite.{extension}",
            views.NoteExportView.as_view(format=extension),
            name=f"note-cite-{extension}",
        )
        for extension in views.ExportView.FORMATS
    ],
    *[
        path(
            f"documents/<slug:slug>/cite.{extension}",
            views.ExportView.as_view(format=extension),
            name=f"cite-{extension}",
        )
        for extension in views.ExportView.FORMATS
    ],
]
