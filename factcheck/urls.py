from django.contrib import admin
from django.urls import path

admin.site.site_header = "Fact-check CMS"
admin.site.site_title = "Fact-check CMS"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
]
