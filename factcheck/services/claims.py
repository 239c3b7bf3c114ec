"""Claims: drafting, review, publication, corrections, assignment, citations."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.text import slugify

from articles.analysis.anchoring import anchor_quote
from articles.analysis.text import name_key
from articles.models import Article, Tag
from articles.services import tags_change_reason, tags_replace

from .. import permissions
from ..models import (
    Citation,
    Claim,
    Claimant,
    ClaimantAlias,
    ClaimAppearance,
    ClaimUpdate,
    PublishedCount,
    Rating,
    ReviewComment,
)
from ..search import index_claim, unindex_claim
from ..signals import announce_public_change
from ..workflows import CLAIM, WorkflowError, publication_problems
from . import notifications
from .links import claim_neighbours_changed
from .snapshots import source_snapshot_on_citation

# Fields staff edit through claim_update; status and publication dates only
# change through the workflow functions below.
EDITABLE_FIELDS = (
    "statement",
    "claim_reviewed",
    "claimant",
    "kind",
    "claimed_on",
    "priority",
    "rating",
    "ruling",
    "notes",
    "assignee",
    "due_at",
)
# On a published claim these change only through claim_correct, with a note.
CORRECTION_FIELDS = ("rating", "ruling", "statement", "claim_reviewed")


@dataclasses.dataclass
class Change:
    field: str
    old: object
    new: object


class StaleEdit(WorkflowError):
    """Someone saved the claim after this form was opened; nothing was written."""

    def __init__(self, claim, changes, changed_by=None, changed_at=None):
        self.claim = claim
        self.changes = changes
        self.changed_by = changed_by
        self.changed_at = changed_at
        who = f" by {changed_by}" if changed_by else ""
        when = f" at {timezone.localtime(changed_at):%H:%M}" if changed_at else ""
        fields = ", ".join(change.field for change in changes) or "its workflow state"
        super().__init__(
            f"This claim was changed{who}{when} after you opened it ({fields}). "
            "Nothing was saved: reload the page to see the current version and "
            "make your change again."
        )


def _stale_edit(claim, expected_version):
    history = claim.history.model.objects.filter(id=claim.pk)
    seen = history.filter(version=expected_version).order_by("-history_date").first()
    latest = history.order_by("-history_date").first()
    changes = []
    if seen is not None and latest is not None:
        delta = latest.diff_against(seen, excluded_fields=["version", "updated_at"])
        changes = [Change(c.field, c.old, c.new) for c in delta.changes]
    return StaleEdit(
        claim,
        changes,
        changed_by=latest.history_user if latest else None,
        changed_at=latest.history_date if latest else None,
    )


def _save(claim: Claim, *, expected_version: int, acting_user, reason: str):
    """Write ``claim`` only if nobody wrote it since ``expected_version``.

    The conditional UPDATE claims the row inside the caller's transaction
    (on PostgreSQL a concurrent writer blocks on it, then finds the version
    moved on); the full save then records history.
    """
    current = Claim.objects.filter(pk=claim.pk, version=expected_version)
    # The row as stored at that version: every write moves the version on, so
    # if the UPDATE below finds it, this is what it replaces.
    before = current.values_list(*PLACE_FIELDS).first()
    if before is None or not current.update(version=F("version") + 1):
        raise _stale_edit(claim, expected_version)
    claim.version = expected_version + 1
    claim._history_user = acting_user
    claim._change_reason = reason
    claim.save()
    # The services never move a claim to another article: its outlet and story stay.
    published_verdict_moved(before, (claim.status, claim.rating_id, claim.claimant_id, *before[3:]))
    claim_public_changed(claim)


# Where a claim counts: ``(status, rating_id, claimant_id, outlet_id, story_id)``.
PLACE_FIELDS = ("status", "rating_id", "claimant_id", "article__outlet_id", "article__story_id")
NOWHERE = (None, None, None, None, None)


def claim_place(claim: Claim) -> tuple:
    """``claim``'s place as :data:`PLACE_FIELDS` reads it (its article is read)."""
    article = claim.article
    return (claim.status, claim.rating_id, claim.claimant_id, article.outlet_id, article.story_id)


