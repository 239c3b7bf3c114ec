"""
Other fact-checkers' reviews, imported from their ClaimReview as
:class:`~factcheck.models.ExternalFactCheck` rows: research material, never
published. A file, an upload or a feed address comes in as an
:class:`articles.services.ImportInput`, so a URL is fetched by the article
importer's fetcher under its rules (http(s) only, no private addresses, the
size cap and the deadline).
"""

import dataclasses

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from articles.importers.base import check_size, decode
from articles.importers.claimreview import ParsedFactCheck, parse_claimreviews
from articles.services import ImportInput

from .. import permissions
from ..models import ExternalFactCheck

# What an import sets from the review; a re-import that changes none of them
# writes nothing.
REVIEW_FIELDS = (
    "claim_reviewed",
    "claimant_name",
    "rating_text",
    "rating_value",
    "best_rating",
    "worst_rating",
    "publisher_name",
    "publisher_url",
    "date_published",
    "raw",
)


@dataclasses.dataclass
class ExternalImportReport:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged "
            f"external fact-checks from {self.source}"
        )


def external_fact_checks_import(*, source: ImportInput, acting_user) -> ExternalImportReport:
    """Import every ClaimReview of ``source`` (a feed, a JSON-LD document or an
    HTML page), or none.

    A review already held (the same ``url``) is updated when it changed, and
    the history records who imported what. Raises
    :class:`~articles.importers.base.ImportRefused` when the source cannot be
    read, and :class:`~articles.importers.claimreview.ClaimReviewRefused`,
    naming each bad review, when any review cannot be stored; nothing is then
    written. The document is fetched before the transaction starts, so a slow
    server holds no database lock.
    """
    permissions.require(permissions.can_import_external_fact_checks(acting_user))
    data, fetched_url = source.load()
    check_size(data, limit=settings.IMPORT_MAX_BYTES)
    reviews = parse_claimreviews(decode(data))
    return _store(reviews, imported_from=fetched_url or source.name, acting_user=acting_user)


@transaction.atomic
def _store(reviews: list[ParsedFactCheck], *, imported_from, acting_user) -> ExternalImportReport:
    report = ExternalImportReport(source=imported_from)
    now = timezone.now()
    known = ExternalFactCheck.objects.in_bulk([review.url for review in reviews], field_name="url")
    new, changed = [], []
    for review in reviews:
        values = {field: getattr(review, field) for field in REVIEW_FIELDS}
        row = known.get(review.url)
        if row is None:
            new.append(ExternalFactCheck(url=review.url, **values))
            continue
        if all(getattr(row, field) == value for field, value in values.items()):
            report.unchanged += 1
            continue
        for field, value in values.items():
            setattr(row, field, value)
        changed.append(row)
    for row in (*new, *changed):
        row.imported_from = imported_from[
            : ExternalFactCheck._meta.get_field("imported_from").max_length
        ]
        row.imported_at = now
        row.imported_by = acting_user
    if new:
        bulk_create_with_history(
            new, ExternalFactCheck, default_user=acting_user, default_change_reason="imported"
        )
    if changed:
        bulk_update_with_history(
            changed,
            ExternalFactCheck,
            [*REVIEW_FIELDS, "imported_from", "imported_at", "imported_by"],
            default_user=acting_user,
            default_change_reason="re-imported",
        )
    report.created, report.updated = len(new), len(changed)
    return report


@transaction.atomic
def external_fact_check_delete(*, instance: ExternalFactCheck, acting_user) -> None:
    """Delete an imported review (editors), with history. A later import of a
    source that still carries it brings it back."""
    permissions.require(permissions.can_delete(acting_user, ExternalFactCheck))
    instance._history_user = acting_user
    instance.delete()
