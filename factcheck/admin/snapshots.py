"""Archived copies of sources in the admin: read-only rows (a snapshot is
never changed; a refresh is a new one), listed on each source's page with a
"Refresh archived copy" button, and the WARC record for staff to download."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from .. import permissions
from ..models import SourceSnapshot, SourceWatch
from ..services.snapshots import archive_headers


def _short_hash(snapshot):
    return snapshot.text_sha256[:12] or "—"


def _warc_link(snapshot):
    if not snapshot.succeeded:
        return "—"
    url = reverse("admin:factcheck_sourcesnapshot_warc", args=[snapshot.pk])
    return format_html('<a href="{}">WARC</a>', url)


class SnapshotReadOnly:
    """Nobody adds, changes or deletes a snapshot by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_source_snapshots(request.user)


class SourceSnapshotInline(SnapshotReadOnly, admin.TabularInline):
    model = SourceSnapshot
    verbose_name_plural = "Archived copies (newest first)"
    fields = ("fetched_at", "reason", "status", "hash", "changed_from_previous", "error", "files")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).for_listing().select_related("source")

    @admin.display(description="text SHA-256")
    def hash(self, snapshot):
        return _short_hash(snapshot)

    @admin.display(description="changed from previous", boolean=True)
    def changed_from_previous(self, snapshot):
        return snapshot.changed

    @admin.display(description="copy")
    def files(self, snapshot):
        return _warc_link(snapshot)


@admin.register(SourceSnapshot)
class SourceSnapshotAdmin(SnapshotReadOnly, admin.ModelAdmin):
    list_display = ("source", "fetched_at", "reason", "status", "hash", "changed", "error")
    list_filter = ("reason", "changed")
    search_fields = ("url", "source__title")
    date_hierarchy = "fetched_at"
    fields = (
        "source",
        "url",
        "final_url",
        "fetched_at",
        "reason",
        "requested_by",
        "status",
        "content_type",
        "text_sha256",
        "changed",
        "error",
        "warc_download",
        "text",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).for_listing().select_related("source")

    def get_urls(self):
        warc = self.admin_site.admin_view(self.warc_view)
        return [
            path("<int:snapshot_id>/warc/", warc, name="factcheck_sourcesnapshot_warc"),
            *super().get_urls(),
        ]

    @admin.display(description="text SHA-256")
    def hash(self, snapshot):
        return _short_hash(snapshot)

    @admin.display(description="WARC record")
    def warc_download(self, snapshot):
        return _warc_link(snapshot)

    def warc_view(self, request, snapshot_id):
        """The WARC record as it was stored, for staff only: a download, never
        shown in the browser (it holds the page's own script)."""
        if not permissions.can_view_source_snapshots(request.user):
            raise PermissionDenied
        snapshot = get_object_or_404(SourceSnapshot.objects.succeeded(), pk=snapshot_id)
        response = HttpResponse(bytes(snapshot.warc), content_type="application/warc")
        response["Content-Disposition"] = (
            f'attachment; filename="source-{snapshot.source_id}-snapshot-{snapshot.pk}.warc.gz"'
        )
        return archive_headers(response)


class SourceFlagFilter(admin.SimpleListFilter):
    """Sources whose live page a watch round found dead or changed."""

    title = "live page"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("flagged", "Dead or changed"), *SourceWatch.Flag.choices]

    def queryset(self, request, queryset):
        if self.value() == "flagged":
            return queryset.flagged()
        if self.value() in SourceWatch.Flag.values:
            return queryset.filter(watch__flag=self.value())
        return queryset
