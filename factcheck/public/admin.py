"""Admin for the public site's own pages (methodology, corrections policy).

Found by the admin's autodiscovery in the public app. It builds on the staff
admin's base class (a downward import: the public site sits above the domain
and its admin).
"""

from django.contrib import admin
from django.db import transaction

from .. import services
from ..admin.base import FactcheckHistoryAdmin
from ..models import SitePage
from ..services.public_pages import PAGE_FIELDS


@admin.register(SitePage)
class SitePageAdmin(FactcheckHistoryAdmin):
    """Editors change the title and text (the roles grant them view and change
    only); every save is public at once, so its service marks the cached pages stale."""

    list_display = ("title", "slug", "updated_at")
    fields = ("title", "slug", "body", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        # An existing page's slug is its public address (/methodology/, /corrections/).
        return ("slug", "updated_at") if obj is not None else ("updated_at",)

    def save_model(self, request, obj, form, change):
        # An existing page's slug is read-only, so not in the form's data.
        data = form.cleaned_data
        fields = {name: data[name] for name in PAGE_FIELDS if name in data}
        if change:
            changes = {name: fields[name] for name in form.changed_data if name in fields}
            if changes:
                services.site_page_update(page=obj, acting_user=request.user, **changes)
            return
        page = services.site_page_create(acting_user=request.user, **fields)
        obj.pk = page.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.site_page_delete(page=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for page in queryset:
                services.site_page_delete(page=page, acting_user=request.user)
