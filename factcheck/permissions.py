"""
Who may do what in the fact-check workflow. The admin's ``has_*_permission``
hooks, its actions, the views and the services all ask here, so a rule is
changed in one place.

Fact-checkers draft, research, cite and submit for review. Editors also
publish, send back, unpublish, correct and archive, and confirm or resolve
discrepancies. An editor may not publish a claim they wrote: a second pair of
eyes, for superusers too.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied


def _active_staff(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def can_view_claims(user):
    return _active_staff(user) and user.has_perm("factcheck.view_claim")


def can_draft_claims(user):
    return _active_staff(user) and user.has_perm("factcheck.add_claim")


def can_edit_claim(user, claim=None):
    """Edit a claim's content. Published claims change only through corrections."""
    if not (_active_staff(user) and user.has_perm("factcheck.change_claim")):
        return False
    if claim is not None and claim.status in ("published", "archived"):
        return can_publish_claims(user)
    return True


def can_submit_claim(user, claim=None):
    return _active_staff(user) and user.has_perm("factcheck.change_claim")


def can_publish_claims(user):
    return _active_staff(user) and user.has_perm("factcheck.publish_claim")


def can_publish_claim(user, claim):
    return can_publish_claims(user) and claim.created_by_id != user.pk


def can_review_claim(user, claim=None):
    """Be chosen to rule on a submitted claim: whoever may publish it (an editor
    who did not write it)."""
    if claim is not None:
        return can_publish_claim(user, claim)
    return can_publish_claims(user)


def can_schedule_claims(user):
    """Schedule a claim to be published later, or unschedule it: editors."""
    return can_publish_claims(user)


def staff_with(perm):
    """Active staff holding ``perm`` ("app.codename") by a group, by themselves,
    or as superusers, by name."""
    return (
        get_user_model()
        .objects.with_perm(perm, is_active=True, include_superusers=True)
        .filter(is_staff=True)
        .order_by("first_name", "last_name", "username")
    )


def claim_review_candidates(claim=None):
    """The staff who may be chosen to review ``claim``: as :func:`can_review_claim`."""
    users = staff_with("factcheck.publish_claim")
    if claim is not None and claim.created_by_id is not None:
        users = users.exclude(pk=claim.created_by_id)
    return users


def discrepancy_review_candidates():
    """The staff who may be chosen to review a discrepancy's finding."""
    return staff_with("factcheck.resolve_discrepancy")


def claim_reviewers(claim) -> list:
    """Who should rule on ``claim``: its chosen reviewer while they still may,
    else every editor of the desk who did not write it."""
    if claim.reviewer_id is not None and can_review_claim(claim.reviewer, claim):
        return [claim.reviewer]
    return list(claim_review_candidates(claim))


def discrepancy_reviewers(discrepancy) -> list:
    """Who should rule on ``discrepancy``'s finding: its chosen reviewer while
    they still may, else every editor who may resolve discrepancies."""
    reviewer = discrepancy.reviewer
    if reviewer is not None and can_review_discrepancy(reviewer, discrepancy):
        return [reviewer]
    return list(discrepancy_review_candidates())


def can_delete_claim(user, claim=None):
    """Delete a claim outright. One that was ever published keeps its public
    record (a verdict, or the dated note of its unpublishing): never deleted."""
    if not (_active_staff(user) and user.has_perm("factcheck.delete_claim")):
        return False
    return claim is None or claim.first_published_at is None


def can_assign_claims(user):
    return _active_staff(user) and user.has_perm("factcheck.change_claim")


def can_link_claims(user, claim=None, other=None):
    """Link two claims as one statement, or unlink them: whoever edits claims.
    Between two published claims the link is public at once (each page names
    the other): editors only."""
    if not (_active_staff(user) and user.has_perm("factcheck.change_claim")):
        return False
    if claim is not None and other is not None and claim.is_published and other.is_published:
        return can_publish_claims(user)
    return True


def can_see_similar_claims(user):
    """Ask for the claims that read like a statement ("checked before"): whoever sees claims."""
    return can_view_claims(user)


def can_manage_sources(user):
    return _active_staff(user) and user.has_perm("factcheck.add_source")


def can_edit_sources(user):
    return _active_staff(user) and user.has_perm("factcheck.change_source")


def can_merge_sources(user):
    """Merge sources of one URL: the citations keep their claims and stances and
    the duplicates' details move to the source kept, so it is an edit of sources."""
    return can_edit_sources(user)


def can_add_claimants(user):
    return _active_staff(user) and user.has_perm("factcheck.add_claimant")


