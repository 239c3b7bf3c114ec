from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from factcheck.admin import report_changes

admin.site.site_header = "Fact-check CMS"
admin.site.site_title = "Fact-check CMS"
admin.site.index_title = "Newsroom"


def healthz(request):
    """The least a request can cost here (no database, no template): for load
    balancers' health checks and as the load test's framework baseline."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    # Editors' decisions on published work whose reports changed (before the
    # admin's own catch-all addresses).
    path("admin/published/", include(report_changes.urlpatterns)),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # The versioned, documented read-only API (factcheck.api).
    path("api/v1/", include("factcheck.api.urls")),
    # The public site, home page included: published work only.
    path("", include("factcheck.public.urls")),
]

handler404 = "factcheck.public.views.not_found"
