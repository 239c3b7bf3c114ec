"""The admin index as the desk's dashboard: where the work stands and what is mine."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy

from .. import permissions
from ..models import AnchorStatus, Claim, ClaimAppearance, Discrepancy, DiscrepancyPassage
from .open_work import changelist_url, open_by_story
from .report_changes import report_changes

# Rows in each dashboard list; each list links to the full, filtered changelist.
DASHBOARD_ROWS = 8
SCHEDULE_LATE_AFTER = datetime.timedelta(minutes=5)


def _changelist(**params):
    url = reverse("admin:factcheck_claim_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def dashboard_context(request):
    """What the desk works on: claims, and the discrepancies between reports."""
    dashboard = {
        **_claims_context(request),
        **_discrepancies_context(request),
        **_deadlines_context(request),
        **_report_changes_context(request),
    }
    return {"dashboard": dashboard} if dashboard else {}


def _claims_context(request):
    """Counts by status, my open work, recently published and orphaned passages."""
    if not permissions.can_view_claims(request.user):
        return {}
    claims = Claim.objects.for_admin_list()
    counts = Claim.objects.status_counts()
    return {
        "status_counts": [
            (label, counts[value], _changelist(status__exact=value))
            for value, label in Claim.Status.choices
        ],
        **_review_context(request, claims),
        "my_claims": claims.assigned_to(request.user)
        .open_work()
        .order_by("-priority", "-updated_at")[:DASHBOARD_ROWS],
        "my_claims_url": _changelist(mine="open"),
        "recently_published": claims.published().order_by("-published_at")[:DASHBOARD_ROWS],
        "published_url": _changelist(status__exact=Claim.Status.PUBLISHED),
        "orphaned": claims.orphaned().order_by("-updated_at")[:DASHBOARD_ROWS],
        "orphaned_url": _changelist(passage=AnchorStatus.ORPHANED),
        # Counted only when the list is empty and says so.
        "orphaned_empty": lazy(_orphaned_empty, str)(),
    }


def _review_context(request, claims):
    """Work that comes back: what awaits an editor's review, and what editors sent
    back to its author with their note."""
    user = request.user
    context = {}
    if permissions.can_publish_claims(user):
        context["awaiting_review"] = claims.awaiting_review_by(user)[:DASHBOARD_ROWS]
        context["awaiting_review_url"] = _changelist(status__exact=Claim.Status.IN_REVIEW)
        context["discrepancies_awaiting_review"] = (
            Discrepancy.objects.for_admin_list().awaiting_review_by(user)[:DASHBOARD_ROWS]
            if permissions.can_resolve_discrepancies(user)
            else None
        )
    if permissions.can_schedule_claims(user):
        # What the worker will publish, and schedules it could not keep.
        context["scheduled"] = claims.scheduled()[:DASHBOARD_ROWS]
        # A time passed this long ago with the claim still in review: no
        # worker is running (or it is stuck), and the desk should know.
        context["schedule_late_before"] = timezone.now() - SCHEDULE_LATE_AFTER
        context["schedule_failed"] = (
            claims.filter(status=Claim.Status.IN_REVIEW, publish_at__isnull=True)
            .exclude(schedule_failure="")
            .order_by("-schedule_failed_at", "-pk")[:DASHBOARD_ROWS]
        )
    if permissions.can_draft_claims(user):
        context["sent_back"] = claims.sent_back_to(user)[:DASHBOARD_ROWS]
    return context


def _orphaned_empty() -> str:
    """What the orphaned claims list says when it lists none: that every
    passage is in place only when no appearance or discrepancy passage is
    orphaned either (one count over both)."""
    others = (
        ClaimAppearance.objects.orphaned()
        .values("pk")
        .union(DiscrepancyPassage.objects.orphaned().values("pk"), all=True)
        .count()
    )
    if not others:
        return "Every passage is in place."
    return (
        f"No claim’s own passage is orphaned, but {others} passage"
        f"{'s' if others != 1 else ''} in other reports of claims or in discrepancies "
        f"{'are' if others != 1 else 'is'}: those under published work are listed under "
        "“Reports changed after publication”."
    )


def _report_changes_context(request):
    """Published work whose report changed or lost its passage after publication."""
    if not permissions.can_view_claims(request.user):
        return {}
    return {"report_changes": report_changes(request.user, limit=DASHBOARD_ROWS)}


def _discrepancies_context(request):
    """Open discrepancies by story, the stories with the most open work first."""
    if not permissions.can_view_discrepancies(request.user):
        return {}
    return {
        "open_discrepancies": open_by_story(limit=DASHBOARD_ROWS),
        "open_discrepancies_url": changelist_url(status__exact="unresolved"),
    }


def _deadlines_context(request):
    """Open work past its due date, claims and discrepancies, most overdue first."""
    user = request.user
    context = {}
    if permissions.can_view_claims(user):
        context["overdue_claims"] = (
            Claim.objects.for_admin_list().overdue().by_deadline()[:DASHBOARD_ROWS]
        )
        context["overdue_claims_url"] = _changelist(due="overdue")
    if permissions.can_view_discrepancies(user):
        context["overdue_discrepancies"] = (
            Discrepancy.objects.for_admin_list().overdue().by_deadline()[:DASHBOARD_ROWS]
        )
        context["overdue_discrepancies_url"] = changelist_url(due="overdue")
    return context


def install_dashboard(site):
    """Give ``site``'s index page the dashboard's context.

    The default site is Django's own AdminSite, so its ``index`` view is
    wrapped here rather than overridden in a subclass (see the report on
    ``default_site``); ``templates/admin/index.html`` renders the result.
    """
    index = site.index

    def dashboard_index(request, extra_context=None):
        return index(request, {**dashboard_context(request), **(extra_context or {})})

    site.index = dashboard_index
