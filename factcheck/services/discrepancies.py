"""Discrepancies between reports: recording, suggesting, researching, resolving."""

from __future__ import annotations

import dataclasses

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from articles.analysis.anchoring import anchor_quote, make_anchor
from articles.analysis.fingerprint import discrepancy_fingerprint
from articles.models import Article, Story

from .. import permissions
from ..models import Claim, Discrepancy, DiscrepancyCitation, DiscrepancyPassage
from ..signals import announce_public_change
from ..workflows import DISCREPANCY, WorkflowError
from . import notifications
from .claims import _current_revision, _record_shown
from .snapshots import source_snapshot_on_citation

Status = Discrepancy.Status
PUBLIC_STATUSES = (Status.RESOLVED, Status.NOT_CONFLICT)


@dataclasses.dataclass
class PassageSpec:
    """One report's wording, given as a quote to find (staff) or as offsets (detection)."""

    article: Article
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    claim: Claim | None = None


class StaleDiscrepancy(WorkflowError):
    def __init__(self, discrepancy):
        super().__init__(
            f"“{discrepancy}” was changed by someone else after you opened it. "
            "Nothing was saved: reload the page and try again."
        )


def _save(discrepancy, *, acting_user, reason, expected_version=None):
    expected = discrepancy.version if expected_version is None else expected_version
    moved = Discrepancy.objects.filter(pk=discrepancy.pk, version=expected).update(
        version=F("version") + 1
    )
    if not moved:
        raise StaleDiscrepancy(discrepancy)
    discrepancy.version = expected + 1
    discrepancy._history_user = acting_user
    discrepancy._change_reason = reason
    discrepancy.save()
    # Resolved discrepancies are public, and so were those just reopened.
    if discrepancy.status in PUBLIC_STATUSES or discrepancy.resolved_at or reason == "reopen":
        announce_public_change()


def _anchor(spec: PassageSpec):
    if spec.start is not None and spec.end is not None:
        if not (0 <= spec.start < spec.end <= len(spec.article.body)):
            raise WorkflowError(f"Passage offsets fall outside “{spec.article}”.")
        return make_anchor(spec.article.body, spec.start, spec.end)
    return anchor_quote(spec.article.body, spec.quote, prefix=spec.prefix, suffix=spec.suffix)


def _check_passages(story, kind, specs):
    articles = [spec.article for spec in specs]
    if any(article.story_id != story.pk for article in articles):
        raise WorkflowError("Every passage must come from a report of this story.")
    if len({article.pk for article in articles}) != len(articles):
        raise WorkflowError("Pick one passage per report.")
    minimum = 1 if kind == Discrepancy.Kind.SINGLE_SOURCE else 2
    if len(articles) < minimum:
        raise WorkflowError(
            "A discrepancy needs passages from at least two reports "
            "(a single-source detail needs one)."
        )


def _create(
    *, story, title, kind, specs, status, origin, acting_user, reason, skip_known=False, **fields
):
    _check_passages(story, kind, specs)
    anchors = [(_anchor(spec), spec) for spec in specs]
    fingerprint = discrepancy_fingerprint(kind, [anchor.quote for anchor, _ in anchors])
    existing = Discrepancy.objects.filter(story=story, fingerprint=fingerprint).first()
    if existing is not None:
        if skip_known:
            return None
        raise WorkflowError(
            f"Already tracked as “{existing}” ({existing.get_status_display().lower()})."
        )
    discrepancy = Discrepancy(
        story=story,
        title=title.strip(),
        kind=kind,
        status=status,
        origin=origin,
        fingerprint=fingerprint,
        created_by=acting_user,
        **fields,
    )
    discrepancy._history_user = acting_user
    discrepancy._change_reason = reason
    try:
        with transaction.atomic():
            discrepancy.save()
    except IntegrityError as exc:
        # Another request recorded the same discrepancy a moment ago.
        raise WorkflowError("This discrepancy was just recorded by someone else.") from exc
    for anchor, spec in anchors:
        passage = DiscrepancyPassage(
            discrepancy=discrepancy, article=spec.article, claim=spec.claim
        )
        passage.set_anchor(anchor, _current_revision(spec.article))
        passage._history_user = acting_user
        passage.save()
    if discrepancy.assignee_id is not None:
        notifications.notify_assigned(obj=discrepancy, acting_user=acting_user)
    return discrepancy


