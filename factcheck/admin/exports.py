"""CSV exports of the staff changelists: the list as filtered and searched, or
the rows ticked, streamed (:mod:`factcheck.exports`).

The list's own ChangeList builds the QuerySet, so an export holds exactly the
rows the list shows on all its pages, in its order, whatever filters, search
and sort are in the address. The rows are read with ``.iterator()`` in chunks
from one query, with the list's joins and no per-row prefetch: the same few
queries at any number of rows.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone

from ..exports import CHUNK_SIZE, csv_response


class CSVExportMixin:
    """Mixed into a ModelAdmin that names its ``export_columns`` and defines
    ``has_export_permission(request)`` (asking :mod:`factcheck.permissions`).

    Adds an "Export these as CSV" button over the list and an action for the
    rows ticked (add ``"export_selected"`` to the admin's ``actions``).
    """

    export_columns = ()

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_export"
        return [
            path("export.csv", self.admin_site.admin_view(self.export_view), name=name),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if self.has_export_permission(request):
            name = f"admin:{self.opts.app_label}_{self.opts.model_name}_export"
            extra_context = {**(extra_context or {}), "export_url": reverse(name)}
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        """The changelist at the same address, as CSV: every page of it."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            self.message_user(request, "Those filters cannot be exported.", messages.ERROR)
            name = f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
            return HttpResponseRedirect(reverse(name))
        # Filtered, searched and sorted as the list; its filters' choices and
        # counts are worked out once, when the ChangeList is built.
        return self.csv_download(changelist.queryset)

    @admin.action(
        description="Export selected %(verbose_name_plural)s as CSV", permissions=["export"]
    )
    def export_selected(self, request, queryset):
        return self.csv_download(queryset)

    def csv_download(self, queryset):
        filename = f"{self.opts.model_name}-export-{timezone.localdate().isoformat()}.csv"
        return csv_response(filename, self.export_columns, queryset.iterator(chunk_size=CHUNK_SIZE))
