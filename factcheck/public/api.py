"""
The read-only JSON API: the public claim list with the page's filters, and the
ClaimReview feed of every claim the public has seen, for fact-check aggregators.
"""

import datetime

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ..models import Claim, Rating
from . import jsonld
from .caching import public_page
from .feeds import BadCursor, Cursor, claimreview_page
from .filters import ClaimFilter
from .pagination import BadPosition, page_links, page_of
from .templatetags.public import safe_url
from .views import LIST_READS, newsroom, rating_scale

# A slug no claim can have (slugs are lower case): where each claim's goes.
SLUG_PLACEHOLDER = "SLUG"


def _date(value):
    return jsonld.iso(value) if value else None


def claim_json(claim, request) -> dict:
    """One claim as the API shows it: the public fields and nothing else."""
    article = claim.article
    # The report as published with the claim (AnchoredPassage.shown_report).
    report = claim.shown_report
    return {
        "slug": claim.slug,
        "url": request.build_absolute_uri(reverse("public:claim_detail", args=[claim.slug])),
        "statement": claim.statement,
        "kind": claim.kind,
        "claimed_on": _date(claim.claimed_on),
        "claimant": (
            {
                "name": claim.claimant.name,
                "slug": claim.claimant.slug,
                "kind": claim.claimant.kind,
                "description": claim.claimant.description,
            }
            if claim.claimant_id
            else None
        ),
        "verdict": {
            "label": claim.rating.label,
            "slug": claim.rating.slug,
            "value": claim.rating.value,
            "definition": claim.rating.definition,
        },
        "ruling": claim.ruling,
        "tags": [{"name": tag.name, "slug": tag.slug} for tag in claim.tags.all()],
        "article": {
            "headline": report.headline,
            "url": safe_url(report.url) or None,
            "published_on": _date(report.published_on),
            "outlet": report.outlet or None,
            "story": (
                {"slug": article.story.slug, "title": article.story.title}
                if article.story_id
                else None
            ),
        },
        "first_published_at": _date(claim.first_published_at),
        "updated_at": _date(claim.public_modified_at),
    }


def _absolute(request, address):
    return request.build_absolute_uri(f"{request.path}{address}") if address else None


@require_safe
@public_page(reads=LIST_READS)
def claims(request):
    """``/api/claims/``: the filters of ``/claims/`` (``q``, ``verdict``, ``outlet``,
    ``story``, ``claimant``, ``tag``, ``kind``, ``published_after``, ``published_before``,
    ``sort``), paginated with ``page`` and ``per_page`` (at most 100); past the
    first pages of a list in date order, ``next`` and ``previous`` go by
    ``cursor`` and ``page`` is null."""
    filterset = ClaimFilter(
        request.GET,
        queryset=Claim.objects.published().for_public_listing().with_tags(),
        request=request,
    )
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    count = None
    if filterset.counts_are_kept:
        # Every published claim, or one outlet's, story's or claimant's, of
        # one verdict or all: counts the ratings and PublishedCount keep.
        # Narrowed otherwise, the paginator counts (one COUNT, no GROUP BY).
        verdict = filterset.form.cleaned_data.get("verdict")
        count = filterset.length(
            filterset.verdict_counts([verdict] if verdict else Rating.objects.all())
        )
    try:
        page = page_of(request, filterset.qs, count=count)
    except BadPosition:
        return parameter_error(
            "cursor", "cursor: not a position in this list; follow a next or previous address."
        )
    links = page_links(request, page, filterset.qs)
    return JsonResponse(
        {
            "count": page.paginator.count,
            # A broad search ranks and counts its newest matches only.
            "count_is_capped": filterset.capped_length(page.paginator.count),
            "page": page.number,
            "pages": page.paginator.num_pages,
            "per_page": page.paginator.per_page,
            "next": _absolute(request, links.next),
            "previous": _absolute(request, links.previous),
            "results": [claim_json(claim, request) for claim in page],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def parameter_error(name: str, message: str) -> JsonResponse:
    """A 400 naming the parameter, in the shape of the list's filter errors."""
    return JsonResponse(
        {"errors": {name: [{"message": message, "code": "invalid"}]}},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


def parse_since(value: str) -> datetime.datetime:
    """``since``: an ISO 8601 date or date and time; without an offset, in the
    site's time zone. ``ValueError`` otherwise, ``OverflowError`` for an
    instant past the calendar's ends once in UTC (9999-12-31T23:00-05:00)."""
    when = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return when.astimezone(datetime.UTC)


@require_safe
@public_page(reads={"since": "", "after": ""})
def claimreview_feed(request):
    """``/api/claimreview.json``: a schema.org DataFeed of DataFeedItems, each
    holding one ClaimReview (README, "The ClaimReview feed"). Oldest change
    first, in pages of a thousand linked by ``Link: <…>; rel="next"``;
    ``since`` keeps the items changed from then on; retracted claims stay as
    items with ``dateDeleted``."""
    since = after = None
    if request.GET.get("since"):
        try:
            since = parse_since(request.GET["since"])
        except (ValueError, OverflowError):
            return parameter_error(
                "since",
                f"since: “{request.GET['since']}” is not an ISO 8601 date or date and time "
                "(e.g. 2026-01-31 or 2026-01-31T08:00:00Z).",
            )
    if request.GET.get("after"):
        try:
            after = Cursor.decode(request.GET["after"])
        except BadCursor:
            return parameter_error(
                "after",
                "after: not a position in this feed; follow the Link header's next address.",
            )
    scale = rating_scale()
    author = newsroom(request)
    language = get_language()

    # A thousand addresses a page: reversed once, then filled in with each slug.
    before, after_slug = request.build_absolute_uri(
        reverse("public:claim_detail", args=[SLUG_PLACEHOLDER])
    ).rsplit(SLUG_PLACEHOLDER, 1)

    def address(slug):
        return f"{before}{slug}{after_slug}"

    page = claimreview_page(
        review=lambda claim: jsonld.claim_review(
            claim, url=address(claim.slug), scale=scale, author=author, language=language
        ),
        address=address,
        since=since,
        after=after,
    )
    feed_url = request.build_absolute_uri(reverse("public:api_claimreview"))
    modified = Claim.objects.ever_published().latest_public_change()
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{author['name']} fact-checks",
        "url": feed_url,
        "publisher": author,
    }
    if modified is not None:
        feed["dateModified"] = jsonld.iso(modified)
    feed["dataFeedElement"] = page.elements
    response = JsonResponse(
        feed, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )
    if page.next is not None:
        query = request.GET.copy()
        query["after"] = page.next.encode()
        response["Link"] = f'<{feed_url}?{query.urlencode()}>; rel="next"'
    return response