@transaction.atomic
def discrepancy_create(
    *,
    story: Story,
    title: str,
    kind: str,
    passages: list[PassageSpec],
    acting_user,
    severity: int = Discrepancy.Severity.MODERATE,
    notes: str = "",
) -> Discrepancy:
    """Record a discrepancy staff found: one anchored passage per report involved.

    Raises :class:`articles.analysis.anchoring.AnchorError` for a passage that is not
    in its report, and :class:`WorkflowError` when the same discrepancy (same
    kind and wording) is already tracked or was dismissed.
    """
    permissions.require(permissions.can_propose_discrepancies(acting_user))
    if not title.strip():
        raise WorkflowError("Write the question the reports disagree on.")
    return _create(
        story=story,
        title=title,
        kind=kind,
        specs=passages,
        status=Status.OPEN,
        origin=Discrepancy.Origin.STAFF,
        acting_user=acting_user,
        reason="recorded",
        severity=severity,
        notes=notes,
    )


@transaction.atomic
def discrepancy_suggest(
    *,
    story: Story,
    title: str,
    kind: str,
    passages: list[PassageSpec],
    score: float,
    explanation: str,
    severity: int = Discrepancy.Severity.MODERATE,
    acting_user=None,
) -> Discrepancy | None:
    """Store a detection candidate as a suggestion, unless its fingerprint is
    already known for the story (tracked, resolved or dismissed): then ``None``."""
    return _create(
        story=story,
        title=title,
        kind=kind,
        specs=passages,
        status=Status.SUGGESTED,
        origin=Discrepancy.Origin.DETECTED,
        acting_user=acting_user,
        reason="suggested by detection",
        skip_known=True,
        severity=severity,
        score=score,
        explanation=explanation,
    )


def _transition(discrepancy, step, *, acting_user, expected_version=None):
    """Take ``step`` of the discrepancy workflow (:data:`factcheck.workflows.DISCREPANCY`)."""
    DISCREPANCY.require_state(step, discrepancy)
    discrepancy.status = DISCREPANCY[step].target
    if discrepancy.status not in (Status.OPEN, Status.INVESTIGATING):
        # Closed: the review asked for is done (or moot).
        discrepancy.review_requested_at = None
    _save(
        discrepancy,
        acting_user=acting_user,
        reason=DISCREPANCY[step].action,
        expected_version=expected_version,
    )
    return discrepancy


@transaction.atomic
def discrepancy_confirm(*, discrepancy, acting_user, expected_version=None):
    """Suggested → open: an editor accepts a detection suggestion."""
    DISCREPANCY.require_role("confirm", acting_user, discrepancy)
    return _transition(
        discrepancy,
        "confirm",
        acting_user=acting_user,
        expected_version=expected_version,
    )


@transaction.atomic
def discrepancy_dismiss(*, discrepancy, acting_user, note="", expected_version=None):
    """Suggested → dismissed. The fingerprint stays, so detection never re-suggests it."""
    DISCREPANCY.require_role("dismiss", acting_user, discrepancy)
    if note.strip():
        discrepancy.notes = "\n\n".join(filter(None, [discrepancy.notes, note.strip()]))
    return _transition(
        discrepancy,
        "dismiss",
        acting_user=acting_user,
        expected_version=expected_version,
    )


@transaction.atomic
def discrepancy_investigate(*, discrepancy, acting_user, expected_version=None):
    """Open → investigating: someone is researching it."""
    DISCREPANCY.require_role("investigate", acting_user, discrepancy)
    return _transition(
        discrepancy,
        "investigate",
        acting_user=acting_user,
        expected_version=expected_version,
    )


def resolution_problems(discrepancy) -> list[str]:
    problems = []
    if not discrepancy.resolution.strip():
        problems.append("it has no resolution text")
    if not discrepancy.citations.exists():
        problems.append("it cites no source")
    return problems


@transaction.atomic
def discrepancy_resolve(*, discrepancy, acting_user, resolution=None, expected_version=None):
    """Open or investigating → resolved, with a resolution and at least one source."""

    def refusal():
        problems = resolution_problems(discrepancy)
        return "Cannot resolve: " + "; ".join(problems) + "." if problems else None

    return _close(
        discrepancy,
        "resolve",
        resolution=resolution,
        refusal=refusal,
        acting_user=acting_user,
        expected_version=expected_version,
    )


