"""Discrepancies in the admin: the list with open work by story, the change page
with the reports' passages side by side, workflow buttons and bulk actions.

Every write goes through :mod:`factcheck.services`; a refusal (``WorkflowError``,
``PermissionDenied``) becomes a message for staff. Discrepancies are recorded
from their story's page (:mod:`.stories`), so "Add" here first picks the story.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.admin.filters import StoryTitleFilter
from articles.models import Story

from .. import exports, permissions, services
from ..forms import (
    DiscrepancyChangeForm,
    DiscrepancyCitationAddForm,
    PassageAssessForm,
    staff_label,
)
from ..models import Discrepancy
from ..services.discrepancies import StaleDiscrepancy
from .base import FactcheckHistoryAdmin, SavedThroughServices, refusal
from .deadlines import deadline_cell
from .discrepancy_workflow import DiscrepancyWorkflowMixin
from .exports import CSVExportMixin
from .filters import DeadlineFilter, DiscrepancyAssignedToMeFilter, DiscrepancyStatusFilter
from .inlines import NewDiscrepancyCitationInline, NewPassageInline
from .open_work import open_by_story
from .passages import side_by_side

# The changelist's CSV export: the desk's view of each discrepancy, internal fields too.
EXPORT_COLUMNS = (
    exports.Column("id", lambda discrepancy: discrepancy.pk),
    exports.Column("title", lambda discrepancy: discrepancy.title),
    exports.Column("story", lambda discrepancy: discrepancy.story.title),
    exports.Column("kind", lambda discrepancy: discrepancy.get_kind_display()),
    exports.Column("status", lambda discrepancy: discrepancy.get_status_display()),
    exports.Column("severity", lambda discrepancy: discrepancy.get_severity_display()),
    exports.Column("origin", lambda discrepancy: discrepancy.get_origin_display()),
    exports.Column("score", lambda discrepancy: discrepancy.score),
    exports.Column("passages", lambda discrepancy: discrepancy.passage_count),
    exports.Column(
        "assignee",
        lambda discrepancy: staff_label(discrepancy.assignee) if discrepancy.assignee else None,
    ),
    exports.Column("due_at", lambda discrepancy: discrepancy.due_at),
    exports.Column("resolution", lambda discrepancy: discrepancy.resolution),
    exports.Column("notes", lambda discrepancy: discrepancy.notes),
    exports.Column("created_at", lambda discrepancy: discrepancy.created_at),
    exports.Column("updated_at", lambda discrepancy: discrepancy.updated_at),
    exports.Column("resolved_at", lambda discrepancy: discrepancy.resolved_at),
)


@admin.register(Discrepancy)
class DiscrepancyAdmin(
    CSVExportMixin, SavedThroughServices, DiscrepancyWorkflowMixin, FactcheckHistoryAdmin
):
    stale_error = StaleDiscrepancy
    list_display = (
        "title",
        "story_title",
        "kind",
        "status_badge",
        "severity",
        "origin_and_score",
        "passage_count",
        "assignee_name",
        "deadline",
        "updated",
    )
    list_filter = (
        DiscrepancyAssignedToMeFilter,
        DeadlineFilter,
        DiscrepancyStatusFilter,
        StoryTitleFilter,
        "kind",
        "severity",
        "origin",
        ("assignee", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "passages__quote", "story__title")
    list_per_page = 50
    # get_absolute_url is this admin page.
    view_on_site = False
    change_list_template = "admin/factcheck/discrepancy/change_list.html"
    change_form_template = "admin/factcheck/discrepancy/change_form.html"
    form = DiscrepancyChangeForm
    fieldsets = (
        ("Question", {"fields": ("title", ("kind", "severity"))}),
        ("Resolution", {"fields": ("resolution",)}),
        ("Desk", {"fields": ("assignee", "due_at", "notes")}),
    )
    inlines = [NewDiscrepancyCitationInline, NewPassageInline]
    own_actions = (*DiscrepancyWorkflowMixin.own_actions, "export_selected")
    export_columns = EXPORT_COLUMNS

    def get_queryset(self, request):
        return Discrepancy.objects.for_admin_list().with_passage_counts()

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        if obj.story_report_count <= len(obj.passages.all()):
            # Every report of the story already has its passage here.
            return [inline for inline in self.inlines if inline is not NewPassageInline]
        return self.inlines

    def get_urls(self):
        # The workflow steps' URLs come first (DiscrepancyWorkflowMixin).
        return [
            path(
                "<path:object_id>/passages/<int:passage_id>/assess/",
                self.admin_site.admin_view(self.assess_view),
                name="factcheck_discrepancy_assess",
            ),
            *super().get_urls(),
        ]

    # Permissions: asked of factcheck.permissions ---------------------------------------

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_discrepancies(request.user)

    def has_add_permission(self, request):
        return permissions.can_propose_discrepancies(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_research_discrepancy(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Public once resolved: reopened with new evidence, never deleted.
        return permissions.can_delete_discrepancy(request.user, obj)

    def has_export_permission(self, request):
        return permissions.can_export_discrepancies(request.user)

    # Saving: through the services ------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        """A discrepancy is recorded from its story's page: pick the story first."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        stories = (
            Story.objects.with_article_counts()
            .filter(article_count__gte=1)
            .order_by("-event_date", "title")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Record a discrepancy: pick the story",
            "stories": stories,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/factcheck/discrepancy/choose_story.html", context)

    def save_model(self, request, obj, form, change):
        changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            # The version is the form's, not a change to make.
            if name in DiscrepancyChangeForm.Meta.fields
        }
        if changes:
            services.discrepancy_update(
                discrepancy=obj,
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
                **changes,
            )

    def save_formset(self, request, form, formset, change):
        discrepancy = form.instance
        # Both inlines hold new rows only: citations and passages from other reports.
        add = (
            self._cite
            if issubclass(formset.form, DiscrepancyCitationAddForm)
            else self._add_passage
        )
        # The admin's change message reads what a formset's save() would have set.
        formset.new_objects = [
            add(request, discrepancy, row) for row in formset.extra_forms if row.has_changed()
        ]
        formset.changed_objects, formset.deleted_objects = [], []

    def delete_model(self, request, obj):
        services.discrepancy_delete(discrepancy=obj, acting_user=request.user)

    def _cite(self, request, discrepancy, row):
        data = row.cleaned_data
        return services.discrepancy_cite(
            discrepancy=discrepancy,
            source=data["source"],
            stance=data["stance"],
            excerpt=data["excerpt"],
            note=data["note"],
            acting_user=request.user,
        )

    def _add_passage(self, request, discrepancy, row):
        return services.discrepancy_add_passage(
            discrepancy=discrepancy, spec=row.passage_spec(), acting_user=request.user
        )

    # Pages -----------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        extra_context = {"open_by_story": open_by_story(), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            may_research = permissions.can_research_discrepancy(request.user, obj)
            columns = side_by_side(obj.passages.all())
            for column in columns:
                if may_research:
                    column.assess_form = PassageAssessForm(
                        initial={
                            "assessment": column.passage.assessment,
                            "note": column.passage.note,
                        },
                        prefix=f"passage-{column.passage.pk}",
                    )
            context.update(self.workflow_context(request, obj))
            context["columns"] = columns
            context["citations"] = obj.citations.all()
            context["can_research"] = may_research
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Views -----------------------------------------------------------------------------

    def assess_view(self, request, object_id, passage_id):
        """POST only: one report's passage judged accurate, inaccurate or unclear."""
        discrepancy = self.get_for_post(request, object_id)
        if discrepancy is None:
            return HttpResponseNotAllowed(["POST"])
        passage = next((p for p in discrepancy.passages.all() if p.pk == passage_id), None)
        if passage is None:
            raise Http404(f"No passage {passage_id} in discrepancy {discrepancy.pk}.")
        form = PassageAssessForm(request.POST, prefix=f"passage-{passage.pk}")
        outlet = passage.article.outlet or passage.article.source
        try:
            if not form.is_valid():
                raise services.WorkflowError("Choose one of the assessments offered.")
            services.passage_assess(
                passage=passage,
                assessment=form.cleaned_data["assessment"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except (services.WorkflowError, PermissionDenied) as exc:
            self.message_user(request, f"Assess {outlet}: {refusal(exc)}.", messages.ERROR)
        else:
            self.message_user(
                request,
                f"{outlet}'s passage is now assessed “{passage.get_assessment_display()}”.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(f"{discrepancy.get_absolute_url()}#passage-{passage.pk}")

    # Columns ---------------------------------------------------------------------------

    @admin.display(description="story", ordering="story__title")
    def story_title(self, discrepancy):
        return Truncator(discrepancy.story.title).chars(24)

    @admin.display(description="status", ordering="status")
    def status_badge(self, discrepancy):
        return format_html(
            '<span class="status-badge status--{}">{}</span>',
            discrepancy.status,
            discrepancy.get_status_display(),
        )

    @admin.display(description="origin", ordering="origin")
    def origin_and_score(self, discrepancy):
        if discrepancy.origin == Discrepancy.Origin.DETECTED:
            score = "" if discrepancy.score is None else f"{discrepancy.score:.2f}"
            return format_html('Detected <span class="list-meta">{}</span>', score or "—")
        return "Staff"

    @admin.display(description="passages", ordering="passage_count")
    def passage_count(self, discrepancy):
        return discrepancy.passage_count

    @admin.display(description="assignee", ordering="assignee__username")
    def assignee_name(self, discrepancy):
        return staff_label(discrepancy.assignee) if discrepancy.assignee else "—"

    @admin.display(description="due", ordering=F("due_at").asc(nulls_last=True))
    def deadline(self, discrepancy):
        return deadline_cell(discrepancy)

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, discrepancy):
        # The date keeps the column narrow; the time is in the tooltip.
        moment = timezone.localtime(discrepancy.updated_at)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            moment.isoformat(),
            formats.date_format(moment, "DATETIME_FORMAT"),
            formats.date_format(moment, "SHORT_DATE_FORMAT"),
        )