def _tallies(place) -> set[tuple]:
    """The counts a claim in ``place`` adds one to: its verdict's
    (``(None, None, rating_id)``) and, under that verdict, its outlet's,
    story's and claimant's. None unless it is published."""
    status, rating_id, claimant_id, outlet_id, story_id = place
    if status != Claim.Status.PUBLISHED or rating_id is None:
        return set()
    tallies = {(None, None, rating_id)}
    for slice_, key in (
        (PublishedCount.Slice.OUTLET, outlet_id),
        (PublishedCount.Slice.STORY, story_id),
        (PublishedCount.Slice.CLAIMANT, claimant_id),
    ):
        if key is not None:
            tallies.add((slice_, key, rating_id))
    return tallies


def _tally_add(tally, n: int) -> None:
    """Add ``n`` (negative to take away) to one count, in a single UPDATE, so
    that concurrent publications add up; a slice's first claim of a verdict
    creates its row."""
    slice_, key, rating_id = tally
    if slice_ is None:
        Rating.objects.filter(pk=rating_id).update(published_claims=F("published_claims") + n)
        return
    rows = PublishedCount.objects.filter(slice=slice_, key=key, rating_id=rating_id)
    if rows.update(claims=F("claims") + n) or n < 0:
        return
    # get_or_create survives a concurrent first claim (the unique constraint).
    PublishedCount.objects.get_or_create(slice=slice_, key=key, rating_id=rating_id)
    rows.update(claims=F("claims") + n)


def published_verdict_moved(before, after) -> None:
    """Move a claim between the published counts when its place changed from
    ``before`` to ``after``, each as :data:`PLACE_FIELDS` reads it, or
    :data:`NOWHERE` for no claim: its verdict's (``Rating.published_claims``)
    and its outlet's, story's and claimant's under that verdict
    (:class:`~factcheck.models.PublishedCount`)."""
    was, now = _tallies(before), _tallies(after)
    for tally in sorted(was - now, key=str):
        _tally_add(tally, -1)
    for tally in sorted(now - was, key=str):
        _tally_add(tally, 1)


def published_counts_refiled(*, article, outlet_was, story_was) -> None:
    """``article`` was filed under another outlet or story (an import, a hand
    correction): its published claims move from the old one's counts to the new
    one's, each verdict's in one UPDATE."""
    counts = Claim.objects.published().filter(article=article).verdict_counts()
    moves = [
        (PublishedCount.Slice.OUTLET, outlet_was, article.outlet_id),
        (PublishedCount.Slice.STORY, story_was, article.story_id),
    ]
    for slice_, was, now in moves:
        if was == now:
            continue
        for rating_id, n in sorted(counts.items(), key=str):
            if rating_id is None:
                continue
            if was is not None:
                _tally_add((slice_, was, rating_id), -n)
            if now is not None:
                _tally_add((slice_, now, rating_id), n)


