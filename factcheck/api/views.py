"""
The API's endpoints. Each starts from a public QuerySet; the URLs wrap each in
the public page cache and gzip (:mod:`.urls`).
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from ..exports import CHUNK_SIZE, Column, csv_response
from ..models import Claim, Discrepancy, Rating
from ..models.anchors import outlet_label
from ..public import filters as public_filters
from ..public.templatetags.public import safe_url
from ..querysets import public_reports, public_stories
from . import serializers
from .filters import PublicFilterBackend
from .pagination import LinkHeaderPagination

RATING_FIELDS = serializers.RatingSerializer.Meta.fields

LINK_HEADER = OpenApiParameter(
    "Link",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200],
    description="RFC 8288 links to the `first`, `prev`, `next` and `last` pages, e.g. "
    '`<https://…/api/v1/claims/?page=2>; rel="next"`.',
)
ERROR = OpenApiResponse(
    description="`{status, detail}`; a refused query adds `errors`: messages by parameter."
)


class ClaimQuerySetMixin:
    """Published claims, newest first, under the public list's filters."""

    filter_backends = [PublicFilterBackend]
    filterset_class = public_filters.ClaimFilter

    def get_queryset(self):
        return Claim.objects.published().for_public_listing()


@extend_schema(
    summary="Published claims",
    description="The filters of the public list of claims, paged.",
    parameters=[LINK_HEADER],
    responses={200: serializers.ClaimSerializer(many=True), 400: ERROR, 404: ERROR},
)
class ClaimList(ClaimQuerySetMixin, generics.ListAPIView):
    serializer_class = serializers.ClaimSerializer
    pagination_class = LinkHeaderPagination

    def get_queryset(self):
        # The CSV export shares the filters but shows no tags: only the list prefetches them.
        return super().get_queryset().with_tags()


PUBLIC_CSV_COLUMNS = (
    Column("slug", lambda claim: claim.slug),
    Column("statement", lambda claim: claim.statement),
    Column("kind", lambda claim: claim.kind),
    Column("claimed_on", lambda claim: claim.claimed_on),
    Column("claimant", lambda claim: claim.claimant.name if claim.claimant_id else None),
    Column("claimant_slug", lambda claim: claim.claimant.slug if claim.claimant_id else None),
    Column("verdict", lambda claim: claim.rating.label),
    Column("verdict_slug", lambda claim: claim.rating.slug),
    Column("verdict_value", lambda claim: claim.rating.value),
    Column("ruling", lambda claim: claim.ruling),
    Column("outlet", lambda claim: claim.shown_report.outlet),
    Column("headline", lambda claim: claim.shown_report.headline),
    Column("report_url", lambda claim: safe_url(claim.shown_report.url)),
    Column("report_published_on", lambda claim: claim.shown_report.published_on),
    Column("story", lambda claim: claim.article.story.title if claim.article.story_id else None),
    Column(
        "story_slug", lambda claim: claim.article.story.slug if claim.article.story_id else None
    ),
    Column("first_published_at", lambda claim: claim.first_published_at),
    Column("updated_at", lambda claim: claim.public_modified_at),
)


@extend_schema(
    summary="Published claims as CSV",
    description="Every published claim under the same filters as the list, unpaged, "
    "as one streamed CSV file (UTF-8, a header line first). Text cells that a "
    "spreadsheet would run as a formula start with an apostrophe.",
    responses={(200, "text/csv"): OpenApiTypes.STR, 400: ERROR},
    filters=True,
    tags=["claims"],
)
class ClaimCSV(ClaimQuerySetMixin, generics.GenericAPIView):
    def get(self, request):
        claims = self.filter_queryset(self.get_queryset())
        filename = f"claims-{timezone.localdate().isoformat()}.csv"
        return csv_response(filename, PUBLIC_CSV_COLUMNS, claims.iterator(chunk_size=CHUNK_SIZE))


