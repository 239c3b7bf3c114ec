from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from .. import permissions, services, watch
from ..models import Outlet
from .base import DeletedThroughServices, HistoryAdmin


@admin.register(Outlet)
class OutletAdmin(DeletedThroughServices, HistoryAdmin):
    list_display = ("name", "domain", "language", "article_count", "watch_paused")
    search_fields = ("name", "domain")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "homepage", "domain", "language", "notes", "watch_paused")
    # Paused and resumed through the actions, which record it in the history.
    readonly_fields = ("watch_paused",)
    actions = ("pause_watching", "resume_watching")
    # Meta.ordering is ignored once with_article_counts() groups the query.
    ordering = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_counts()

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, outlet):
        return outlet.article_count

    def save_model(self, request, obj, form, change):
        services.outlet_save(outlet=obj, acting_user=request.user)

    @admin.action(
        permissions=["watch"],
        description="Pause watching the selected outlets' reports for later edits",
    )
    def pause_watching(self, request, queryset):
        self._set_watch_paused(request, queryset, paused=True)

    @admin.action(
        permissions=["watch"],
        description="Resume watching the selected outlets' reports for later edits",
    )
    def resume_watching(self, request, queryset):
        self._set_watch_paused(request, queryset, paused=False)

    def has_watch_permission(self, request):
        # Who may see and run the pause and resume actions.
        return permissions.can_pause_outlet_watch(request.user)

    def _set_watch_paused(self, request, queryset, *, paused):
        if not permissions.can_pause_outlet_watch(request.user):
            raise PermissionDenied
        outlets = list(queryset)
        for outlet in outlets:
            watch.outlet_watch_pause(outlet=outlet, paused=paused, acting_user=request.user)
        verb = "paused" if paused else "resumed"
        self.message_user(
            request, f"Watching {verb} for {len(outlets)} outlet(s).", messages.SUCCESS
        )
