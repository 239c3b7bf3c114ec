"""What every admin in the articles app shares."""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages that pass the CSP and never revert for a user who may only view."""

    object_history_template = "admin/articles/object_history.html"
    object_history_list_template = "admin/articles/object_history_list.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves the chosen version on any valid POST, and a
        # view-only user's form has no fields, so it is always valid.
        if request.method == "POST" and (
            self.revert_disabled(request) or not self.has_change_permission(request)
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