def published_verdicts_recount() -> None:
    """Count every verdict's published claims again, and each outlet's,
    story's and claimant's under each verdict, for what is written past the
    services: a bulk load, a restored archive."""
    published = Claim.objects.published()
    counts = published.verdict_counts()
    for rating in Rating.objects.select_for_update().order_by("pk"):
        count = counts.get(rating.pk, 0)
        if rating.published_claims != count:
            Rating.objects.filter(pk=rating.pk).update(published_claims=count)
    wanted = {}
    for slice_, field in (
        (PublishedCount.Slice.OUTLET, "article__outlet"),
        (PublishedCount.Slice.STORY, "article__story"),
        (PublishedCount.Slice.CLAIMANT, "claimant"),
    ):
        grouped = (
            published.filter(**{f"{field}__isnull": False, "rating__isnull": False})
            .order_by()
            .values_list(field, "rating")
            .annotate(n=Count("*"))
        )
        for key, rating_id, n in grouped.iterator(chunk_size=5000):
            wanted[(slice_, key, rating_id)] = n
    # Rows already right are left alone (a restored archive keeps its rows as saved).
    for row in PublishedCount.objects.select_for_update().order_by("pk"):
        n = wanted.pop((row.slice, row.key, row.rating_id), None)
        if n is None:
            row.delete()
        elif n != row.claims:
            PublishedCount.objects.filter(pk=row.pk).update(claims=n)
    PublishedCount.objects.bulk_create(
        [
            PublishedCount(slice=slice_, key=key, rating_id=rating_id, claims=n)
            for (slice_, key, rating_id), n in wanted.items()
        ],
        batch_size=1000,
    )


def claim_public_changed(claim: Claim) -> None:
    """Keep the public side in step after any write to ``claim``: its search
    entry, and the cached pages, whenever it is or has been public."""
    if claim.is_published:
        index_claim(claim)
    else:
        unindex_claim(claim)
    if claim.first_published_at is not None:
        announce_public_change()


def claims_tag_relabelled(*, tag) -> int:
    """A tag was renamed or is being deleted: the published claims filed under
    it show the public a change from now (their ``dateModified``, the feed's
    ``since`` and the sitemap's ``lastmod``). Returns how many."""
    now = timezone.now()
    changed = Claim.objects.published().filter(claim_tags__tag=tag).update(public_modified_at=now)
    if changed:
        announce_public_change()
    return changed


def claim_stale_edit(claim: Claim, expected_version: int) -> StaleEdit:
    """The refusal for a form built from ``expected_version``, saying what changed."""
    return _stale_edit(claim, expected_version)


def _unique_slug(statement: str) -> str:
    base = slugify(statement)[:100].strip("-") or "claim"
    slug, n = base, 2
    while Claim.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def claimant_find_or_create(*, name: str, acting_user=None, kind=Claimant.Kind.PERSON) -> Claimant:
    """The claimant known by ``name`` or one of its aliases, created when new."""
    key = name_key(name)
    claimant = (
        Claimant.objects.filter(name_key=key).first()
        or Claimant.objects.filter(aliases__name_key=key).first()
    )
    if claimant is None:
        claimant = Claimant(name=name.strip(), kind=kind, slug=slugify(name)[:190] or "claimant")
        while Claimant.objects.filter(slug=claimant.slug).exists():
            claimant.slug = f"{claimant.slug}-x"
        claimant._history_user = acting_user
        claimant.save()
    return claimant


# What staff edit on a claimant; the name key follows the name.
CLAIMANT_FIELDS = ("name", "slug", "kind", "description", "same_as", "notes")


def claimant_name_holder(
    name: str, *, claimant: Claimant | None = None, alias=None, own_aliases: bool = True
) -> Claimant | ClaimantAlias | None:
    """The claimant, or other spelling of one, already known by ``name``: the one
    rule that a name (folded by ``name_key``) belongs to one claimant only.

    ``claimant`` and ``alias`` are left out of the search (the one being edited);
    with ``own_aliases=False`` the other spellings of ``claimant`` are too. The
    service refuses with it and the admin's forms say the same before saving.
    """
    key = name_key(name)
    others = Claimant.objects.filter(name_key=key)
    aliases = ClaimantAlias.objects.filter(name_key=key)
    if claimant is not None:
        others = others.exclude(pk=claimant.pk)
        if not own_aliases:
            aliases = aliases.exclude(claimant_id=claimant.pk)
    if alias is not None:
        aliases = aliases.exclude(pk=alias.pk)
    return others.first() or aliases.select_related("claimant").first()


def claimant_name_owner(holder) -> Claimant | None:
    """The claimant a :func:`claimant_name_holder` result names."""
    return holder.claimant if isinstance(holder, ClaimantAlias) else holder