@transaction.atomic
def discrepancy_mark_not_conflict(
    *, discrepancy, acting_user, resolution=None, expected_version=None
):
    """Open or investigating → not a conflict (the reports agree once read closely)."""

    def refusal():
        if not discrepancy.resolution.strip():
            return "Explain why the reports do not really conflict."
        return None

    return _close(
        discrepancy,
        "not_conflict",
        resolution=resolution,
        refusal=refusal,
        acting_user=acting_user,
        expected_version=expected_version,
    )


def _close(discrepancy, step, *, resolution, refusal, acting_user, expected_version):
    """The one way a discrepancy is closed with a finding: editors only, from
    open or investigating, the finding recorded with who and when."""
    DISCREPANCY.require(step, acting_user, discrepancy)
    if resolution is not None:
        discrepancy.resolution = resolution.strip()
    message = refusal()
    if message:
        raise WorkflowError(message)
    discrepancy.resolved_at = timezone.now()
    discrepancy.resolved_by = acting_user
    closed = _transition(
        discrepancy,
        step,
        acting_user=acting_user,
        expected_version=expected_version,
    )
    # The public sees these records from now on (services.published).
    for passage in discrepancy.passages.select_related("article__outlet"):
        _record_shown(passage, acting_user=acting_user, when=discrepancy.resolved_at)
    notifications.notify_published(obj=discrepancy, acting_user=acting_user)
    return closed


@transaction.atomic
def discrepancy_reopen(*, discrepancy, acting_user, expected_version=None):
    """Resolved or not a conflict → open, when new evidence arrives."""
    DISCREPANCY.require_role("reopen", acting_user, discrepancy)
    discrepancy.resolved_at = None
    discrepancy.resolved_by = None
    _transition(
        discrepancy,
        "reopen",
        acting_user=acting_user,
        expected_version=expected_version,
    )
    return discrepancy


def discrepancy_set_status(*, discrepancy, status, acting_user):
    """Move to ``status`` through the service of the step that leads there
    (:meth:`factcheck.workflows.Workflow.leading_to`), for the bulk action."""
    step = DISCREPANCY.leading_to(status, discrepancy)
    if step is None:
        raise WorkflowError(f"Cannot set the status to {status!r} directly.")
    # Every service of this workflow is a function of this module.
    return globals()[step.service](discrepancy=discrepancy, acting_user=acting_user)


@transaction.atomic
def discrepancy_merge(*, suggestion, into, acting_user):
    """Fold a suggestion into an existing discrepancy of the same story.

    Passages from reports the target lacks move over; the suggestion is
    dismissed with ``merged_into`` set, so its fingerprint stays known.
    """
    DISCREPANCY.require_role("merge", acting_user, suggestion)
    if suggestion.pk == into.pk or suggestion.story_id != into.story_id:
        raise WorkflowError("Merge into another discrepancy of the same story.")
    DISCREPANCY.require_state("merge", suggestion)
    if into.status == Status.DISMISSED:
        raise WorkflowError("Cannot merge into a dismissed discrepancy.")
    present = set(into.passages.values_list("article_id", flat=True))
    for passage in suggestion.passages.exclude(article_id__in=present):
        passage.discrepancy = into
        if into.status in PUBLIC_STATUSES:
            passage.record_shown(timezone.now())
        passage._history_user = acting_user
        passage.save()
    suggestion.merged_into = into
    _transition(
        suggestion,
        "merge",
        acting_user=acting_user,
    )
    _save(into, acting_user=acting_user, reason=f"merged “{suggestion}” into it")
    return into


