"""Scheduled publication: an editor sets the time, the task worker publishes.

A scheduled claim stays in review, so nothing of it is public (feeds, sitemap,
API, pages and their caches all read published claims only) until the worker
publishes it through :func:`~factcheck.services.claims.claim_publish`, acting
as the editor who scheduled it: every publication check runs again then, and
the public side changes at that moment, caches included (``claim_publish``
announces the change). A check that fails then leaves the claim unpublished,
the schedule cleared and the reason on the claim for its editor.

Each schedule queues one task (:func:`factcheck.tasks.publish_scheduled_claims`)
with ``run_after`` at its time, which ``manage.py db_worker`` honours; that
task publishes every claim then due, so a task left over from a schedule
changed since does nothing, and ``manage.py publish_scheduled`` (cron) does
the same where no worker runs.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from ..models import Claim
from ..workflows import CLAIM, WorkflowError, publication_problems
from . import notifications
from .claims import _save, claim_publish

logger = logging.getLogger(__name__)

PUBLISH_TASK = "factcheck.tasks.publish_scheduled_claims"


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M %Z}"


@transaction.atomic
def claim_schedule(*, claim: Claim, when, acting_user, expected_version=None) -> Claim:
    """Schedule ``claim`` (in review) to be published at ``when``, by
    ``acting_user``: an editor who did not write it. Refused unless it passes
    every publication check now; they are checked again at that time."""
    CLAIM.require("schedule", acting_user, claim)
    if when is None:
        raise WorkflowError("Choose when to publish it.")
    if timezone.is_naive(when):
        raise WorkflowError("Give the time with its time zone.")
    if when <= timezone.now():
        raise WorkflowError("Choose a time in the future; to publish now, publish it.")
    if claim.created_by_id == acting_user.pk:
        raise WorkflowError("You wrote this claim: another editor must publish it.")
    problems = publication_problems(claim)
    if problems:
        raise WorkflowError("Cannot schedule: " + "; ".join(problems) + ".")
    claim.publish_at = when
    claim.scheduled_by = acting_user
    claim.schedule_failed_at = None
    claim.schedule_failure = ""
    expected = claim.version if expected_version is None else expected_version
    _save(
        claim,
        expected_version=expected,
        acting_user=acting_user,
        reason=f"scheduled to publish at {_when(when)}",
    )
    transaction.on_commit(lambda: _enqueue(when))
    return claim


@transaction.atomic
def claim_unschedule(*, claim: Claim, acting_user, expected_version=None) -> Claim:
    """Take a claim off the schedule; it stays in review."""
    CLAIM.require("unschedule", acting_user, claim)
    if claim.publish_at is None:
        raise WorkflowError("Cannot unschedule: it is not scheduled.")
    claim.publish_at = None
    claim.scheduled_by = None
    expected = claim.version if expected_version is None else expected_version
    _save(claim, expected_version=expected, acting_user=acting_user, reason="unscheduled")
    return claim


def _enqueue(when) -> None:
    """Queue the worker's run at ``when``, where the backend can run a task later
    (the database backend of ``db_worker`` can; the inline one of the tests cannot,
    and the command or the tests then run it)."""
    try:
        task = import_string(PUBLISH_TASK)
        if not task.get_backend().supports_defer:
            return
        task.using(run_after=when).enqueue()
    except Exception:
        # The schedule is stored; `manage.py publish_scheduled` still publishes it.
        logger.exception("The scheduled publication at %s could not be queued.", when)


def claims_publish_due(*, now=None) -> dict:
    """Publish every scheduled claim whose time has come; ``{"published": [...],
    "failed": [...]}`` (claim ids). Each claim in a transaction of its own."""
    now = now or timezone.now()
    report = {"published": [], "failed": []}
    due = Claim.objects.scheduled().filter(publish_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        published = claim_publish_scheduled(claim_id=pk, now=now)
        if published is not None:
            report["published" if published else "failed"].append(pk)
    return report


@transaction.atomic
def claim_publish_scheduled(*, claim_id: int, now=None) -> bool | None:
    """Publish one scheduled claim now through :func:`claim_publish`, acting as
    the editor who scheduled it. ``True`` when published; ``False`` when a check
    refused it (recorded on the claim, schedule cleared); ``None`` when it is no
    longer due (unscheduled, or published by another worker meanwhile)."""
    now = now or timezone.now()
    # The row alone is locked (PostgreSQL refuses FOR UPDATE across the outer
    # join a select_related of the nullable scheduled_by would add).
    claim = (
        Claim.objects.select_for_update()
        .filter(pk=claim_id, status=Claim.Status.IN_REVIEW, publish_at__lte=now)
        .first()
    )
    if claim is None:
        return None
    editor = claim.scheduled_by
    try:
        with transaction.atomic():
            if editor is None:
                raise WorkflowError("the editor who scheduled it no longer exists")
            claim_publish(claim=claim, acting_user=editor, expected_version=claim.version)
    except (WorkflowError, PermissionDenied) as exc:
        claim.refresh_from_db()
        reason = str(exc) or "the editor who scheduled it may no longer publish"
        if isinstance(exc, PermissionDenied):
            reason = "the editor who scheduled it may no longer publish claims"
        claim.publish_at = None
        claim.scheduled_by = None
        claim.schedule_failed_at = now
        claim.schedule_failure = reason
        _save(
            claim,
            expected_version=claim.version,
            acting_user=editor,
            reason=f"scheduled publication failed: {reason}",
        )
        logger.warning("Scheduled publication of claim %s failed: %s", claim_id, reason)
        notifications.notify_schedule_failed(claim=claim, editor=editor, reason=reason)
        return False
    return True
