from django.urls import path

from documents.reader import notes as note_views
from documents.reader import views
from documents.register import views as register
from documents.search import views as search

app_name = "documents"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("documents/", views.DocumentListView.as_view(), name="list"),
    path("documents/<slug:slug>/", views.ReaderView.as_view(), name="reader"),
    path("documents/<slug:slug>/notes/<int:number>/", note_views.NoteView.as_view(), name="note"),
    path("actors/", register.ActorListView.as_view(), name="actors"),
    path("actors/<slug:slug>/", register.ActorDetailView.as_view(), name="actor"),
    path("events/", register.EventListView.as_view(), name="events"),
    path("events/<slug:slug>/", register.EventDetailView.as_view(), name="event"),
    path("search/", search.SearchView.as_view(), name="search"),
]
