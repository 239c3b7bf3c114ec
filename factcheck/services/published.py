"""Published work keeps what was published.

Publishing a claim or closing a discrepancy with a finding takes a record of
each passage as shown (the quote and its context, the article revision, the
report's outlet, headline and date); public pages print that record. When a
later revision of a report changes or loses a passage under published work,
re-anchoring flags it *report changed after publication*, and an editor
either accepts the new text (a dated public note says what changed) or keeps
the published text with an internal note.

Editors also decide which reports no published work cites are listed on the
public story page anyway (:func:`report_set_public`).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import permissions
from ..models import (
    Claim,
    ClaimAppearance,
    ClaimUpdate,
    Discrepancy,
    DiscrepancyPassage,
    DiscrepancyUpdate,
    PublicReport,
)
from ..signals import announce_public_change
from . import notifications
from .claims import WorkflowError, _save

REPORT_CHANGED = "report changed after publication"


def work_of(passage):
    """The claim or discrepancy a passage belongs to."""
    if isinstance(passage, Claim):
        return passage
    if isinstance(passage, ClaimAppearance):
        return passage.claim
    return passage.discrepancy


def is_under_published_work(passage) -> bool:
    work = work_of(passage)
    if isinstance(work, Claim):
        return work.status == Claim.Status.PUBLISHED
    return work.status in (Discrepancy.Status.RESOLVED, Discrepancy.Status.NOT_CONFLICT)


def note_on_work(passage, *, reason: str, acting_user) -> None:
    """Put ``reason`` in the history of the passage's claim or discrepancy, its
    version moved on so that open forms notice."""
    work = work_of(passage)
    if work is passage:
        return
    type(work).objects.filter(pk=work.pk).update(version=F("version") + 1)
    work.refresh_from_db(fields=["version"])
    work._history_user = acting_user
    work._change_reason = reason
    work.save()


def reanchored(passage, *, before: tuple, revision_number: int, now) -> str | None:
    """After ``passage`` was re-placed in a new revision, flag or unflag it.

    ``before`` is its ``(quote, prefix, suffix, anchor_status)`` on the previous
    revision. A passage under published work is flagged when this revision
    changed its words or context, or lost it, and it no longer reads as
    published. One that reads as published again loses its flag. Returns the
    history reason for what happened, or ``None``.
    """
    if passage.shown_at is None or not is_under_published_work(passage):
        return None
    after = (passage.quote, passage.prefix, passage.suffix, passage.anchor_status)
    departs = passage.is_orphaned or passage.shown_differs() or passage.shown_details_differ()
    if after != before and departs:
        passage.report_changed_at = now
        passage.report_changed_revision = revision_number
        # History keeps at most 100 characters of a reason, with the
        # re-anchoring's own in front: the revision is in the flag's field.
        return f"{REPORT_CHANGED} (passage lost)" if passage.is_orphaned else REPORT_CHANGED
    if passage.is_report_changed and not departs:
        passage.report_changed_at = None
        passage.report_changed_revision = None
        return "report reads as published again"
    return None


REPORT_DETAILS_CHANGED = "report details changed after publication"


def report_details_changed(*, article, acting_user=None) -> int:
    """After ``article``'s metadata was saved (an import, a watch round, a
    correction by hand), flag each passage on it under published work whose
    record names the report otherwise: the public keeps the published
    outlet, headline and date until an editor accepts. Returns how many."""
    # Imported here: passages.py imports this module.
    from .passages import anchored_querysets

    now = timezone.now()
    flagged = 0
    changed_work = {}
    for queryset in anchored_querysets(article):
        unflagged = queryset.filter(shown_at__isnull=False, report_changed_at__isnull=True)
        for passage in unflagged.select_for_update(of=("self",)):
            if not is_under_published_work(passage) or not passage.shown_details_differ():
                continue
            passage.report_changed_at = now
            passage.report_changed_revision = passage.anchored_revision
            if isinstance(passage, Claim):
                Claim.objects.filter(pk=passage.pk).update(version=F("version") + 1)
                passage.version += 1
            passage._history_user = acting_user
            passage._change_reason = REPORT_DETAILS_CHANGED
            passage.save()
            note_on_work(passage, reason=REPORT_DETAILS_CHANGED, acting_user=acting_user)
            work = work_of(passage)
            changed_work[(type(work), work.pk)] = work
            flagged += 1
    for work in changed_work.values():
        notifications.notify_report_changed(work=work, acting_user=acting_user)
    return flagged


def _quoted(text: str) -> str:
    return f"“{text.strip()}”"


def details_changed(old, new) -> list[tuple[str, str, str]]:
    """``(what, was, is)`` for each of the report's outlet, headline and date
    that reads otherwise in ``new`` (a :class:`ShownReport`) than in ``old``."""
    changes = []
    for what, attribute in (("outlet", "outlet"), ("headline", "headline")):
        was, now = getattr(old, attribute), getattr(new, attribute)
        if was != now:
            changes.append((what, was, now))
    if old.published_on != new.published_on:
        changes.append(
            (
                "date",
                old.published_on.isoformat() if old.published_on else "",
                new.published_on.isoformat() if new.published_on else "",
            )
        )
    return changes


def update_note(old, new, *, extra: str = "") -> str:
    """The public note: which report was updated and what changed in it."""
    sentences = []
    if (new.quote, new.prefix, new.suffix) != (old.quote, old.prefix, old.suffix):
        outlet = new.report.outlet or old.report.outlet
        sentences.append(f"{outlet} updated its report" if outlet else "The report was updated")
        sentences[0] += " after we published this."
        if new.quote != old.quote:
            sentences.append(
                f"The passage we quote now reads {_quoted(new.quote)}; "
                f"it read {_quoted(old.quote)}."
            )
        else:
            sentences.append("The words around the passage we quote changed; the passage did not.")
    details = details_changed(old.report, new.report)
    if details:
        if not sentences:
            sentences.append("We updated the details of the report we cite.")
        for what, was, now in details:
            if now and was:
                sentences.append(f"Its {what} now reads {_quoted(now)}; it read {_quoted(was)}.")
            elif now:
                sentences.append(f"Its {what} now reads {_quoted(now)}.")
            else:
                sentences.append(f"Its {what} is no longer given; it read {_quoted(was)}.")
    if extra.strip():
        sentences.append(extra.strip())
    return " ".join(sentences)


def _require_flagged(passage):
    if not passage.is_report_changed:
        raise WorkflowError("Nothing to decide: this passage reads as it was published.")
    if not is_under_published_work(passage):
        raise WorkflowError("This work is no longer public; edit it as a draft.")


@transaction.atomic
def report_change_accept(*, passage, acting_user, note: str = ""):
    """Show the report's new text under published work from now on.

    The record is taken again from the passage as it now reads, and a dated
    public note says what changed: a claim's update note (shown with its
    corrections), or a discrepancy's. Refused for a passage the report no
    longer contains: re-quote it first, or keep the published text.
    """
    permissions.require(permissions.can_review_report_changes(acting_user, passage))
    _require_flagged(passage)
    if passage.is_orphaned:
        raise WorkflowError(
            "The passage is no longer in the report: re-quote it on the new text first, "
            "or keep the published text with a note."
        )
    now = timezone.now()
    old = passage.shown
    revision = passage.report_changed_revision
    passage.record_shown(now)
    passage.report_review_note = ""
    public_note = update_note(old, passage.shown, extra=note)
    reason = f"accepted the report's revision {revision} after publication"
    work = work_of(passage)
    if isinstance(work, Claim):
        if passage is not work:
            passage._history_user = acting_user
            passage._change_reason = reason
            passage.save()
        work.mark_public_change(now)
        _save(work, expected_version=work.version, acting_user=acting_user, reason=reason)
        return ClaimUpdate.objects.create(
            claim=work, created_at=now, note=public_note, created_by=acting_user
        )
    passage._history_user = acting_user
    passage._change_reason = reason
    passage.save()
    note_on_work(passage, reason=reason, acting_user=acting_user)
    announce_public_change()
    return DiscrepancyUpdate.objects.create(
        discrepancy=work, created_at=now, note=public_note, created_by=acting_user
    )


@transaction.atomic
def report_change_keep(*, passage, note: str, acting_user):
    """Keep showing the published text although the report changed; ``note``
    (internal) says why. The public sees nothing new."""
    permissions.require(permissions.can_review_report_changes(acting_user, passage))
    _require_flagged(passage)
    if not note.strip():
        raise WorkflowError("Say why the published text stays.")
    revision = passage.report_changed_revision
    passage.report_changed_at = None
    passage.report_changed_revision = None
    passage.report_review_note = note.strip()
    reason = f"kept the published text over the report's revision {revision}"
    work = work_of(passage)
    if passage is work:
        _save(work, expected_version=work.version, acting_user=acting_user, reason=reason)
        return passage
    passage._history_user = acting_user
    passage._change_reason = reason
    passage.save()
    note_on_work(passage, reason=reason, acting_user=acting_user)
    return passage


PASSAGE_MODELS = {"claim": Claim, "appearance": ClaimAppearance, "passage": DiscrepancyPassage}


def passage_kind(passage) -> str:
    return next(kind for kind, model in PASSAGE_MODELS.items() if isinstance(passage, model))


@transaction.atomic
def report_set_public(*, article, public: bool, acting_user, note: str = "") -> PublicReport:
    """List ``article`` on its public story page although no published work
    cites it (``public=True``), or stop doing so. Editors only; recorded in
    the decision's history."""
    permissions.require(permissions.can_mark_reports_public(acting_user))
    decision = PublicReport.objects.select_for_update().filter(article=article).first()
    decision = decision or PublicReport(article=article)
    decision.is_public = public
    decision.note = note.strip()
    decision.changed_at = timezone.now()
    decision.changed_by = acting_user
    decision._history_user = acting_user
    decision._change_reason = "shown on the public story page" if public else "no longer shown"
    decision.save()
    announce_public_change()
    return decision
