"""RSS and Atom feeds of the latest published fact-checks."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks

from ..models import Claim

FEED_LENGTH = 50


def last_change(claim):
    """When the public last saw this claim change: published, or later corrected."""
    if claim.last_corrected_at and claim.last_corrected_at > claim.published_at:
        return claim.last_corrected_at
    return claim.published_at


class LatestClaimsFeed(Feed):
    """The newest published claims, verdict first. The author is the newsroom."""

    def title(self):
        return f"{settings.NEWSROOM_NAME}: latest fact-checks"

    def link(self):
        return reverse("public:claim_list")

    def description(self):
        return f"The latest verdicts published by {settings.NEWSROOM_NAME}."

    def author_name(self):
        return settings.NEWSROOM_NAME

    def items(self):
        return Claim.objects.published().for_public_listing()[:FEED_LENGTH]

    def item_title(self, claim):
        return f"{claim.rating.label}: {claim.statement}"

    def item_description(self, claim):
        # Readers treat the description as HTML: the ruling is plain text, so
        # it is escaped here (and once more as XML by the feed writer).
        return linebreaks(claim.ruling, autoescape=True)

    def item_link(self, claim):
        return reverse("public:claim_detail", args=[claim.slug])

    def item_pubdate(self, claim):
        return claim.first_published_at

    def item_updateddate(self, claim):
        return last_change(claim)

    def item_author_name(self, claim):
        return settings.NEWSROOM_NAME

    def item_categories(self, claim):
        return [claim.rating.label]


class LatestClaimsAtomFeed(LatestClaimsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
