from django.contrib import admin
from django.db.models import Count

from .. import permissions
from ..forms import SourceForm
from ..models import Source
from .base import FactcheckHistoryAdmin


@admin.register(Source)
class SourceAdmin(FactcheckHistoryAdmin):
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

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, source):
        return source.citation_count
