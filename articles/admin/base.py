"""What every admin in the articles app shares."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_history_model_for_model

from ..services import record_delete


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages that pass the CSP and never revert for a user who may only view."""

    object_history_template = "admin/articles/object_history.html"
    object_history_list_template = "admin/articles/object_history_list.html"

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple_history's own version calls select_related() with no fields for
        # models without foreign keys, which Django 6.1 deprecates.
        related = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, ForeignKey)
        ]
        return history_manager.filter(**{pk_name: object_id}).select_related(
            "history_user", *related
        )

    def history_view(self, request, object_id, extra_context=None):
        self._404_unless_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._404_unless_ids(object_id, version_id)
        # django-simple-history saves the chosen version on any valid POST, and a
        # view-only user's form has no fields, so it is always valid.
        if request.method == "POST" and (
            self.revert_disabled(request) or not self.has_change_permission(request)
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _404_unless_ids(self, object_id, version_id=None):
        # django-simple-history filters on the ids as they come in the URL, so
        # /admin/<model>/abc/history/ was a server error rather than a 404.
        try:
            self.opts.pk.to_python(unquote(object_id))
            if version_id is not None:
                get_history_model_for_model(self.model)._meta.pk.to_python(version_id)
        except ValidationError as exc:
            raise Http404(f"No {self.opts.verbose_name} with id {object_id!r}.") from exc


class DeletedThroughServices:
    """Deleting from the change page or with the bulk action calls the app's
    delete service (permission, history, public pages refreshed), row by row.
    ``delete_service`` takes ``instance`` and ``acting_user``."""

    delete_service = staticmethod(record_delete)

    def delete_model(self, request, obj):
        self.delete_service(instance=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_service(instance=obj, acting_user=request.user)
