"""Keeping anchored passages on the right words when an article changes."""

import logging

from django.db import transaction

from ..anchoring import reanchor
from ..models import AnchorStatus, Claim, ClaimAppearance, DiscrepancyPassage
from ..public.caching import public_content_changed
from .claims import claim_public_changed

logger = logging.getLogger(__name__)


def anchored_querysets(article):
    """Every kind of passage anchored to ``article``'s body."""
    return [
        Claim.objects.filter(article=article),
        ClaimAppearance.objects.filter(article=article),
        # The discrepancy's fingerprint is stored, not recomputed, so it
        # survives whatever re-anchoring does to the quote.
        DiscrepancyPassage.objects.filter(article=article),
    ]


@transaction.atomic
def passages_reanchor(*, article, revision, acting_user=None) -> dict[str, int]:
    """Re-place every passage on ``article`` in its new ``revision``.

    Exact text first, then surrounding context, then a strict fuzzy match; a
    passage none of these places with confidence is marked orphaned, keeping
    its last quote, and is listed for review. Returns counts by outcome.
    """
    counts = {"exact": 0, "context": 0, "fuzzy": 0, "orphaned": 0}
    for queryset in anchored_querysets(article):
        for passage in queryset.select_for_update():
            anchor = reanchor(
                article.body, quote=passage.quote, prefix=passage.prefix, suffix=passage.suffix
            )
            if anchor is None:
                passage.anchor_status = AnchorStatus.ORPHANED
                counts["orphaned"] += 1
                reason = f"orphaned by article revision {revision.number}"
            else:
                passage.set_anchor(anchor, revision.number)
                counts[anchor.method] += 1
                reason = f"re-anchored ({anchor.method}) to article revision {revision.number}"
            if isinstance(passage, Claim):
                passage.version += 1
            passage._history_user = acting_user
            passage._change_reason = reason
            passage.save()
            if isinstance(passage, Claim):
                claim_public_changed(passage)
    if counts != dict.fromkeys(counts, 0):
        # Appearances and discrepancy passages show on public pages too.
        public_content_changed()
    if counts["orphaned"]:
        logger.warning(
            "Article %s revision %s orphaned %s passage(s)",
            article.pk,
            revision.number,
            counts["orphaned"],
        )
    return counts
