from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Korea archive: curation"
admin.site.site_title = "Korea archive curation"
admin.site.index_title = "Collection"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("korea_archive.api")),
    path("", include("citations.urls")),
    path("", include("documents.urls")),
]
