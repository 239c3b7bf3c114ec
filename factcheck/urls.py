from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Fact-check CMS"
admin.site.site_title = "Fact-check CMS"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    # The public site, home page included: published work only.
    path("", include("factcheck.public.urls")),
]

handler404 = "factcheck.public.views.not_found"
