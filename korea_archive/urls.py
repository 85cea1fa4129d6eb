from django.contrib import admin
from django.urls import include, path

from . import wellknown

admin.site.site_header = "Korea archive: curation"
admin.site.site_title = "Korea archive curation"
admin.site.index_title = "Collection"

urlpatterns = [
    path("robots.txt", wellknown.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", wellknown.security_txt, name="security_txt"),
    path("admin/", admin.site.urls),
    path("api/", include("korea_archive.api")),
    path("", include("citations.urls")),
    path("", include("documents.urls")),
]
