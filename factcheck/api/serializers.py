"""
What the API shows of each row: the public fields, named one by one.

No serializer here lists a model's fields wholesale (no ``fields = "__all__"``,
no ``exclude``), so a field added to a model later stays private until someone
names it here; the views load rows through the public QuerySets, whose
``only()`` holds the same public fields.
"""

from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Claim, Claimant, Rating, Stance
from ..public.templatetags.public import safe_url


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class SafeURLField(serializers.Field):
    """A link to another site: an absolute http(s) address, or null (as on the pages)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return safe_url(value) or None


def page_link(view_name):
    """The absolute address of an object's public page (or API endpoint), by slug."""
    return serializers.HyperlinkedIdentityField(view_name=view_name, lookup_field="slug")


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ("label", "slug", "value", "definition")


class ScaleRatingSerializer(RatingSerializer):
    """A verdict of the rating scale, truest first."""

    published_claims = serializers.IntegerField(
        read_only=True, help_text="How many published claims carry this verdict."
    )
    claims = serializers.SerializerMethodField(help_text="The API's list of those claims.")

    class Meta(RatingSerializer.Meta):
        fields = (*RatingSerializer.Meta.fields, "order", "is_active", "published_claims", "claims")

    @extend_schema_field(OpenApiTypes.URI)
    def get_claims(self, rating):
        return _claims_list(self.context["request"], verdict=rating.slug)


class ClaimantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claimant
        fields = ("name", "slug", "kind", "description")


class ClaimantListSerializer(ClaimantSerializer):
    api_url = page_link("api:claimant-detail")
    claims = serializers.SerializerMethodField(help_text="The API's list of their claims.")

    class Meta(ClaimantSerializer.Meta):
        fields = (*ClaimantSerializer.Meta.fields, "api_url", "claims")

    @extend_schema_field(OpenApiTypes.URI)
    def get_claims(self, claimant):
        return _claims_list(self.context["request"], claimant=claimant.slug)


def _claims_list(request, **filters):
    return request.build_absolute_uri(f"{reverse('api:claim-list')}?{urlencode(filters)}")


class StoryRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    """A report (article) as published with the claim: headline, outlet, date, link."""

    headline = serializers.CharField()
    url = SafeURLField()
    published_on = serializers.DateField(allow_null=True)
    outlet = serializers.CharField(allow_null=True)


class ArticleSerializer(ReportSerializer):
    story = StoryRefSerializer(allow_null=True)


class TagSerializer(serializers.Serializer):
    """A topic the claim is filed under; ``?tag=<slug>`` lists its claims."""

    name = serializers.CharField()
    slug = serializers.SlugField()


class ClaimSerializer(serializers.Serializer):
    """A published claim as lists show it."""

    slug = serializers.SlugField()
    url = page_link("public:claim_detail")
    api_url = page_link("api:claim-detail")
    statement = serializers.CharField()
    kind = serializers.ChoiceField(choices=Claim.Kind.choices)
    claimed_on = serializers.DateField(allow_null=True)
    claimant = ClaimantSerializer(allow_null=True)
    verdict = RatingSerializer(source="rating")
    ruling = serializers.CharField()
    tags = TagSerializer(many=True, read_only=True)
    article = serializers.SerializerMethodField()
    first_published_at = serializers.DateTimeField()
    updated_at = serializers.SerializerMethodField(
        help_text="When the public last saw it change: published again, or corrected."
    )

    @extend_schema_field(ArticleSerializer)
    def get_article(self, claim):
        # The report as published with the claim (AnchoredPassage.shown_report).
        report = claim.shown_report
        story = claim.article.story
        return ArticleSerializer(
            {
                "headline": report.headline,
                "url": report.url,
                "published_on": report.published_on,
                "outlet": report.outlet or None,
                "story": {"slug": story.slug, "title": story.title} if story else None,
            }
        ).data

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_updated_at(self, claim):
        return serializers.DateTimeField().to_representation(claim.public_modified_at)


class PassageSerializer(serializers.Serializer):
    """A passage of a report as published: the quote, a little context each
    side (never the report's full text) and the report."""

    quote = serializers.CharField()
    before = serializers.CharField(source="prefix")
    after = serializers.CharField(source="suffix")
    report = ReportSerializer()


class SourceSerializer(serializers.Serializer):
    stance = serializers.ChoiceField(choices=Stance.choices)
    excerpt = serializers.CharField()
    title = serializers.CharField(source="source.title")
    url = SafeURLField(source="source.url")
    publisher = serializers.CharField(source="source.publisher")
    kind = serializers.CharField(source="source.kind")
    published_on = serializers.DateField(source="source.published_on", allow_null=True)
    archive_url = SafeURLField(source="source.archive_url")


class CorrectionSerializer(serializers.Serializer):
    date = serializers.DateTimeField(source="created_at")
    note = serializers.CharField()
    old_verdict = serializers.CharField(source="old_rating.label", allow_null=True, default=None)
    new_verdict = serializers.CharField(source="new_rating.label", allow_null=True, default=None)


class ClaimDetailSerializer(ClaimSerializer):
    """One published claim as its page shows it: the passage and the other
    reports carrying it, the sources, the corrections."""

    passage = PassageSerializer(source="shown")
    appearances = serializers.SerializerMethodField()
    sources = SourceSerializer(source="citations", many=True)
    corrections = CorrectionSerializer(source="updates", many=True)

    @extend_schema_field(PassageSerializer(many=True))
    def get_appearances(self, claim):
        return PassageSerializer([a.shown for a in claim.appearances.all()], many=True).data


class RetractedSerializer(serializers.Serializer):
    """410 Gone: the claim was published, then withdrawn."""

    status = serializers.IntegerField()
    detail = serializers.CharField()
    unpublished_at = serializers.DateTimeField()
    note = serializers.CharField()


class StorySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    event_date = serializers.DateField(allow_null=True)
    url = page_link("public:story_detail")
    api_url = page_link("api:story-detail")


class StoryClaimSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    url = page_link("public:claim_detail")
    api_url = page_link("api:claim-detail")
    statement = serializers.CharField()
    verdict = RatingSerializer(source="rating")


class DiscrepancySerializer(serializers.Serializer):
    """A resolved discrepancy between the story's reports."""

    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    resolution = serializers.CharField()
    resolved_at = serializers.DateTimeField(allow_null=True)


class StoryDetailSerializer(StorySerializer):
    """A story with what its page lists, read by the view and handed over in
    the context (``reports``, ``claims``, ``discrepancies``)."""

    reports = serializers.SerializerMethodField()
    claims = serializers.SerializerMethodField()
    discrepancies = serializers.SerializerMethodField()

    @extend_schema_field(ReportSerializer(many=True))
    def get_reports(self, story):
        return ReportSerializer(self.context["reports"], many=True).data

    @extend_schema_field(StoryClaimSerializer(many=True))
    def get_claims(self, story):
        return StoryClaimSerializer(self.context["claims"], many=True, context=self.context).data

    @extend_schema_field(DiscrepancySerializer(many=True))
    def get_discrepancies(self, story):
        return DiscrepancySerializer(self.context["discrepancies"], many=True).data
