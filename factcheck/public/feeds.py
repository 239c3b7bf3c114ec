"""
Feeds: RSS and Atom of the latest published fact-checks, and the ClaimReview
DataFeed of every claim the public has seen, in the shape fact-check
aggregators import (Google's and Data Commons' ClaimReview feeds).

Every date of change here is the claim's one "last modified",
``Claim.public_modified_at``.
"""

import base64
import dataclasses
import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db import models
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks

from ..choices import ClaimStatus
from ..models import Claim
from .templatetags.public import iso

FEED_LENGTH = 50
# DataFeedItems in one page of the ClaimReview feed: about 1.5 KB each, so a
# page stays near a megabyte and renders in well under a second.
CLAIMREVIEW_PAGE_SIZE = 1000


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
        return Claim.objects.published().for_public_listing().with_tags()[:FEED_LENGTH]

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
        return claim.public_modified_at

    def item_author_name(self, claim):
        return settings.NEWSROOM_NAME

    def item_categories(self, claim):
        # The verdict, then the claim's tags: what a reader of the feed filters on.
        return [claim.rating.label, *(tag.name for tag in claim.tags.all())]


class LatestClaimsAtomFeed(LatestClaimsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


class BadCursor(ValueError):
    """An ``after`` value this feed never wrote."""


@dataclasses.dataclass(frozen=True)
class Cursor:
    """Where a page of the ClaimReview feed ends: the last item's
    ``public_modified_at`` and key, the feed's order. Opaque to readers."""

    modified: datetime.datetime
    pk: int

    def encode(self) -> str:
        text = f"{self.modified.isoformat()}|{self.pk}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> "Cursor":
        try:
            text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            modified, pk = text.split("|")
            cursor = cls(datetime.datetime.fromisoformat(modified), int(pk))
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadCursor(token) from exc
        if cursor.modified.tzinfo is None:
            raise BadCursor(token)
        return cursor

    def following(self) -> models.Q:
        return models.Q(public_modified_at__gt=self.modified) | models.Q(
            public_modified_at=self.modified, pk__gt=self.pk
        )


@dataclasses.dataclass
class FeedPage:
    elements: list[dict]
    next: Cursor | None


def claimreview_page(
    *, review, address, since=None, after: Cursor | None = None, size=None
) -> FeedPage:
    """One page of DataFeedItems, oldest change first, from ``since`` (a
    datetime) and after ``after``.

    ``review(claim)`` makes a published claim's ClaimReview, ``address(slug)``
    a claim page's absolute URL. A claim retracted since its publication
    stays as an item with ``dateDeleted`` and its address alone, so that
    readers of ``since`` learn to drop it. Four queries whatever the page
    holds: the page's keys in the feed's order (from the (public_modified_at,
    id) index), the published rows among them, their other appearances, their
    tags.
    """
    size = size or CLAIMREVIEW_PAGE_SIZE
    keys = Claim.objects.ever_published().in_feed_order()
    if since is not None:
        keys = keys.modified_since(since)
    if after is not None:
        keys = keys.filter(after.following())
    keys = list(
        keys.values_list(
            "pk", "status", "slug", "first_published_at", "public_modified_at", "unpublished_at"
        )[: size + 1]
    )
    more = len(keys) > size
    keys = keys[:size]
    published = {
        claim.pk: claim
        for claim in Claim.objects.published()
        .for_claimreview()
        .filter(pk__in=[key[0] for key in keys if key[1] == ClaimStatus.PUBLISHED])
    }
    elements = []
    for pk, status, slug, first_published_at, modified, unpublished_at in keys:
        if status == ClaimStatus.PUBLISHED:
            claim = published.get(pk)
            if claim is None:
                # Retracted between the two reads: the next read lists it so.
                continue
            item = review(claim)
            del item["@context"]
            elements.append(
                {
                    "@type": "DataFeedItem",
                    "dateCreated": iso(first_published_at),
                    "dateModified": iso(modified),
                    "item": item,
                }
            )
        else:
            url = address(slug)
            elements.append(
                {
                    "@type": "DataFeedItem",
                    "dateCreated": iso(first_published_at),
                    "dateModified": iso(modified),
                    "dateDeleted": iso(unpublished_at),
                    "item": {"@type": "ClaimReview", "@id": f"{url}#claimreview", "url": url},
                }
            )
    last = keys[-1] if keys else None
    return FeedPage(elements, Cursor(last[4], last[0]) if more else None)
