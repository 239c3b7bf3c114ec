from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from articles.admin.base import DeletedThroughServices
from articles.analysis.urlnorm import looks_like_url, normalise_url

from .. import permissions, services
from ..forms import SourceForm
from ..models import Source
from ..services.sources import SOURCE_FIELDS
from .base import FactcheckHistoryAdmin, RefusalsAsMessages, refusal


@admin.register(Source)
class SourceAdmin(DeletedThroughServices, RefusalsAsMessages, FactcheckHistoryAdmin):
    delete_service = staticmethod(services.source_delete)
    form = SourceForm
    list_display = ("title", "publisher", "kind", "published_on", "citation_count")
    list_filter = ("kind",)
    search_fields = ("title", "publisher", "url")
    actions = ["merge_selected"]
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

    def has_merge_permission(self, request):
        return permissions.can_merge_sources(request.user)

    def get_search_results(self, request, queryset, search_term):
        # A pasted address (in the list, or in a citation's source picker, which
        # asks this admin) finds the source stored at it: addresses are stored
        # normalised, so the utm_… of a shared link or its #fragment do not
        # hide it, and …/report/12 is not …/report/123. Words, and a host
        # without its scheme, search titles, publishers and addresses as usual.
        if looks_like_url(search_term):
            return queryset.filter(url=normalise_url(search_term)), False
        return super().get_search_results(request, queryset, search_term)

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

    @admin.action(
        description="Merge selected sources of the same URL into the oldest",
        permissions=["merge"],
    )
    def merge_selected(self, request, queryset):
        groups = services.source_duplicate_groups(queryset)
        if not groups:
            self.message_user(
                request,
                "Nothing merged: no two of the selected sources have the same URL.",
                messages.WARNING,
            )
            return
        merged, refused = [], []
        for keep, duplicates in groups:
            try:
                services.sources_merge(keep=keep, duplicates=duplicates, acting_user=request.user)
            except (services.WorkflowError, PermissionDenied) as exc:
                refused.append((keep, refusal(exc)))
            else:
                merged.append((keep, len(duplicates)))
        if merged:
            self.message_user(
                request,
                format_html(
                    "Merged, every citation kept: <ul>{}</ul>",
                    format_html_join(
                        "", "<li>{} duplicate(s) into “{}”</li>", ((n, keep) for keep, n in merged)
                    ),
                ),
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                format_html(
                    "Not merged: <ul>{}</ul>",
                    format_html_join("", "<li>“{}”: {}.</li>", refused),
                ),
                messages.ERROR,
            )