def _claimant_saved(claimant: Claimant, *, acting_user, reason: str) -> None:
    """Save ``claimant`` with its history, then keep the public side in step: its
    name and description are on its published claims, and SQLite's search index
    holds the name."""
    claimant._history_user = acting_user
    claimant._change_reason = reason
    claimant.save()
    public = Claim.objects.filter(claimant=claimant, first_published_at__isnull=False)
    for claim in Claim.objects.published().filter(claimant=claimant).select_related("claimant"):
        index_claim(claim)
    if public.exists():
        announce_public_change()


@transaction.atomic
def claimant_create(*, name: str, acting_user, slug: str = "", **fields) -> Claimant:
    """A new claimant, refused when the name is already another's."""
    permissions.require(permissions.can_add_claimants(acting_user))
    unknown = set(fields) - set(CLAIMANT_FIELDS)
    if unknown:
        raise ValueError(f"Not a claimant field: {', '.join(sorted(unknown))}")
    if claimant_name_holder(name) is not None:
        raise WorkflowError(f"“{name}” already names another claimant.")
    claimant = Claimant(name=name.strip(), slug=slug or slugify(name)[:190] or "claimant", **fields)
    _claimant_saved(claimant, acting_user=acting_user, reason="created")
    return claimant


@transaction.atomic
def claimant_update(*, claimant: Claimant, acting_user, **changes) -> Claimant:
    """Edit a claimant; its published claims show the change at once."""
    permissions.require(permissions.can_edit_claimants(acting_user))
    unknown = set(changes) - set(CLAIMANT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable on a claimant: {', '.join(sorted(unknown))}")
    if "name" in changes:
        other = claimant_name_holder(changes["name"], claimant=claimant, own_aliases=False)
        if other is not None:
            raise WorkflowError(f"“{changes['name']}” already names another claimant ({other}).")
    for field, value in changes.items():
        setattr(claimant, field, value)
    _claimant_saved(claimant, acting_user=acting_user, reason="edited")
    return claimant


@transaction.atomic
def claimant_add_alias(*, claimant: Claimant, name: str, acting_user) -> ClaimantAlias:
    """Another spelling of the claimant's name, recorded in the claimant's history."""
    permissions.require(permissions.can_edit_claimants(acting_user))
    key = name_key(name)
    if key == claimant.name_key or claimant.aliases.filter(name_key=key).exists():
        raise WorkflowError(f"“{name}” is already a name of {claimant}.")
    other = claimant_name_holder(name, claimant=claimant)
    if other is not None:
        raise WorkflowError(f"“{name}” already names another claimant ({other}).")
    alias = ClaimantAlias.objects.create(claimant=claimant, name=name.strip())
    _claimant_saved(claimant, acting_user=acting_user, reason=f"other spelling added: {alias}")
    return alias


@transaction.atomic
def claimant_update_alias(*, alias: ClaimantAlias, name: str, acting_user) -> ClaimantAlias:
    """Correct another spelling of a claimant's name."""
    claimant = alias.claimant
    permissions.require(permissions.can_edit_claimants(acting_user))
    key = name_key(name)
    if key == claimant.name_key:
        raise WorkflowError(f"“{name}” is already the name of {claimant}.")
    other = claimant_name_holder(name, claimant=claimant, alias=alias)
    if other is not None:
        raise WorkflowError(f"“{name}” already names {claimant_name_owner(other)}.")
    # As stored: a form may have set the new name on ``alias`` already.
    old = ClaimantAlias.objects.filter(pk=alias.pk).values_list("name", flat=True).get()
    alias.name = name.strip()
    alias.save()
    _claimant_saved(
        claimant, acting_user=acting_user, reason=f"other spelling {old} changed to {alias}"
    )
    return alias


@transaction.atomic
def claimant_delete(*, instance: Claimant, acting_user) -> None:
    """Delete a claimant no claim names (the database refuses one that is
    named) and its other spellings, with history."""
    permissions.require(permissions.can_delete(acting_user, Claimant))
    instance._history_user = acting_user
    instance.delete()


@transaction.atomic
def claimant_remove_alias(*, alias: ClaimantAlias, acting_user) -> None:
    claimant = alias.claimant
    permissions.require(permissions.can_edit_claimants(acting_user))
    alias.delete()
    _claimant_saved(claimant, acting_user=acting_user, reason=f"other spelling removed: {alias}")


@transaction.atomic
def claim_create(
    *,
    article: Article,
    quote: str,
    statement: str,
    acting_user,
    prefix: str = "",
    suffix: str = "",
    claimant: Claimant | None = None,
    kind: str = Claim.Kind.EVENT,
    claimed_on=None,
    priority: int = Claim.Priority.NORMAL,
    assignee=None,
    notes: str = "",
    claim_reviewed: str = "",
) -> Claim:
    """Draft a claim anchored to a passage of ``article``; ``claim_reviewed`` is
    its optional short form (ClaimReview ``claimReviewed``).

    Raises :class:`articles.analysis.anchoring.AnchorError` when the passage is not in
    the article or is ambiguous without more context.
    """
    permissions.require(permissions.can_draft_claims(acting_user))
    if not statement.strip():
        raise WorkflowError("Write the checkable statement in your own words.")
    anchor = anchor_quote(article.body, quote, prefix=prefix, suffix=suffix)
    claim = Claim(
        article=article,
        slug=_unique_slug(statement),
        statement=statement.strip(),
        claim_reviewed=claim_reviewed.strip(),
        claimant=claimant,
        kind=kind,
        claimed_on=claimed_on,
        priority=priority,
        assignee=assignee,
        notes=notes,
        created_by=acting_user,
    )
    claim.set_anchor(anchor, _current_revision(article))
    claim._history_user = acting_user
    claim._change_reason = "created"
    claim.save()
    if assignee is not None:
        notifications.notify_assigned(obj=claim, acting_user=acting_user)
    return claim


def _current_revision(article):
    latest = article.revisions.order_by("-number").values_list("number", flat=True).first()
    return latest or 1


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    expected_version: int,
    acting_user,
    quote: str | None = None,
    prefix: str = "",
    suffix: str = "",
    **changes,
) -> Claim:
    """Edit a claim's content (and optionally re-quote its passage).

    Refused with :class:`StaleEdit` when the claim changed since
    ``expected_version``. On a published claim the verdict, ruling and
    statement change only through :func:`claim_correct`.
    """
    permissions.require(permissions.can_edit_claim(acting_user, claim))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable through claim_update: {', '.join(sorted(unknown))}")
    if claim.is_published:
        corrected = [
            f for f in CORRECTION_FIELDS if f in changes and changes[f] != getattr(claim, f)
        ]
        if corrected:
            raise WorkflowError(
                "This claim is published: change its "
                + ", ".join(corrected)
                + " with a correction, which keeps a dated public note."
            )
    reassigned = "assignee" in changes and changes["assignee"] != claim.assignee
    for field, value in changes.items():
        setattr(claim, field, value)
    if quote is not None and quote != claim.quote:
        anchor = anchor_quote(claim.article.body, quote, prefix=prefix, suffix=suffix)
        claim.set_anchor(anchor, _current_revision(claim.article))
        if claim.is_published and claim.shown_at is not None and claim.shown_differs():
            # The public keeps the published passage until an editor accepts
            # the new one, with a dated note (services.published).
            claim.report_changed_at = claim.report_changed_at or timezone.now()
            claim.report_changed_revision = claim.anchored_revision
    _save(claim, expected_version=expected_version, acting_user=acting_user, reason="edited")
    if reassigned and claim.assignee is not None:
        notifications.notify_assigned(obj=claim, acting_user=acting_user)
    return claim


