"""
The read-only JSON API: the public claim list with the page's filters, and a
ClaimReview feed of every published claim for fact-check aggregators.
"""

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..models import Claim, Rating
from . import jsonld
from .caching import public_page
from .feeds import last_change
from .filters import ClaimFilter
from .pagination import page_of
from .templatetags.public import safe_url
from .views import LIST_READS, newsroom, rating_scale


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
        "updated_at": _date(last_change(claim)),
    }


def _page_url(request, number):
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@require_safe
@public_page(reads=LIST_READS)
def claims(request):
    """``/api/claims/``: the filters of ``/claims/`` (``q``, ``verdict``, ``outlet``,
    ``story``, ``claimant``, ``kind``, ``published_after``, ``published_before``,
    ``sort``), paginated with ``page`` and ``per_page`` (at most 100)."""
    filterset = ClaimFilter(
        request.GET, queryset=Claim.objects.published().for_public_listing(), request=request
    )
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    count = None
    if not filterset.narrows_beyond_verdict:
        # Every published claim, or those of one verdict: counts the ratings
        # keep. Narrowed further, the paginator counts (one COUNT, no GROUP BY).
        verdict = filterset.form.cleaned_data.get("verdict")
        count = filterset.length(
            filterset.verdict_counts([verdict] if verdict else Rating.objects.all())
        )
    page = page_of(request, filterset.qs, count=count)
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "per_page": page.paginator.per_page,
            "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
            "previous": (
                _page_url(request, page.previous_page_number()) if page.has_previous() else None
            ),
            "results": [claim_json(claim, request) for claim in page],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@public_page
def claimreview_feed(request):
    """``/api/claimreview.json``: every published claim's ClaimReview in one
    schema.org DataFeed, newest first, as aggregators collect them."""
    scale = rating_scale()
    author = newsroom(request)
    published = Claim.objects.published().for_public_listing().with_public_appearances()
    reviews = []
    for claim in published:
        url = request.build_absolute_uri(reverse("public:claim_detail", args=[claim.slug]))
        review = jsonld.claim_review(claim, url=url, scale=scale, author=author)
        del review["@context"]
        reviews.append(review)
    return JsonResponse(
        {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "name": f"{author['name']} fact-checks",
            "url": request.build_absolute_uri(),
            "dataFeedElement": reviews,
        },
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False},
    )