def can_edit_claimants(user):
    """Edit a claimant and the other spellings of its name."""
    return _active_staff(user) and user.has_perm("factcheck.change_claimant")


def can_cite(user, claim=None):
    return (
        _active_staff(user)
        and user.has_perm("factcheck.add_citation")
        and (claim is None or can_edit_claim(user, claim))
    )


def can_edit_rating_scale(user, action="change"):
    """Add, change or delete a verdict of the rating scale (superusers: no role has it)."""
    return _active_staff(user) and user.has_perm(f"factcheck.{action}_rating")


def can_edit_site_pages(user, action="change"):
    """Add, change or delete a page of the public site (editors change them)."""
    return _active_staff(user) and user.has_perm(f"factcheck.{action}_sitepage")


def can_delete(user, model):
    """Delete a row of ``model`` from the admin (superusers, by default)."""
    return _active_staff(user) and user.has_perm(f"factcheck.delete_{model._meta.model_name}")


def can_view_external_fact_checks(user):
    return _active_staff(user) and user.has_perm("factcheck.view_externalfactcheck")


def can_import_external_fact_checks(user):
    """Import other fact-checkers' ClaimReview (adds new reviews, updates known ones)."""
    return (
        _active_staff(user)
        and user.has_perm("factcheck.add_externalfactcheck")
        and user.has_perm("factcheck.change_externalfactcheck")
    )


def require(allowed, message="You do not have permission to do this."):
    if not allowed:
        raise PermissionDenied(message)


def can_view_discrepancies(user):
    return _active_staff(user) and user.has_perm("factcheck.view_discrepancy")


def can_propose_discrepancies(user):
    """Record a discrepancy, add passages and sources, investigate."""
    return _active_staff(user) and user.has_perm("factcheck.add_discrepancy")


def can_research_discrepancy(user, discrepancy=None):
    if not (_active_staff(user) and user.has_perm("factcheck.change_discrepancy")):
        return False
    if discrepancy is not None and discrepancy.is_closed:
        return can_resolve_discrepancies(user)
    return True


def can_delete_discrepancy(user, discrepancy=None):
    """Delete a discrepancy outright; a resolved one is public: reopened, never deleted."""
    if not (_active_staff(user) and user.has_perm("factcheck.delete_discrepancy")):
        return False
    return discrepancy is None or discrepancy.status not in ("resolved", "not_conflict")


def can_resolve_discrepancies(user):
    """Confirm or dismiss suggestions, merge, resolve, mark not a conflict."""
    return _active_staff(user) and user.has_perm("factcheck.resolve_discrepancy")


def can_review_discrepancy(user, discrepancy=None):
    """Be chosen to rule on a discrepancy's finding: whoever may resolve it."""
    return can_resolve_discrepancies(user)


def can_review_report_changes(user, passage=None):
    """Accept a report's new text under published work, or keep the published
    text: whoever may publish that work (editors)."""
    if passage is not None and hasattr(passage, "discrepancy_id"):
        return can_resolve_discrepancies(user)
    return can_publish_claims(user)


def can_mark_reports_public(user):
    """List a report on the public story page that no published work cites."""
    return can_publish_claims(user)


def can_export_claims(user):
    """Download the claims changelist, as filtered, as CSV: whoever may list claims."""
    return can_view_claims(user)


def can_export_discrepancies(user):
    """Download the discrepancies changelist, as filtered, as CSV."""
    return can_view_discrepancies(user)


def can_receive_notifications(user):
    """Keep a notification list and preferences: staff in a role (anyone who
    may see some of the desk's work), and superusers."""
    return _active_staff(user) and (user.is_superuser or user.has_module_perms("factcheck"))


def can_view_tips(user):
    """Read the reader tips' queue, the tipsters' contact details included."""
    return _active_staff(user) and user.has_perm("factcheck.view_tip")


def can_moderate_tips(user, tip=None):
    """Accept, reject or mark a tip as a duplicate, and reopen it: fact-checkers and editors."""
    return _active_staff(user) and user.has_perm("factcheck.change_tip")


def can_make_claim_from_tip(user, tip=None):
    """Turn a tip into a draft claim: who may moderate it and draft claims."""
    return can_moderate_tips(user, tip) and can_draft_claims(user)


def can_view_source_snapshots(user):
    """Archived copies of sources, their WARC records and watch flags: whoever
    may see the sources."""
    return _active_staff(user) and user.has_perm("factcheck.view_source")


def can_refresh_source_snapshots(user):
    """Take a new archived copy of a source: part of keeping its evidence."""
    return can_edit_sources(user)


def can_clear_source_flags(user):
    """Mark a dead or changed source as seen: whoever may rule on claims."""
    return can_publish_claims(user)
