"""
Sharing published claims elsewhere: the tags social sites read when a link is
posted (Open Graph, Twitter cards), the claim card other sites embed in an
iframe, and the oEmbed endpoint (https://oembed.com/) that hands them the
iframe for a claim's address.

Only published claims are shared: the card and the oEmbed answer start from
``Claim.objects.published()`` like every public view, and the tags hold only
what the page itself shows.
"""

import functools
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import JsonResponse
from django.http.request import validate_host
from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from ..models import Claim
from .caching import public_page

# The card's size when the consumer sets no bound (CSS pixels).
EMBED_WIDTH, EMBED_HEIGHT = 560, 320
# Long texts are cut for the tags: the sites that read them show about this much.
TITLE_CHARS, DESCRIPTION_CHARS = 200, 300
# The card, and the note that replaced a withdrawn one.
CARD_STATUSES = (200, 410)
OEMBED_READS = {"url": "", "maxwidth": "", "maxheight": "", "format": "json"}


def share_tags(*, title, description, url, published=None, modified=None) -> dict:
    """What ``public/includes/share_tags.html`` renders for one page."""
    return {
        "title": Truncator(title).chars(TITLE_CHARS),
        "description": Truncator(description).chars(DESCRIPTION_CHARS),
        "url": url,
        "published": published,
        "modified": modified,
    }


def claim_title(claim) -> str:
    return f"{claim.rating.label}: {claim.statement}"


def claim_share_tags(claim, *, url) -> dict:
    # The same words as the page's <title> and description, and the dates it shows.
    return share_tags(
        title=claim_title(claim),
        description=f"{claim.rating.label}. {claim.ruling}",
        url=url,
        published=claim.first_published_at,
        # The claim's one "last modified", when the page shows it as updated.
        modified=claim.public_modified_at if claim.was_updated else None,
    )


def oembed_discovery_url(request, claim_url) -> str:
    """The address of the oEmbed answer for ``claim_url``, for the page's <link>."""
    query = urlencode({"url": claim_url, "format": "json"})
    return request.build_absolute_uri(f"{reverse('public:oembed')}?{query}")


def embeddable(view):
    """Let other sites frame this view's page, and only this one.

    Every other response keeps ``X-Frame-Options: DENY`` and the site's
    ``frame-ancestors 'none'``. Applied outside the page cache, since a page
    served from the cache is a new response that carries no attributes.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code not in CARD_STATUSES:  # a 404 page is not the card
            return response
        response.xframe_options_exempt = True
        response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
        return response

    return wrapped


class OEmbedError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def _bound(query, name, default):
    value = query.get(name, "")
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise OEmbedError(400, f"{name} must be a positive whole number of pixels, not {value!r}.")
    return min(default, int(value))


def _claim_for(request, url):
    """The published claim whose page (or card) is at ``url`` on this site."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise OEmbedError(404, "url is not the address of a fact-check on this site.")
    # This site's own name, or another it answers to (ALLOWED_HOSTS, without a port).
    host = parts.netloc.rsplit("@", 1)[-1].lower()
    if host != request.get_host().lower() and not validate_host(
        parts.hostname, settings.ALLOWED_HOSTS
    ):
        raise OEmbedError(404, "url is not the address of a fact-check on this site.")
    try:
        match = resolve(parts.path)
    except Resolver404:
        match = None
    if match is None or match.view_name not in ("public:claim_detail", "public:claim_embed"):
        raise OEmbedError(404, "url is not the address of a fact-check on this site.")
    claim = (
        Claim.objects.published()
        .select_related("rating")
        .only("slug", "statement", "rating__label")
        .filter(slug=match.kwargs["slug"])
        .first()
    )
    if claim is None:
        raise OEmbedError(404, "No published fact-check has that address.")
    return claim


@require_safe
@public_page(reads=OEMBED_READS)
def oembed(request):
    """The oEmbed answer for a claim's address: a "rich" embed of its card."""
    query = request.GET
    try:
        if query.get("format", "json") != "json":
            raise OEmbedError(501, "Only format=json is offered.")
        if not query.get("url"):
            raise OEmbedError(400, "url is required: the address of a fact-check.")
        width = _bound(query, "maxwidth", EMBED_WIDTH)
        height = _bound(query, "maxheight", EMBED_HEIGHT)
        claim = _claim_for(request, query["url"])
    except OEmbedError as error:
        return JsonResponse({"error": str(error)}, status=error.status)
    card = request.build_absolute_uri(reverse("public:claim_embed", args=[claim.slug]))
    title = f"Fact-check: {claim_title(claim)}"
    html = format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy"></iframe>',
        card,
        width,
        height,
        title,
    )
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_name": settings.NEWSROOM_NAME,
            "provider_url": settings.NEWSROOM_URL or request.build_absolute_uri("/"),
            "cache_age": settings.PUBLIC_CACHE_MAX_AGE,
            "html": html,
            "width": width,
            "height": height,
        },
        content_type="application/json",
    )
