"""
The public site's pages. Every claim shown starts from
``Claim.objects.published()``; every discrepancy from
``Discrepancy.objects.public()``. Each view is wrapped in
:func:`~factcheck.public.caching.public_page` (ETag, Last-Modified, the page
cache) and answers GET and HEAD only.
"""

from django.conf import settings
from django.db.models import Max, Min
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ..models import Claim, ClaimUpdate, Discrepancy, Rating, SitePage
from ..models.anchors import outlet_label
from ..querysets import public_reports, public_stories
from . import charts, jsonld, sharing
from .caching import public_page
from .filters import ClaimFilter, query_parameters
from .pagination import PAGE_SIZE, PAGE_SIZES, BadPosition, page_links, page_of

# What the claims list and the API read from the query string, with each
# default: the page cache keys them by these alone.
LIST_READS = {
    **dict.fromkeys(query_parameters(), ""),
    "page": "1",
    "cursor": "",
    "per_page": str(PAGE_SIZE),
}


def rating_scale():
    """``(worst, best)`` values of the rating scale, or ``None`` when it has none."""
    bounds = Rating.objects.filter(value__isnull=False).aggregate(
        worst=Min("value"), best=Max("value")
    )
    return None if bounds["best"] is None else (bounds["worst"], bounds["best"])


def newsroom(request) -> dict:
    """The ClaimReview ``author`` and ``publisher``: the newsroom as an
    organisation, with its logo (the site's icon unless set) and profiles."""
    url = settings.NEWSROOM_URL or request.build_absolute_uri("/")
    logo = settings.NEWSROOM_LOGO_URL or request.build_absolute_uri(static("public/logo.png"))
    return jsonld.organisation(
        name=settings.NEWSROOM_NAME, url=url, logo=logo, same_as=settings.NEWSROOM_SAME_AS
    )


def not_found(request, exception=None):
    """The one 404 of the site: unknown addresses and unpublished work look alike."""
    return TemplateResponse(request, "public/404.html", status=404)


def verdict_chart(filterset, counts, ratings):
    """Bars for every verdict on the scale (retired ones only when they have
    claims), the one being filtered on marked."""
    selected = filterset.form.cleaned_data.get("verdict")
    rows = [
        (rating, counts.get(rating.pk, 0))
        for rating in ratings
        if rating.is_active or counts.get(rating.pk)
    ]
    chart = charts.verdict_bars(
        (rating.label, rating.css_class, count, rating == selected) for rating, count in rows
    )
    return rows, chart


@require_safe
# Short, shareable addresses: /claims/?verdict=false, not every empty field.
@public_page(reads=LIST_READS, short_addresses=True)
def claim_list(request):
    # request.GET holds the normalised parameters the page is cached by.
    query = request.GET
    filterset = ClaimFilter(
        request.GET,
        queryset=Claim.objects.published().for_public_listing().with_tags(),
        request=request,
    )
    ratings = list(Rating.objects.order_by("order", "label"))
    counts = filterset.verdict_counts(ratings)
    # The verdict counts hold the list's length too: no second count of the rows.
    length = filterset.length(counts)
    try:
        page = page_of(request, filterset.qs, count=length)
    except BadPosition:
        return TemplateResponse(
            request,
            "public/bad_request.html",
            {
                "message": "This link to a page of fact-checks is damaged or was not made "
                "by this site.",
                "start": reverse("public:claim_list"),
            },
            status=400,
        )
    verdicts, chart = verdict_chart(filterset, counts, ratings)
    canonical = request.build_absolute_uri(reverse("public:claim_list"))
    if query:
        canonical += f"?{query.urlencode()}"
    return TemplateResponse(
        request,
        "public/claim_list.html",
        {
            "filter": filterset,
            "page": page,
            "links": page_links(request, page, filterset.qs),
            # A broad search ranks its newest matches only: "more than 1,000".
            "more_than": f"{filterset.search_cap:,}" if filterset.capped_length(length) else "",
            # A page by position shows whatever follows a row, moving as
            # claims are published: not one to keep in an index. Its links
            # are still followed, and each claim is in the sitemap.
            "robots": "noindex, follow" if page.number is None else "",
            "page_sizes": PAGE_SIZES,
            "verdicts": verdicts,
            "chart": chart,
            "topics": filterset.tag_counts(),
            "canonical_url": canonical,
        },
    )


