"""The API's addresses, under ``/api/v1/`` and the ``api`` namespace.

Every endpoint answers from the public page cache (ETag, Last-Modified, one
render per change of public content; the query parameters it reads are named
here, as for the public pages) and is gzipped when the client accepts it. The
API serves no page with a secret (no session, no CSRF token), so compressing
it opens no BREACH-style leak.
"""

from django.urls import path, re_path
from django.views.decorators.gzip import gzip_page
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from ..public.caching import public_page
from ..public.filters import query_parameters
from ..public.pagination import PAGE_SIZE
from ..public.views import LIST_READS
from . import errors, views

app_name = "api"

PAGE_READS = {"page": "1", "per_page": str(PAGE_SIZE)}
FILTER_READS = dict.fromkeys(query_parameters(), "")


def endpoint(view, reads=None):
    return gzip_page(public_page(view.as_view(), reads=reads))


urlpatterns = [
    path("claims/", endpoint(views.ClaimList, LIST_READS), name="claim-list"),
    path("claims.csv", endpoint(views.ClaimCSV, FILTER_READS), name="claim-csv"),
    path("claims/<slug:slug>/", endpoint(views.ClaimDetail), name="claim-detail"),
    path("stories/", endpoint(views.StoryList, PAGE_READS), name="story-list"),
    path("stories/<slug:slug>/", endpoint(views.StoryDetail), name="story-detail"),
    path("ratings/", endpoint(views.RatingList), name="rating-list"),
    path("claimants/", endpoint(views.ClaimantList, PAGE_READS), name="claimant-list"),
    path("claimants/<slug:slug>/", endpoint(views.ClaimantDetail), name="claimant-detail"),
    path("schema/", endpoint(SpectacularJSONAPIView), name="schema"),
    # Not cached: the page asks for its script as ``?script=``, a blank value
    # the page cache would drop. It reads nothing from the database.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="docs",
    ),
    # Anything else under /api/v1/ answers a JSON 404, not the site's HTML one.
    re_path(r"^.*$", errors.not_found),
]
