"""The discrepancy workflow in the admin: buttons on the change page and bulk actions,
all from the table :data:`factcheck.workflows.DISCREPANCY`.

Every step calls its service with ``acting_user=request.user``; a refusal
(``WorkflowError``, ``PermissionDenied``) becomes a message for staff.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from .. import permissions, services
from ..forms import AssignForm, DiscrepancyMergeForm, DiscrepancyStatusForm, staff_label
from ..models import Discrepancy
from ..services.discrepancies import StaleDiscrepancy
from ..workflows import DISCREPANCY
from .base import run_for_each
from .workflow import WorkflowAdminMixin, bulk_step, steps

Status = Discrepancy.Status
STEPS = steps(DISCREPANCY)


class DiscrepancyWorkflowMixin(WorkflowAdminMixin):
    """Mixed into :class:`DiscrepancyAdmin`."""

    workflow = DISCREPANCY
    actions = [
        "assign_discrepancies",
        "set_status",
        "confirm_suggestions",
        "dismiss_suggestions",
        "merge_suggestions",
    ]

    def has_research_permission(self, request):
        # The status page: each row then moves through the service that owns its step.
        return permissions.can_research_discrepancy(request.user)

    # The buttons -----------------------------------------------------------------------

    def workflow_context(self, request, discrepancy):
        """What the change page offers this user for this discrepancy, asked of the table."""
        offered = self.offered_steps(request, discrepancy)
        # Cited sources are prefetched: resolution_problems() would query for them.
        resolve_blockers = (
            ["cite a source below"]
            if offered["resolve"] and not discrepancy.citations.all()
            else []
        )
        return {
            "workflow_urls": self.workflow_urls(offered, discrepancy),
            "resolve_blockers": resolve_blockers,
        }

    def confirm_step(self, request, discrepancy, version):
        services.discrepancy_confirm(
            discrepancy=discrepancy, acting_user=request.user, expected_version=version
        )
        return f"“{discrepancy}” was confirmed: it is open."

    def dismiss_step(self, request, discrepancy, version):
        services.discrepancy_dismiss(
            discrepancy=discrepancy,
            note=request.POST.get("note", ""),
            acting_user=request.user,
            expected_version=version,
        )
        return f"“{discrepancy}” was dismissed; detection will not suggest it again."

    def investigate_step(self, request, discrepancy, version):
        services.discrepancy_investigate(
            discrepancy=discrepancy, acting_user=request.user, expected_version=version
        )
        return f"“{discrepancy}” is being investigated."

    def _posted_resolution(self, request):
        resolution = request.POST.get("resolution")
        return resolution if resolution and resolution.strip() else None

    def resolve_step(self, request, discrepancy, version):
        services.discrepancy_resolve(
            discrepancy=discrepancy,
            resolution=self._posted_resolution(request),
            acting_user=request.user,
            expected_version=version,
        )
        return f"“{discrepancy}” was resolved."

    def not_conflict_step(self, request, discrepancy, version):
        services.discrepancy_mark_not_conflict(
            discrepancy=discrepancy,
            resolution=self._posted_resolution(request),
            acting_user=request.user,
            expected_version=version,
        )
        return f"“{discrepancy}” was marked as not a conflict."

    def reopen_step(self, request, discrepancy, version):
        services.discrepancy_reopen(
            discrepancy=discrepancy, acting_user=request.user, expected_version=version
        )
        return f"“{discrepancy}” was reopened."

    def assign_to_me_step(self, request, discrepancy, version):
        if version is not None and version != discrepancy.version:
            raise StaleDiscrepancy(discrepancy)
        services.discrepancy_assign(
            discrepancy=discrepancy, assignee=request.user, acting_user=request.user
        )
        return f"“{discrepancy}” is now assigned to you."

    # Bulk actions ----------------------------------------------------------------------

    def skipped_reasons(self, skipped):
        """The services name the discrepancy in their refusals; the skip list already does."""
        return [(obj, reason.replace(f"“{obj}” ", "it ", 1)) for obj, reason in skipped]

    def _action_page(self, request, queryset, *, action, title, intro, form, submit):
        """The intermediate page of an action that asks one more thing."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": self.opts,
            "discrepancies": queryset,
            "form": form,
            "action": action,
            "submit": submit,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/factcheck/discrepancy/action_form.html", context)

    @admin.action(description="Assign selected discrepancies to…", permissions=["assign_to_me"])
    def assign_discrepancies(self, request, queryset):
        """An intermediate page picks the assignee, then each discrepancy is assigned."""
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            assignee = form.cleaned_data["assignee"]
            done, skipped = run_for_each(
                queryset,
                lambda discrepancy: services.discrepancy_assign(
                    discrepancy=discrepancy, assignee=assignee, acting_user=request.user
                ),
            )
            to = f"to {staff_label(assignee)}" if assignee else "to nobody"
            self._report(request, done, skipped, lambda n: f"Assigned {n} {to}.")
            return None
        return self._action_page(
            request,
            queryset,
            action="assign_discrepancies",
            title="Assign discrepancies",
            intro="Assign",
            form=form,
            submit="Assign",
        )

    @admin.action(description="Set the status of selected discrepancies…", permissions=["research"])
    def set_status(self, request, queryset):
        """An intermediate page picks the status; each row moves through its own service."""
        form = DiscrepancyStatusForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            status = form.cleaned_data["status"]
            done, skipped = run_for_each(
                queryset,
                lambda discrepancy: services.discrepancy_set_status(
                    discrepancy=discrepancy, status=status, acting_user=request.user
                ),
            )
            label = Status(status).label.lower()
            self._report(request, done, skipped, lambda n: f"Set {n} to {label}.")
            return None
        return self._action_page(
            request,
            queryset,
            action="set_status",
            title="Set the status of discrepancies",
            intro="Set the status of",
            form=form,
            submit="Set the status",
        )

    confirm_suggestions = bulk_step(
        "confirm",
        description="Confirm selected suggestions",
        service="discrepancy_confirm",
        argument="discrepancy",
        done=lambda n: f"Confirmed {n}: now open.",
    )
    dismiss_suggestions = bulk_step(
        "dismiss",
        description="Dismiss selected suggestions",
        service="discrepancy_dismiss",
        argument="discrepancy",
        done=lambda n: f"Dismissed {n}.",
    )

    @admin.action(description="Merge selected suggestions into…", permissions=["merge"])
    def merge_suggestions(self, request, queryset):
        """An intermediate page picks a discrepancy of the same story to fold them into."""
        targets = (
            Discrepancy.objects.filter(story__in=queryset.values("story"))
            .not_dismissed()
            .exclude(pk__in=queryset.values("pk"))
            .select_related("story")
            .order_by("story__title", "title")
        )
        form = DiscrepancyMergeForm(
            request.POST if "apply" in request.POST else None, targets=targets
        )
        if form.is_valid():
            into = form.cleaned_data["into"]
            done, skipped = run_for_each(
                queryset,
                lambda suggestion: services.discrepancy_merge(
                    suggestion=suggestion, into=into, acting_user=request.user
                ),
            )
            self._report(request, done, skipped, lambda n: f"Merged {n} into “{into}”.")
            return None
        return self._action_page(
            request,
            queryset,
            action="merge_suggestions",
            title="Merge suggestions",
            intro="Merge",
            form=form,
            submit="Merge",
        )
