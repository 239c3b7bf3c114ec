"""Keeping anchored passages on the right words when an article changes."""

import logging

from django.db import transaction
from django.utils import timezone

from articles.analysis.anchoring import reanchor

from ..models import AnchorStatus, Claim, ClaimAppearance, DiscrepancyPassage
from ..signals import announce_public_change
from . import notifications
from .claims import claim_public_changed
from .published import REPORT_CHANGED, note_on_work, reanchored, work_of

logger = logging.getLogger(__name__)


def anchored_querysets(article):
    """Every kind of passage anchored to ``article``'s body, with the work it
    belongs to (whose status says whether it is published) and the report."""
    return [
        Claim.objects.filter(article=article).select_related("article__outlet"),
        ClaimAppearance.objects.filter(article=article).select_related("claim", "article__outlet"),
        # The discrepancy's fingerprint is stored, not recomputed, so it
        # survives whatever re-anchoring does to the quote.
        DiscrepancyPassage.objects.filter(article=article).select_related(
            "discrepancy", "article__outlet"
        ),
    ]


@transaction.atomic
def passages_reanchor(*, article, revision, acting_user=None) -> dict[str, int]:
    """Re-place every passage on ``article`` in its new ``revision``.

    Exact text first, then surrounding context, then a strict fuzzy match; a
    passage none of these places with confidence is marked orphaned, keeping
    its last quote, and is listed for review. A passage under published work
    that this revision changes or loses is flagged *report changed after
    publication* for an editor; the public keeps seeing what was published.
    Returns counts by outcome.
    """
    counts = {"exact": 0, "context": 0, "fuzzy": 0, "orphaned": 0, "report_changed": 0}
    now = timezone.now()
    changed_work = {}
    for queryset in anchored_querysets(article):
        # Only the passages are locked, not the work or report joined to them.
        for passage in queryset.select_for_update(of=("self",)):
            before = (passage.quote, passage.prefix, passage.suffix, passage.anchor_status)
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
            # Under published work, the public keeps the published record; a
            # change is flagged for an editor (services.published).
            flagged = reanchored(passage, before=before, revision_number=revision.number, now=now)
            if flagged:
                reason = f"{reason}; {flagged}"
                counts["report_changed"] += passage.is_report_changed
                if flagged.startswith(REPORT_CHANGED):
                    work = work_of(passage)
                    changed_work[(type(work), work.pk)] = work
            if isinstance(passage, Claim):
                passage.version += 1
            passage._history_user = acting_user
            passage._change_reason = reason
            passage.save()
            if isinstance(passage, Claim):
                claim_public_changed(passage)
            elif flagged:
                note_on_work(passage, reason=flagged, acting_user=acting_user)
    for work in changed_work.values():
        notifications.notify_report_changed(work=work, acting_user=acting_user)
    if counts != dict.fromkeys(counts, 0):
        # Appearances and discrepancy passages show on public pages too.
        announce_public_change()
    if counts["orphaned"]:
        logger.warning(
            "Article %s revision %s orphaned %s passage(s)",
            article.pk,
            revision.number,
            counts["orphaned"],
        )
    return counts
