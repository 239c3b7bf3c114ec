"""Widgets for the fact-check admin."""

from django.contrib.admin.widgets import AutocompleteSelect

ASSIGNEE_AUTOCOMPLETE_URL = "factcheck_claim_assignee_autocomplete"


class StaffAutocompleteSelect(AutocompleteSelect):
    """Autocomplete over assignable staff.

    The admin's own autocomplete asks the User admin, which fact-checkers and
    editors may not view and which lists inactive accounts; this one asks
    :meth:`ClaimAdmin.assignee_autocomplete_view`.
    """

    url_name = "%s:" + ASSIGNEE_AUTOCOMPLETE_URL
