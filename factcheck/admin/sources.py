from django.contrib import admin
from django.db.models import Count

from articles.admin.base import DeletedThroughServices

from .. import permissions, services
from ..forms import SourceForm
from ..models import Source
from ..services.sources import SOURCE_FIELDS
from .base import FactcheckHistoryAdmin, RefusalsAsMessages


@admin.register(Source)
class SourceAdmin(DeletedThroughServices, RefusalsAsMessages, FactcheckHistoryAdmin):
    delete_service = staticmethod(services.source_delete)
    form = SourceForm
    list_display = ("title", "publisher", "kind", "published_on", "citation_count")
    list_filter = ("kind",)
    search_fields = ("title", "publisher", "url")
    # Meta.ordering is ignored once get_queryset() groups for the citation
    # counts; the autocomplete pages through this order too.
    ordering = ("title", "pk")
    fieldsets = (
        (None, {"fields": ("title", "url", "publisher", "kind", "published_on")}),
        ("Archive", {"fields": ("archive_url", "accessed_at")}),
        ("Internal", {"fields": ("notes",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    def has_add_permission(self, request):
        return permissions.can_manage_sources(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_edit_sources(request.user)

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            if changes:
                services.source_update(source=obj, acting_user=request.user, **changes)
            return
        fields = {name: form.cleaned_data[name] for name in SOURCE_FIELDS}
        source = services.source_create(acting_user=request.user, **fields)
        # The admin carries on with ``obj`` (log entry, redirect): make it the stored source.
        obj.pk = source.pk
        obj.refresh_from_db()

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, source):
        return source.citation_count