@transaction.atomic
def discrepancy_update(*, discrepancy, expected_version, acting_user, **changes):
    """Edit the question, kind, severity, resolution draft, notes, assignee or due date."""
    permissions.require(permissions.can_research_discrepancy(acting_user, discrepancy))
    allowed = {"title", "kind", "severity", "resolution", "notes", "assignee", "due_at"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if (
        discrepancy.status in PUBLIC_STATUSES
        and "resolution" in changes
        and not (changes["resolution"] or "").strip()
    ):
        raise WorkflowError(
            f"Cannot edit: “{discrepancy}” is {discrepancy.get_status_display().lower()} "
            "and public, so it keeps its finding; reopen it to take the finding back."
        )
    reassigned = "assignee" in changes and changes["assignee"] != discrepancy.assignee
    for field, value in changes.items():
        setattr(discrepancy, field, value)
    _save(discrepancy, acting_user=acting_user, reason="edited", expected_version=expected_version)
    if reassigned and discrepancy.assignee is not None:
        notifications.notify_assigned(obj=discrepancy, acting_user=acting_user)
    return discrepancy


@transaction.atomic
def discrepancy_delete(*, discrepancy, acting_user) -> None:
    """Delete a discrepancy that is not public, with its passages and citations.
    A dismissed suggestion is better kept: its fingerprint stops detection
    suggesting it again."""
    permissions.require(permissions.can_delete_discrepancy(acting_user))
    if discrepancy.status in PUBLIC_STATUSES:
        raise WorkflowError(
            f"Cannot delete: “{discrepancy}” is {discrepancy.get_status_display().lower()} "
            "and public; reopen it instead."
        )
    discrepancy._history_user = acting_user
    discrepancy._change_reason = "deleted"
    discrepancy.delete()


@transaction.atomic
def discrepancy_assign(*, discrepancy, assignee, acting_user, expected_version=None):
    """Give the discrepancy to ``assignee`` (or to nobody). A page older than
    ``expected_version`` is refused before anything else."""
    if expected_version is not None and expected_version != discrepancy.version:
        raise StaleDiscrepancy(discrepancy)
    DISCREPANCY.require_role("assign_to_me", acting_user, discrepancy)
    if assignee is not None and not (assignee.is_active and assignee.is_staff):
        raise WorkflowError(f"{assignee} is not active newsroom staff.")
    reassigned = assignee != discrepancy.assignee
    discrepancy.assignee = assignee
    reason = f"assigned to {assignee}" if assignee else "unassigned"
    _save(discrepancy, acting_user=acting_user, reason=reason, expected_version=expected_version)
    if reassigned and assignee is not None:
        notifications.notify_assigned(obj=discrepancy, acting_user=acting_user)
    return discrepancy


@transaction.atomic
def discrepancy_add_passage(*, discrepancy, spec: PassageSpec, acting_user):
    """Add another report's wording to a discrepancy."""
    permissions.require(permissions.can_research_discrepancy(acting_user, discrepancy))
    if spec.article.story_id != discrepancy.story_id:
        raise WorkflowError("The passage must come from a report of this story.")
    if discrepancy.passages.filter(article=spec.article).exists():
        raise WorkflowError(f"“{spec.article}” already has a passage in this discrepancy.")
    passage = DiscrepancyPassage(discrepancy=discrepancy, article=spec.article, claim=spec.claim)
    passage.set_anchor(_anchor(spec), _current_revision(spec.article))
    if discrepancy.status in PUBLIC_STATUSES:
        # An editor adds it to a published finding: shown as it reads now.
        passage.record_shown(timezone.now())
    passage._history_user = acting_user
    passage.save()
    _save(discrepancy, acting_user=acting_user, reason="passage added")
    return passage


@transaction.atomic
def passage_assess(*, passage, assessment, acting_user, note=None):
    """Record whether one report's version is accurate, inaccurate or unclear."""
    permissions.require(permissions.can_research_discrepancy(acting_user, passage.discrepancy))
    passage.assessment = assessment
    if note is not None:
        passage.note = note
    passage._history_user = acting_user
    passage._change_reason = f"assessed {assessment or 'unassessed'}"
    passage.save()
    _save(passage.discrepancy, acting_user=acting_user, reason="passage assessed")
    return passage


@transaction.atomic
def discrepancy_cite(*, discrepancy, source, stance, acting_user, excerpt="", note=""):
    permissions.require(permissions.can_research_discrepancy(acting_user, discrepancy))
    citation = DiscrepancyCitation(
        discrepancy=discrepancy, source=source, stance=stance, excerpt=excerpt, note=note
    )
    citation._history_user = acting_user
    citation.save()
    _save(discrepancy, acting_user=acting_user, reason="source cited")
    source_snapshot_on_citation(source=source)
    return citation
