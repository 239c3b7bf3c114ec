"""Who reviews: the reviewer of a submitted claim, and of a discrepancy's finding.

The author chooses one when submitting (optional), an editor may choose or
change one later; with none chosen, the desk's editors review. The
notifications of "submitted for your review" go to :func:`claim_reviewers`
and :func:`discrepancy_reviewers`.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .. import permissions
from ..models import Claim, Discrepancy
from ..permissions import claim_reviewers, discrepancy_reviewers  # noqa: F401 (services' names)
from ..workflows import CLAIM, DISCREPANCY, WorkflowError
from . import notifications
from .claims import _save as _save_claim
from .claims import require_claim_reviewer
from .discrepancies import StaleDiscrepancy
from .discrepancies import _save as _save_discrepancy


def _reviewer_reason(reviewer) -> str:
    return f"reviewer: {reviewer}" if reviewer else "reviewer: the desk"


@transaction.atomic
def claim_set_reviewer(*, claim: Claim, acting_user, editor=None, expected_version=None) -> Claim:
    """Choose or change the ``editor`` who reviews a claim in review (``None``:
    any editor of the desk); an editor's decision."""
    CLAIM.require("set_reviewer", acting_user, claim)
    require_claim_reviewer(editor, claim)
    claim.reviewer = editor
    expected = claim.version if expected_version is None else expected_version
    _save_claim(
        claim, expected_version=expected, acting_user=acting_user, reason=_reviewer_reason(editor)
    )
    return claim


def _require_discrepancy_reviewer(reviewer) -> None:
    if reviewer is not None and not permissions.can_review_discrepancy(reviewer):
        raise WorkflowError(
            f"{reviewer} is not an editor: only editors review and resolve discrepancies."
        )


def _check_version(discrepancy, expected_version):
    if expected_version is not None and expected_version != discrepancy.version:
        raise StaleDiscrepancy(discrepancy)


@transaction.atomic
def discrepancy_request_review(
    *, discrepancy: Discrepancy, acting_user, reviewer=None, expected_version=None
) -> Discrepancy:
    """Ask an editor to rule on an open or investigated discrepancy: ``reviewer``
    when given, else any editor who may resolve it. Dated, for the review queue."""
    _check_version(discrepancy, expected_version)
    DISCREPANCY.require("request_review", acting_user, discrepancy)
    _require_discrepancy_reviewer(reviewer)
    if reviewer is not None:
        discrepancy.reviewer = reviewer
    discrepancy.review_requested_at = timezone.now()
    _save_discrepancy(
        discrepancy,
        acting_user=acting_user,
        reason=f"review requested ({_reviewer_reason(discrepancy.reviewer)})",
        expected_version=expected_version,
    )
    notifications.notify_submitted(obj=discrepancy, acting_user=acting_user)
    return discrepancy


@transaction.atomic
def discrepancy_set_reviewer(
    *, discrepancy: Discrepancy, acting_user, editor=None, expected_version=None
) -> Discrepancy:
    """Choose or change the ``editor`` who reviews a discrepancy (``None``: any editor)."""
    _check_version(discrepancy, expected_version)
    DISCREPANCY.require("set_reviewer", acting_user, discrepancy)
    _require_discrepancy_reviewer(editor)
    discrepancy.reviewer = editor
    _save_discrepancy(
        discrepancy,
        acting_user=acting_user,
        reason=_reviewer_reason(editor),
        expected_version=expected_version,
    )
    return discrepancy
