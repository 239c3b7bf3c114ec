"""
The sitemaps: an index (``/sitemap.xml``, Django's index view) naming one
sitemap per section (``/sitemap-claims.xml`` and so on), each split in pages
of at most 50,000 addresses (``?p=2``), the protocol's limit. Every address
and every entry of the index has a ``lastmod``; a claim's is its one "last
modified", ``Claim.public_modified_at``. No ``changefreq`` or ``priority``:
search engines ignore them (templates/public/sitemap.xml).
"""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape

from ..models import Claim, ClaimUpdate, SitePage
from ..querysets import latest_of, public_stories_by_change, public_stories_latest_change


class ClaimSitemap(Sitemap):
    def items(self):
        # By key: pages of 50,000 stay put while new claims join the last one.
        return Claim.objects.published().only("slug", "public_modified_at").order_by("pk")

    def location(self, claim):
        before, after = self._address
        return f"{before}{claim.slug}{after}"

    @cached_property
    def _address(self):
        # Reversed once, not 50,000 times a page: where each slug goes (slugs
        # are lower case, the placeholder is not).
        return reverse("public:claim_detail", args=["SLUG"]).rsplit("SLUG", 1)

    def lastmod(self, claim):
        return claim.public_modified_at

    def get_latest_lastmod(self):
        # One row, where Django's default would load every claim to compare them.
        return Claim.objects.published().latest_public_change()


class StorySitemap(Sitemap):
    def items(self):
        return public_stories_by_change().only("slug", "created_at").order_by("pk")

    def location(self, story):
        return reverse("public:story_detail", args=[story.slug])

    def lastmod(self, story):
        return story.public_modified_at

    def get_latest_lastmod(self):
        return public_stories_latest_change()


class PageSitemap(Sitemap):
    """The claims list and the staff-edited site pages."""

    def items(self):
        return ["public:claim_list", "public:methodology", "public:corrections"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self._changes[name]

    def get_latest_lastmod(self):
        return max(filter(None, self._changes.values()), default=None)

    @cached_property
    def _changes(self):
        """When each page last changed: the list with any claim, a site page
        when edited, the corrections page also with each new correction note."""
        edited = dict(SitePage.objects.values_list("slug", "updated_at"))
        # The latest note first, then whether its claim is published: an
        # IN over the published claims made a table of a million keys first.
        corrected = latest_of(
            ClaimUpdate.objects.filter(
                Exists(Claim.objects.published().filter(pk=OuterRef("claim_id")))
            ),
            "created_at",
        )
        return {
            "public:claim_list": Claim.objects.ever_published().latest_public_change(),
            "public:methodology": edited.get("methodology"),
            "public:corrections": max(
                filter(None, [edited.get("corrections"), corrected]), default=None
            ),
        }


SITEMAPS = {"claims": ClaimSitemap, "stories": StorySitemap, "pages": PageSitemap}


# Chunks read from the database at a time while a section's page streams.
STREAM_CHUNK = 2000


@x_robots_tag
def section(request, section):
    """One page (``?p=``) of a section, streamed: its addresses are written as
    their rows arrive, ``STREAM_CHUNK`` at a time, so that a page of 50,000
    never holds 50,000 rows (or their rendered entries) at once. The same XML
    as Django's view with templates/public/sitemap.xml."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap section “{section}”.")
    site = SITEMAPS[section]()
    try:
        page = site.paginator.page(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404(str(exc)) from exc
    items = page.object_list
    if isinstance(items, QuerySet):
        items = items.iterator(chunk_size=STREAM_CHUNK)
    current = get_current_site(request)
    root = f"{site.get_protocol(request.scheme)}://{current.domain}"
    return StreamingHttpResponse(_urlset(site, items, root), content_type="application/xml")


def _urlset(site, items, root):
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    for item in items:
        lastmod = site.lastmod(item)
        entry = f"\n<url><loc>{escape(root + site.location(item))}</loc>"
        if lastmod:
            day = timezone.localtime(lastmod) if isinstance(lastmod, datetime) else lastmod
            entry += f"<lastmod>{day:%Y-%m-%d}</lastmod>"
        yield entry + "</url>"
    yield "\n</urlset>\n"
