"""What the discrepancy admin adds to the steps of :data:`factcheck.workflows.DISCREPANCY`
(which :mod:`.workflow` renders): the "set the status" bulk action, which moves each
row through the step that leads to the status chosen, and the choice of the
discrepancy a suggestion is merged into.
"""

from __future__ import annotations

from django.contrib import admin

from .. import permissions, services
from ..forms import DiscrepancyMergeForm, DiscrepancyStatusForm
from ..models import Discrepancy
from ..workflows import DISCREPANCY
from .base import run_for_each
from .workflow import WorkflowAdminMixin

Status = Discrepancy.Status


class DiscrepancyWorkflowMixin(WorkflowAdminMixin):
    """Mixed into :class:`DiscrepancyAdmin`."""

    workflow = DISCREPANCY
    own_actions = ("set_status",)
    action_form_template = "admin/factcheck/discrepancy/action_form.html"

    def has_research_permission(self, request):
        # The status page: each row then moves through the service that owns its step.
        return permissions.can_research_discrepancy(request.user)

    def skipped_reasons(self, skipped):
        """The services name the discrepancy in their refusals; the skip list already does."""
        return [(obj, reason.replace(f"“{obj}” ", "it ", 1)) for obj, reason in skipped]

    def into_form(self, data, queryset):
        """What the intermediate page of "merge selected suggestions into…" asks:
        a discrepancy of the same story, not one of those merged."""
        targets = (
            Discrepancy.objects.filter(story__in=queryset.values("story"))
            .not_dismissed()
            .exclude(pk__in=queryset.values("pk"))
            .select_related("story")
            .order_by("story__title", "title")
        )
        return DiscrepancyMergeForm(data, targets=targets)

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
        return self.action_page(
            request,
            queryset,
            action="set_status",
            title="Set the status of discrepancies",
            intro="Set the status of",
            form=form,
            submit="Set the status",
        )