@require_safe
@public_page
def claim_detail(request, slug):
    claim = Claim.objects.published().for_public_page().filter(slug=slug).first()
    if claim is None:
        retracted = Claim.objects.retracted().filter(slug=slug).first()
        if retracted is None:
            return not_found(request)
        return claim_retracted(request, retracted)
    url = request.build_absolute_uri(reverse("public:claim_detail", args=[claim.slug]))
    scale = rating_scale()
    review = jsonld.claim_review(
        claim, url=url, scale=scale, author=newsroom(request), language=get_language()
    )
    # "Also checked in …": the claims linked to it that are published, never another.
    linked = Claim.objects.published().linked_to(claim).for_linked_list()
    return TemplateResponse(
        request,
        "public/claim_detail.html",
        {
            "claim": claim,
            "linked_claims": linked,
            "canonical_url": url,
            "share": sharing.claim_share_tags(claim, url=url),
            "oembed_url": sharing.oembed_discovery_url(request, url),
            "scale": scale,
            # Escaped by jsonld.dumps for a <script> data block.
            "jsonld": mark_safe(jsonld.dumps(review)),  # noqa: S308
        },
    )


@sharing.embeddable
@require_safe
@public_page
def claim_embed(request, slug):
    """The claim card other sites put in an iframe: statement, verdict, who said
    it, and a link to the whole fact-check."""
    claim = Claim.objects.published().for_public_listing().filter(slug=slug).first()
    if claim is None:
        retracted = Claim.objects.retracted().filter(slug=slug).first()
        if retracted is None:
            return not_found(request)
        # A site that embedded it keeps showing the card: say that it was withdrawn.
        return TemplateResponse(
            request, "public/claim_embed_retracted.html", {"claim": retracted}, status=410
        )
    url = request.build_absolute_uri(reverse("public:claim_detail", args=[claim.slug]))
    return TemplateResponse(request, "public/claim_embed.html", {"claim": claim, "claim_url": url})


def claim_retracted(request, claim):
    """410 Gone: the claim was published, then withdrawn. Only its statement as
    last published, the note and the date are shown: the row may be a draft
    again, being rewritten."""
    statement = (
        Claim.history.filter(
            id=claim.pk, status="published", history_date__lte=claim.unpublished_at
        )
        .order_by("-history_date")
        .values_list("statement", flat=True)
        .first()
    )
    return TemplateResponse(
        request,
        "public/claim_retracted.html",
        {"claim": claim, "statement": statement},
        status=410,
    )


@require_safe
@public_page
def story_detail(request, slug):
    story = public_stories().filter(slug=slug).first()
    if story is None:
        return not_found(request)
    # Only reports the public may see (public_reports): an import alone never
    # lists one here.
    reports = list(public_reports().in_story(story).side_by_side().defer("body"))
    claims = Claim.objects.published().for_public_listing().with_tags().in_story(story)
    discrepancies = Discrepancy.objects.for_public_story().filter(story=story)
    # A report the timeline cannot name (no outlet, no address) is left out of it.
    picture = charts.timeline(
        (
            outlet_label(report),
            timezone.localtime(report.published_at) if report.published_at else report.published_on,
            report.headline or outlet_label(report),
        )
        for report in reports
        if outlet_label(report)
    )
    url = request.build_absolute_uri(reverse("public:story_detail", args=[story.slug]))
    return TemplateResponse(
        request,
        "public/story_detail.html",
        {
            "canonical_url": url,
            "share": sharing.share_tags(
                title=story.title, description=story.summary or story.title, url=url
            ),
            "story": story,
            "reports": reports,
            "claims": claims,
            "discrepancies": discrepancies,
            "timeline": picture,
        },
    )


@require_safe
@public_page
def site_page(request, slug):
    page = SitePage.objects.filter(slug=slug).first()
    if page is None:
        return not_found(request)
    corrections = None
    if slug == "corrections":
        corrections = (
            ClaimUpdate.objects.filter(claim__in=Claim.objects.published())
            .select_related("claim", "old_rating", "new_rating")
            .only(
                "created_at",
                "note",
                "claim__slug",
                "claim__statement",
                "old_rating__label",
                "new_rating__label",
            )
            .order_by("-created_at", "-pk")[:20]
        )
    return TemplateResponse(
        request, "public/site_page.html", {"page": page, "corrections": corrections}
    )


@require_safe
@public_page
def robots_txt(request):
    """Crawlers may read the public site, not the staff admin; the sitemap
    index lists every public address."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('public:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers and feed readers ask for ``/favicon.ico`` whatever the page
    links to: send them to the static icon (hashed, cached for long)."""
    return HttpResponsePermanentRedirect(static("public/favicon.ico"))
