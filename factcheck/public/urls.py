"""The public site's addresses, under the ``public`` namespace."""

from django.contrib.sitemaps import views as sitemaps
from django.urls import path
from django.views.decorators.http import require_safe

from . import api, archive, tips, views
from .caching import public_page
from .feeds import LatestClaimsAtomFeed, LatestClaimsFeed
from .sharing import oembed
from .sitemaps import SITEMAPS
from .sitemaps import section as sitemap_section

app_name = "public"

urlpatterns = [
    path("", views.claim_list, name="home"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim_detail"),
    path("stories/<slug:slug>/", views.story_detail, name="story_detail"),
    path("methodology/", views.site_page, {"slug": "methodology"}, name="methodology"),
    path("corrections/", views.site_page, {"slug": "corrections"}, name="corrections"),
    path("suggest/", tips.tip_form, name="tip_form"),
    path("suggest/thanks/", tips.tip_thanks, name="tip_thanks"),
    path("feeds/claims/", require_safe(public_page(LatestClaimsFeed())), name="feed_rss"),
    path("feeds/claims/atom/", require_safe(public_page(LatestClaimsAtomFeed())), name="feed_atom"),
    path(
        "sitemap.xml",
        require_safe(public_page(sitemaps.index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "public:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        # Django's sitemap view reads its page number from ``p``.
        # Streamed (public.sitemaps.section): the page cache keeps no copy of it.
        require_safe(public_page(sitemap_section, reads={"p": "1"})),
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/claims/", api.claims, name="api_claims"),
    path("api/claimreview.json", api.claimreview_feed, name="api_claimreview"),
    path("claims/<slug:slug>/embed/", views.claim_embed, name="claim_embed"),
    path("oembed/", oembed, name="oembed"),
    path(
        "sources/<int:source_id>/archive/<int:snapshot_id>/",
        archive.source_archive,
        name="source_archive",
    ),
]