def _transition(claim, step, *, acting_user, reason, expected_version=None):
    """Take ``step`` of the claim workflow (:data:`factcheck.workflows.CLAIM`)."""
    CLAIM.require_state(step, claim)
    expected = claim.version if expected_version is None else expected_version
    claim.status = CLAIM[step].target
    if claim.status != Claim.Status.IN_REVIEW:
        # A schedule holds only while the claim waits in review: publishing it,
        # sending it back or archiving it ends the schedule too.
        claim.publish_at = None
        claim.scheduled_by = None
    _save(claim, expected_version=expected, acting_user=acting_user, reason=reason)
    return claim


def require_claim_reviewer(reviewer, claim: Claim) -> None:
    """Refuse a reviewer who may not rule on ``claim``: only an editor who did not
    write it may (:func:`factcheck.permissions.can_review_claim`)."""
    if reviewer is not None and not permissions.can_review_claim(reviewer, claim):
        if claim.created_by_id == reviewer.pk:
            raise WorkflowError(f"{reviewer} wrote this claim: another editor must review it.")
        raise WorkflowError(f"{reviewer} is not an editor: only editors review and publish claims.")


@transaction.atomic
def claim_submit(*, claim: Claim, acting_user, reviewer=None, expected_version=None) -> Claim:
    """Draft → in review. The fact-checker asks an editor to rule: ``reviewer``
    when given (else the one chosen before, else any editor of the desk)."""
    CLAIM.require_role("submit", acting_user, claim)
    require_claim_reviewer(reviewer, claim)
    if reviewer is not None:
        claim.reviewer = reviewer
    _transition(
        claim,
        "submit",
        acting_user=acting_user,
        reason="submitted for review",
        expected_version=expected_version,
    )
    notifications.notify_submitted(obj=claim, acting_user=acting_user)
    return claim


