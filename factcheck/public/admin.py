"""Admin for the public site's own pages (methodology, corrections policy).

Django autodiscovers ``factcheck.admin`` only: that package imports this module.
"""

from django.contrib import admin

from ..admin.base import FactcheckHistoryAdmin
from ..models import SitePage
from .caching import public_content_changed


@admin.register(SitePage)
class SitePageAdmin(FactcheckHistoryAdmin):
    """Editors change the title and text (the roles grant them view and change
    only); every save is public at once, so it marks the cached pages stale."""

    list_display = ("title", "slug", "updated_at")
    fields = ("title", "slug", "body", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        # An existing page's slug is its public address (/methodology/, /corrections/).
        return ("slug", "updated_at") if obj is not None else ("updated_at",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_content_changed()
