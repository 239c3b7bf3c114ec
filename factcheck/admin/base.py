"""What every fact-check admin shares."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from articles.admin import HistoryAdmin

from ..forms import StaffChoiceField
from ..services import StaleEdit, WorkflowError
from .widgets import StaffAutocompleteSelect


class ReadableChanges(HistoricalRecordContextHelper):
    """History changes in words: choices by label, an empty value as a dash
    (not "Deleted rating (pk=None)")."""

    def prepare_delta_change_value(self, change, value):
        if value in (None, "") or (isinstance(value, DeletedObject) and value.pk is None):
            return "—"
        field = self.model._meta.get_field(change.field)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class FactcheckHistoryAdmin(HistoryAdmin):
    """Field-by-field history (who changed what, from what to what, when), never reverted.

    Reverting through django-simple-history would write old field values
    straight to the row, past the services, their checks and their audit trail.
    """

    object_history_template = "admin/factcheck/object_history.html"

    def revert_disabled(self, request, obj=None):
        return True

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)


class RecordsOnly:
    """An admin of records the services write (notifications, deliveries):
    staff read them; nobody adds, edits or deletes one here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RefusalsAsMessages:
    """A change form whose save a service refuses: the transaction rolls back
    (inlines too) and the page comes back with the reason."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except WorkflowError as exc:
            self.message_user(request, f"Nothing was saved: {refusal(exc)}.", messages.ERROR)
            return HttpResponseRedirect(request.path)


class SavedThroughServices:
    """A model admin whose every write is a service call, for claims and discrepancies.

    The change page reads its object from ``for_admin_detail()``; the assignee
    is picked among active staff; a bulk delete is all or nothing; and a save
    that a service refuses rolls back whole (inlines too) and comes back with
    the reason. ``stale_error``: the refusal of an edit made on a page opened
    before someone else's save.
    """

    stale_error = StaleEdit

    def get_object(self, request, object_id, from_field=None):
        field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
        try:
            return self.model.objects.for_admin_detail().get(
                **{field.name: field.to_python(object_id)}
            )
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            return StaffChoiceField(
                required=False,
                widget=StaffAutocompleteSelect(db_field, self.admin_site),
                help_text="Who works on it now.",
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form's clean() refuses a stale post with what changed. A save that
        # lands between that check and ours makes the service raise the stale
        # error instead and the whole transaction (inlines too) roll back;
        # validating the post again then shows the refusal on the form, with the
        # user's input. Any other refusal of a service (the last source of a
        # published claim removed, say) rolls the whole save back the same way,
        # with the reason.
        for _attempt in range(2):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except self.stale_error as exc:
                stale = exc
            except WorkflowError as exc:
                # A permission refused stays a 403, as for the page itself.
                self.message_user(request, f"Nothing was saved: {refusal(exc)}.", messages.ERROR)
                return HttpResponseRedirect(request.path)
        self.message_user(request, str(stale), messages.ERROR)
        return HttpResponseRedirect(request.path)

    def delete_queryset(self, request, queryset):
        # All or nothing: the confirmation page listed every one as deletable.
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


def refusal(exc):
    """Why a service refused, in words for staff (``Cannot publish: …`` without the prefix)."""
    message = str(exc) if str(exc) else "You do not have permission to do this."
    return re.sub(r"^Cannot [^:]+: ", "", message).rstrip(".")


def run_for_each(objects, action):
    """Call ``action`` on each object, one transaction each (the services are atomic).

    Returns ``(done, skipped)``, ``skipped`` holding ``(object, reason)``: one
    refusal never stops the others.
    """
    done, skipped = [], []
    for obj in objects:
        try:
            action(obj)
        except (WorkflowError, PermissionDenied) as exc:
            skipped.append((obj, refusal(exc)))
        else:
            done.append(obj)
    return done, skipped


def skipped_message(skipped):
    """``Skipped 2:`` and a list of “claim”: reason, escaped."""
    return format_html(
        'Skipped {}: <ul class="skipped-list">{}</ul>',
        len(skipped),
        format_html_join(
            "",
            "<li>“{}”: {}.</li>",
            ((Truncator(str(obj)).chars(60), reason) for obj, reason in skipped),
        ),
    )