@transaction.atomic
def claim_send_back(*, claim: Claim, acting_user, note: str = "", expected_version=None) -> Claim:
    """In review → draft, with the reviewer's note (internal)."""
    CLAIM.require_role("send_back", acting_user, claim)
    if not note.strip():
        raise WorkflowError("Say what needs to change before sending the claim back.")
    _transition(
        claim,
        "send_back",
        acting_user=acting_user,
        reason="sent back to draft",
        expected_version=expected_version,
    )
    ReviewComment.objects.create(
        claim=claim, author=acting_user, text=note.strip(), created_at=timezone.now()
    )
    notifications.notify_sent_back(claim=claim, acting_user=acting_user, note=note.strip())
    return claim


@transaction.atomic
def claim_publish(*, claim: Claim, acting_user, expected_version=None) -> Claim:
    """In review → published, by an editor who is not the claim's author."""
    CLAIM.require("publish", acting_user, claim)
    if claim.created_by_id == acting_user.pk:
        raise WorkflowError("You wrote this claim: another editor must publish it.")
    problems = publication_problems(claim)
    if problems:
        raise WorkflowError("Cannot publish: " + "; ".join(problems) + ".")
    now = timezone.now()
    claim.published_at = now
    claim.first_published_at = claim.first_published_at or now
    claim.unpublished_at = None
    claim.unpublish_note = ""
    claim.mark_public_change(now)
    # The public sees these records from now on, whatever later revisions of
    # the reports say, until an editor acts (services.published).
    claim.record_shown(now)
    _transition(
        claim,
        "publish",
        acting_user=acting_user,
        reason="published",
        expected_version=expected_version,
    )
    for appearance in claim.appearances.select_related("article__outlet"):
        _record_shown(appearance, acting_user=acting_user, when=now)
    # Linked claims' pages and those citing it name it from now on.
    claim_neighbours_changed(claim=claim, when=now)
    notifications.notify_published(obj=claim, acting_user=acting_user)
    return claim


def _record_shown(passage, *, acting_user, when) -> None:
    """Take the published record of a passage other than the claim's own."""
    passage.record_shown(when)
    passage._history_user = acting_user
    passage._change_reason = "published record taken"
    passage.save()


