"""The assignee picker of the fact-check admin: its widget and the view it asks."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path

from ..forms import assignable_staff, staff_label

ASSIGNEE_AUTOCOMPLETE_URL = "factcheck_claim_assignee_autocomplete"


class StaffAutocompleteSelect(AutocompleteSelect):
    """Autocomplete over assignable staff.

    The admin's own autocomplete asks the User admin, which fact-checkers and
    editors may not view and which lists inactive accounts; this one asks
    :meth:`AssigneeAutocomplete.assignee_autocomplete_view`.
    """

    url_name = "%s:" + ASSIGNEE_AUTOCOMPLETE_URL


class AssigneeAutocomplete:
    """Mixed into the claim admin, whose URL the picker asks (for discrepancies too):
    whoever may view claims may look staff up to assign."""

    def get_urls(self):
        return [
            path(
                "assignee-autocomplete/",
                self.admin_site.admin_view(self.assignee_autocomplete_view),
                name=ASSIGNEE_AUTOCOMPLETE_URL,
            ),
            *super().get_urls(),
        ]

    def assignee_autocomplete_view(self, request):
        """Select2 results for the assignee field: active staff matching ``term``."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        users = assignable_staff()
        term = request.GET.get("term", "").strip()
        if term:
            users = users.filter(
                Q(username__icontains=term)
                | Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
            )
        page = Paginator(users, 20).get_page(request.GET.get("page"))
        return JsonResponse(
            {
                "results": [{"id": str(user.pk), "text": staff_label(user)} for user in page],
                "pagination": {"more": page.has_next()},
            }
        )
