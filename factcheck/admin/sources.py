from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from articles.admin.base import DeletedThroughServices
from articles.analysis.urlnorm import looks_like_url, normalise_url

from .. import permissions, services
from ..forms import SourceForm
from ..models import Source
from ..services.sources import SOURCE_FIELDS
from .base import FactcheckHistoryAdmin, RefusalsAsMessages, refusal
from .snapshots import SourceFlagFilter, SourceSnapshotInline


@admin.register(Source)
class SourceAdmin(DeletedThroughServices, RefusalsAsMessages, FactcheckHistoryAdmin):
    delete_service = staticmethod(services.source_delete)
    form = SourceForm
    list_display = ("title", "publisher", "kind", "published_on", "citation_count", "live_page")
    list_filter = ("kind", SourceFlagFilter)
    search_fields = ("title", "publisher", "url")
    actions = ["merge_selected", "clear_flags"]
    inlines = [SourceSnapshotInline]
    change_form_template = "admin/factcheck/source/change_form.html"
    # Meta.ordering is ignored once get_queryset() groups for the citation
    # counts; the autocomplete pages through this order too.
    ordering = ("title", "pk")
    fieldsets = (
        (None, {"fields": ("title", "url", "publisher", "kind", "published_on")}),
        ("Archive", {"fields": ("archive_url", "accessed_at")}),
        ("Internal", {"fields": ("notes",)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("watch")
            .annotate(citation_count=Count("citations"))
        )

    def has_add_permission(self, request):
        return permissions.can_manage_sources(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_edit_sources(request.user)

    def has_merge_permission(self, request):
        return permissions.can_merge_sources(request.user)

    def has_clear_flags_permission(self, request):
        return permissions.can_clear_source_flags(request.user)

    def get_urls(self):
        refresh = self.admin_site.admin_view(self.refresh_view)
        return [
            path("<int:source_id>/refresh/", refresh, name="factcheck_source_refresh"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_refresh_snapshot"] = bool(
            obj is not None and obj.url and permissions.can_refresh_source_snapshots(request.user)
        )
        context["source_watch"] = getattr(obj, "watch", None) if obj is not None else None
        return super().render_change_form(request, context, add, change, form_url, obj)

    def refresh_view(self, request, source_id):
        """ "Refresh archived copy": the worker fetches the page again and keeps
        a new snapshot beside the earlier ones."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not permissions.can_refresh_source_snapshots(request.user):
            raise PermissionDenied
        source = get_object_or_404(Source, pk=source_id)
        try:
            services.source_snapshot_refresh(source=source, acting_user=request.user)
        except (services.WorkflowError, PermissionDenied) as exc:
            self.message_user(request, refusal(exc), messages.ERROR)
        else:
            self.message_user(
                request,
                "A new archived copy was asked for; it is listed below once the worker has "
                "fetched the page.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:factcheck_source_change", args=[source.pk]))

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

    @admin.display(description="live page", ordering="watch__flag")
    def live_page(self, source):
        watch = getattr(source, "watch", None)
        if watch is None or not watch.flag:
            return "—"
        return format_html(
            '<span class="status-badge status--{}" title="{}">{}</span>',
            watch.flag,
            watch.error or f"since {watch.flagged_at:%Y-%m-%d %H:%M}",
            watch.get_flag_display(),
        )

    @admin.action(description="Mark dead or changed flags as seen", permissions=["clear_flags"])
    def clear_flags(self, request, queryset):
        flagged = list(queryset.flagged())
        for source in flagged:
            services.source_flag_clear(source=source, acting_user=request.user)
        self.message_user(request, f"{len(flagged)} flag(s) marked as seen.", messages.SUCCESS)

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