@transaction.atomic
def claim_unpublish(*, claim: Claim, acting_user, note: str = "", expected_version=None) -> Claim:
    """Published → draft, leaving a dated public retraction note."""
    CLAIM.require("unpublish", acting_user, claim)
    if not note.strip():
        raise WorkflowError("Write the public note that explains why it was unpublished.")
    claim.unpublished_at = timezone.now()
    claim.unpublish_note = note.strip()
    # The feed carries the retraction (dateDeleted) from this moment.
    claim.mark_public_change(claim.unpublished_at)
    _transition(
        claim,
        "unpublish",
        acting_user=acting_user,
        reason="unpublished",
        expected_version=expected_version,
    )
    # ... and no longer.
    claim_neighbours_changed(claim=claim, when=claim.unpublished_at)
    return claim


@transaction.atomic
def claim_correct(
    *,
    claim: Claim,
    note: str,
    acting_user,
    expected_version=None,
    rating=None,
    ruling: str | None = None,
    statement: str | None = None,
    claim_reviewed: str | None = None,
) -> ClaimUpdate:
    """Correct a published claim; the note is published, dated, with the rating change."""
    CLAIM.require("correct", acting_user, claim)
    if not note.strip():
        raise WorkflowError("Write the correction note: it is published with the claim.")
    old_rating = claim.rating
    if rating is not None:
        claim.rating = rating
    if ruling is not None:
        claim.ruling = ruling
    if statement is not None:
        claim.statement = statement
    if claim_reviewed is not None:
        claim.claim_reviewed = claim_reviewed
    now = timezone.now()
    claim.mark_public_change(now)
    expected = claim.version if expected_version is None else expected_version
    _save(claim, expected_version=expected, acting_user=acting_user, reason="corrected")
    # Its verdict is shown on the pages of linked claims too.
    claim_neighbours_changed(claim=claim, when=now)
    update = ClaimUpdate.objects.create(
        claim=claim,
        created_at=now,
        note=note.strip(),
        old_rating=old_rating if old_rating != claim.rating else None,
        new_rating=claim.rating if old_rating != claim.rating else None,
        created_by=acting_user,
    )
    return update


@transaction.atomic
def claim_archive(*, claim: Claim, acting_user, expected_version=None) -> Claim:
    """Draft or in review → archived: work the desk will not pursue."""
    CLAIM.require_role("archive", acting_user, claim)
    return _transition(
        claim,
        "archive",
        acting_user=acting_user,
        reason="archived",
        expected_version=expected_version,
    )


@transaction.atomic
def claim_delete(*, claim: Claim, acting_user) -> None:
    """Delete a claim that was never published, with its citations and appearances."""
    permissions.require(permissions.can_delete_claim(acting_user))
    if claim.first_published_at is not None:
        raise WorkflowError(
            "Cannot delete: it was published; unpublish it instead, with a public note."
        )
    claim._history_user = acting_user
    claim._change_reason = "deleted"
    claim.delete()


@transaction.atomic
def claim_assign(*, claim: Claim, assignee, acting_user, expected_version=None) -> Claim:
    CLAIM.require_role("assign_to_me", acting_user, claim)
    if assignee is not None and not (assignee.is_active and assignee.is_staff):
        raise WorkflowError(f"{assignee} is not active newsroom staff.")
    expected = claim.version if expected_version is None else expected_version
    reassigned = assignee != claim.assignee
    claim.assignee = assignee
    reason = f"assigned to {assignee}" if assignee else "unassigned"
    _save(claim, expected_version=expected, acting_user=acting_user, reason=reason)
    if reassigned and assignee is not None:
        notifications.notify_assigned(obj=claim, acting_user=acting_user)
    return claim


