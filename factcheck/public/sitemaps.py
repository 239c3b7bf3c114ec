"""The sitemap: published claims, public stories and the site's own pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ..models import Claim
from ..querysets import public_stories
from .feeds import last_change


class ClaimSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Claim.objects.published().for_public_listing()

    def location(self, claim):
        return reverse("public:claim_detail", args=[claim.slug])

    def lastmod(self, claim):
        return last_change(claim)


class StorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return public_stories().only("slug").order_by("slug")

    def location(self, story):
        return reverse("public:story_detail", args=[story.slug])


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.3

    def items(self):
        return ["public:claim_list", "public:methodology", "public:corrections"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"claims": ClaimSitemap, "stories": StorySitemap, "pages": PageSitemap}
