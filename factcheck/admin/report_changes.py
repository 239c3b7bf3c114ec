"""Published work whose reports changed: the dashboard's list, and the editors'
buttons that accept a report's new text or keep the published one. Also the
article page's button that lists a report on its public story page.

Each button posts to a view here that calls one service
(:mod:`factcheck.services.published`); the views live outside the model admins
so that any of the three kinds of passage is handled the same way.
"""

import dataclasses

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles.analysis.diff import DELETE, word_diff
from articles.models import Article

from .. import permissions, services
from ..models import Claim, ClaimAppearance, Discrepancy, DiscrepancyPassage, PublicReport
from ..models.anchors import outlet_label
from ..querysets import public_reports
from ..services.claims import WorkflowError
from ..services.published import PASSAGE_MODELS, details_changed, passage_kind, work_of

PUBLIC_DISCREPANCY = (Discrepancy.Status.RESOLVED, Discrepancy.Status.NOT_CONFLICT)


@dataclasses.dataclass(frozen=True)
class ReportChange:
    """One passage under published work that no longer reads as published."""

    passage: object
    kind: str
    work_label: str
    title: str
    work_url: str
    outlet: str
    # (op, text) pieces from the published text to the report's current one.
    pieces: list
    # (what, was, is) for the report's outlet, headline or date.
    details: list
    can_decide: bool

    @property
    def is_flagged(self):
        return self.passage.is_report_changed

    @property
    def accept_url(self):
        return reverse("report_change_accept", args=[self.kind, self.passage.pk])

    @property
    def keep_url(self):
        return reverse("report_change_keep", args=[self.kind, self.passage.pk])


def changed_under_published_work():
    """Three querysets, one per kind of passage: those flagged *report changed
    after publication* or orphaned, under published work."""
    needs_review = Q(report_changed_at__isnull=False) | Q(anchor_status="orphaned")
    return [
        Claim.objects.published().filter(needs_review).select_related("article__outlet"),
        ClaimAppearance.objects.filter(needs_review, claim__status=Claim.Status.PUBLISHED)
        .select_related("claim", "article__outlet")
        .defer("article__body", "article__raw_input"),
        DiscrepancyPassage.objects.filter(needs_review, discrepancy__status__in=PUBLIC_DISCREPANCY)
        .select_related("discrepancy", "article__outlet")
        .defer("article__body", "article__raw_input"),
    ]


def passage_pieces(passage) -> list:
    """The word diff from the published passage to the current one; an orphan's
    published words all struck out, as the report no longer has them."""
    old = passage.shown_quote
    if passage.is_orphaned:
        return [(DELETE, old)]
    if old == passage.quote:
        # Only the context moved: show it, the quote unchanged in the middle.
        old = f"{passage.shown_prefix}{old}{passage.shown_suffix}"
        return word_diff(old, f"{passage.prefix}{passage.quote}{passage.suffix}")
    return word_diff(old, passage.quote)


def live(passage) -> dict:
    """The report's outlet, headline and date as they read now."""
    article = passage.article
    return {
        "outlet": outlet_label(article),
        "headline": article.headline,
        "published_on": article.published_on,
    }


def report_changes(user, limit=None) -> list[ReportChange]:
    rows = []
    for queryset in changed_under_published_work():
        for passage in queryset.order_by("report_changed_at", "pk")[:limit]:
            work = work_of(passage)
            kind = passage_kind(passage)
            is_claim = isinstance(work, Claim)
            rows.append(
                ReportChange(
                    passage=passage,
                    kind=kind,
                    work_label={
                        "claim": "Claim",
                        "appearance": "Claim, other report",
                        "passage": "Discrepancy",
                    }[kind],
                    title=work.statement if is_claim else work.title,
                    work_url=reverse(
                        "admin:factcheck_claim_change"
                        if is_claim
                        else "admin:factcheck_discrepancy_change",
                        args=[work.pk],
                    ),
                    outlet=passage.shown_outlet or str(passage.article),
                    pieces=passage_pieces(passage),
                    details=details_changed(
                        passage.shown_report,
                        dataclasses.replace(passage.shown_report, **live(passage)),
                    ),
                    can_decide=permissions.can_review_report_changes(user, passage),
                )
            )
    rows.sort(key=lambda row: (row.passage.report_changed_at is None, row.passage.pk))
    return rows[:limit] if limit else rows


def _passage(kind, pk):
    try:
        model = PASSAGE_MODELS[kind]
    except KeyError as exc:
        raise Http404 from exc
    related = {"claim": [], "appearance": ["claim"], "passage": ["discrepancy"]}[kind]
    return get_object_or_404(model.objects.select_related("article__outlet", *related), pk=pk)


def _decide(request, kind, pk, service, done):
    passage = _passage(kind, pk)
    try:
        service(passage=passage, acting_user=request.user, note=request.POST.get("note", ""))
    except (WorkflowError, PermissionDenied) as error:
        messages.error(request, str(error) or "You may not decide on published work.")
    else:
        messages.success(request, done.format(work=work_of(passage)))
    return redirect("admin:index")


@require_POST
def accept(request, kind, pk):
    return _decide(
        request,
        kind,
        pk,
        services.report_change_accept,
        "The public page of “{work}” now shows the report’s new text, with a dated note.",
    )


@require_POST
def keep(request, kind, pk):
    return _decide(
        request,
        kind,
        pk,
        services.report_change_keep,
        "“{work}” keeps the published text.",
    )


@require_POST
def set_public(request, pk):
    article = get_object_or_404(Article, pk=pk)
    public = request.POST.get("public") == "1"
    try:
        services.report_set_public(
            article=article,
            public=public,
            acting_user=request.user,
            note=request.POST.get("note", ""),
        )
    except PermissionDenied:
        messages.error(request, "Only editors decide which reports the public sees.")
    else:
        messages.success(
            request,
            f"“{article}” is {'now listed' if public else 'no longer listed'} on its public "
            "story page.",
        )
    return redirect("admin:articles_article_change", pk)


def report_visibility(article) -> dict:
    """For the article page: whether the public sees the report, and why."""
    # One query: a report marked public is public, so None means neither.
    marked = (
        public_reports()
        .filter(pk=article.pk)
        .annotate(
            marked=Exists(PublicReport.objects.filter(article=OuterRef("pk"), is_public=True))
        )
        .values_list("marked", flat=True)
        .first()
    )
    return {
        "is_public": marked is not None,
        "marked_public": bool(marked),
        "url": reverse("report_set_public", args=[article.pk]),
    }


urlpatterns = [
    path(
        "report-changes/<str:kind>/<int:pk>/accept/",
        admin.site.admin_view(accept),
        name="report_change_accept",
    ),
    path(
        "report-changes/<str:kind>/<int:pk>/keep/",
        admin.site.admin_view(keep),
        name="report_change_keep",
    ),
    path(
        "reports/<int:pk>/public/",
        admin.site.admin_view(set_public),
        name="report_set_public",
    ),
]