@transaction.atomic
def claim_set_tags(
    *, claim: Claim, tags: Iterable[Tag], acting_user, expected_version=None
) -> Claim:
    """File ``claim`` under exactly ``tags``.

    Each tag added or removed is in the history of the claim's tags, and the
    claim's own history says what changed (its version moves on, so a form
    opened before is refused as stale). On a published claim the tags are
    public (its page, ClaimReview ``keywords``, the feeds' categories): the
    change is a public one, like a correction, and its "last modified" moves.
    """
    permissions.require(permissions.can_edit_claim(acting_user, claim))
    expected = claim.version if expected_version is None else expected_version
    added, removed = tags_replace(
        rows=claim.claim_tags, owner={"claim": claim}, tags=tags, acting_user=acting_user
    )
    if not added and not removed:
        return claim
    if claim.is_published:
        claim.mark_public_change(timezone.now())
    _save(
        claim,
        expected_version=expected,
        acting_user=acting_user,
        reason=tags_change_reason(added, removed),
    )
    return claim


@transaction.atomic
def citation_add(
    *, claim: Claim, source, stance: str, acting_user, excerpt: str = "", note: str = ""
) -> Citation:
    """Cite ``source`` for ``claim``; the claim's version moves on so open forms notice."""
    permissions.require(permissions.can_cite(acting_user, claim))
    citation = Citation(claim=claim, source=source, stance=stance, excerpt=excerpt, note=note)
    citation._history_user = acting_user
    citation.save()
    _save(claim, expected_version=claim.version, acting_user=acting_user, reason="source cited")
    source_snapshot_on_citation(source=source)
    return citation


@transaction.atomic
def appearance_add(
    *, claim: Claim, article: Article, quote: str, acting_user, prefix: str = "", suffix: str = ""
) -> ClaimAppearance:
    """Record that the claim also appears in ``article``, anchored like the claim."""
    permissions.require(permissions.can_edit_claim(acting_user, claim))
    anchor = anchor_quote(article.body, quote, prefix=prefix, suffix=suffix)
    appearance = ClaimAppearance(claim=claim, article=article)
    appearance.set_anchor(anchor, _current_revision(article))
    if claim.is_published:
        # An editor adds it to published work: the public sees it as it reads now.
        appearance.record_shown(timezone.now())
    appearance._history_user = acting_user
    appearance.save()
    _save(claim, expected_version=claim.version, acting_user=acting_user, reason="appearance added")
    return appearance


@transaction.atomic
def appearance_remove(*, appearance: ClaimAppearance, acting_user) -> None:
    """Forget that the claim appears in another report; its version moves on."""
    claim = appearance.claim
    permissions.require(permissions.can_edit_claim(acting_user, claim))
    appearance._history_user = acting_user
    appearance.delete()
    _save(
        claim, expected_version=claim.version, acting_user=acting_user, reason="appearance removed"
    )


@transaction.atomic
def citation_update(
    *, citation: Citation, acting_user, stance=None, excerpt=None, note=None, source=None
) -> Citation:
    """Change a citation; the claim's version moves on so open forms notice."""
    claim = citation.claim
    permissions.require(permissions.can_cite(acting_user, claim))
    for field, value in (
        ("stance", stance),
        ("excerpt", excerpt),
        ("note", note),
        ("source", source),
    ):
        if value is not None:
            setattr(citation, field, value)
    citation._history_user = acting_user
    citation.save()
    _save(claim, expected_version=claim.version, acting_user=acting_user, reason="citation changed")
    if source is not None:
        source_snapshot_on_citation(source=source)
    return citation


@transaction.atomic
def citation_remove(*, citation: Citation, acting_user) -> None:
    """Remove a citation; a published claim keeps at least one cited source."""
    claim = citation.claim
    permissions.require(permissions.can_cite(acting_user, claim))
    if claim.is_published and claim.citations.count() == 1:
        raise WorkflowError("A published claim must keep at least one cited source.")
    citation._history_user = acting_user
    citation.delete()
    _save(claim, expected_version=claim.version, acting_user=acting_user, reason="citation removed")
