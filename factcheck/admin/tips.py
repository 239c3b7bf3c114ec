"""The reader tips' moderation queue: new tips first, each with its workflow
steps (:data:`factcheck.workflows.TIP`) on its page, "Make a claim" among them.

Tips come from the public form only, so there is no "Add"; their fields are
read-only here (the reader's words are kept as sent) and every change is a
workflow step through :mod:`factcheck.services.tips`.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import Truncator

from .. import permissions
from ..forms import TipClaimForm
from ..models import Tip
from ..workflows import TIP
from .base import FactcheckHistoryAdmin
from .similar import checked_before
from .workflow import WorkflowAdminMixin


@admin.register(Tip)
class TipAdmin(WorkflowAdminMixin, FactcheckHistoryAdmin):
    workflow = TIP
    action_form_template = "admin/factcheck/discrepancy/action_form.html"
    list_display = ("short_statement", "status", "created_at", "claim_link")
    list_filter = ("status",)
    search_fields = ("statement", "seen_at")
    date_hierarchy = "created_at"
    list_per_page = 50
    fields = (
        "statement",
        "seen_at",
        "contact_name",
        "contact_email",
        "status",
        "note",
        "claim",
        "handled_by",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return Tip.objects.for_moderation()

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_tips(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only: every change is a workflow step on the page.
        return False

    def has_delete_permission(self, request, obj=None):
        return permissions.can_delete(request.user, Tip)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.workflow_context(request, obj))
            # The article picker of "Make a claim" is an admin autocomplete.
            context["media"] = context["media"] + TipClaimForm(tip=obj).media
            # Checked before? What the desk has on the reader's statement.
            context.update(checked_before(request, obj.statement))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="Claim", ordering="statement")
    def short_statement(self, tip):
        return Truncator(" ".join(tip.statement.split())).chars(100)

    @admin.display(description="Led to")
    def claim_link(self, tip):
        if tip.claim is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', tip.claim.get_absolute_url(), Truncator(tip.claim).chars(60)
        )