@extend_schema(
    summary="One published claim",
    description="A claim with its passage, the other reports carrying it, its sources "
    "and corrections. A claim withdrawn after publication answers 410 with the dated note.",
    responses={
        200: serializers.ClaimDetailSerializer,
        404: ERROR,
        410: serializers.RetractedSerializer,
    },
)
class ClaimDetail(generics.RetrieveAPIView):
    serializer_class = serializers.ClaimDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Claim.objects.published().for_public_page()

    def retrieve(self, request, *args, **kwargs):
        claim = self.get_queryset().filter(slug=kwargs["slug"]).first()
        if claim is not None:
            return Response(self.get_serializer(claim).data)
        retracted = get_object_or_404(Claim.objects.retracted(), slug=kwargs["slug"])
        return Response(
            serializers.RetractedSerializer(
                {
                    "status": 410,
                    "detail": "This fact-check was withdrawn after publication.",
                    "unpublished_at": retracted.unpublished_at,
                    "note": retracted.unpublish_note,
                }
            ).data,
            status=410,
        )


@extend_schema(
    summary="Stories",
    description="The stories the public may see: those with a published claim or a "
    "resolved discrepancy, latest event first.",
    parameters=[LINK_HEADER],
    responses={200: serializers.StorySerializer(many=True), 400: ERROR, 404: ERROR},
)
class StoryList(generics.ListAPIView):
    serializer_class = serializers.StorySerializer
    pagination_class = LinkHeaderPagination

    def get_queryset(self):
        return (
            public_stories()
            .only("slug", "title", "summary", "event_date")
            .order_by("-event_date", "title", "pk")
        )


@extend_schema(
    summary="One story",
    description="A story with its public reports in reading order, its published "
    "claims and its resolved discrepancies.",
    responses={200: serializers.StoryDetailSerializer, 404: ERROR},
)
class StoryDetail(generics.RetrieveAPIView):
    serializer_class = serializers.StoryDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return public_stories().only("slug", "title", "summary", "event_date")

    def retrieve(self, request, *args, **kwargs):
        story = self.get_object()
        # Only reports the public may see (public_reports), as on the story's page.
        reports = [
            {
                "headline": report.headline,
                "url": report.url,
                "published_on": report.published_on,
                "outlet": outlet_label(report) or None,
            }
            for report in public_reports().in_story(story).side_by_side().defer("body", "raw_input")
        ]
        claims = (
            Claim.objects.published()
            .in_story(story)
            .select_related("rating")
            .only("slug", "statement", *(f"rating__{name}" for name in RATING_FIELDS))
            .order_by("-published_at", "-pk")
        )
        discrepancies = (
            Discrepancy.objects.public()
            .filter(story=story)
            .only("title", "kind", "status", "resolution", "resolved_at")
            .order_by("resolved_at", "pk")
        )
        context = {
            **self.get_serializer_context(),
            "reports": reports,
            "claims": claims,
            "discrepancies": discrepancies,
        }
        return Response(self.serializer_class(story, context=context).data)


@extend_schema(
    summary="The rating scale",
    description="The verdicts, truest first: those offered today, and retired ones "
    "that published claims still carry.",
    responses={200: serializers.ScaleRatingSerializer(many=True)},
)
class RatingList(generics.ListAPIView):
    serializer_class = serializers.ScaleRatingSerializer
    pagination_class = None

    def get_queryset(self):
        return Rating.objects.filter(Q(is_active=True) | Q(published_claims__gt=0)).order_by(
            "order", "label"
        )


class ClaimantQuerySetMixin:
    """People and organisations with a published claim (as the public list's filter)."""

    def get_queryset(self):
        return (
            public_filters.claimants(self.request)
            .only("name", "slug", "kind", "description")
            .order_by("name", "pk")
        )


@extend_schema(
    summary="Claimants",
    description="People and organisations with a published claim, by name.",
    parameters=[LINK_HEADER],
    responses={200: serializers.ClaimantListSerializer(many=True), 400: ERROR, 404: ERROR},
)
class ClaimantList(ClaimantQuerySetMixin, generics.ListAPIView):
    serializer_class = serializers.ClaimantListSerializer
    pagination_class = LinkHeaderPagination


@extend_schema(
    summary="One claimant",
    responses={200: serializers.ClaimantListSerializer, 404: ERROR},
)
class ClaimantDetail(ClaimantQuerySetMixin, generics.RetrieveAPIView):
    serializer_class = serializers.ClaimantListSerializer
    lookup_field = "slug"
