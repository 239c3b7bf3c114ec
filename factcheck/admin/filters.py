"""Changelist filters for claims that the field filters cannot express."""

from django.contrib import admin

from articles.admin.filters import TypedNameFilter

from ..models import AnchorStatus


class AssignedToMeFilter(admin.SimpleListFilter):
    """The signed-in user's claims; "open work" leaves out published and archived ones."""

    title = "my claims"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("open", "My open work"), ("all", "Assigned to me")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.assigned_to(request.user).open_work()
        if self.value() == "all":
            return queryset.assigned_to(request.user)
        return queryset


class PassageFilter(admin.SimpleListFilter):
    """Passages the last article revision could not place, for a person to
    re-quote, and published work whose report changed, for an editor to review."""

    title = "passage"
    parameter_name = "passage"

    CHANGED = "changed"

    def lookups(self, request, model_admin):
        return [*AnchorStatus.choices, (self.CHANGED, "Report changed after publication")]

    def queryset(self, request, queryset):
        if self.value() == self.CHANGED:
            return queryset.with_report_changed()
        if self.value() == AnchorStatus.ORPHANED:
            return queryset.orphaned()
        if self.value() == AnchorStatus.ANCHORED:
            return queryset.exclude(anchor_status=AnchorStatus.ORPHANED)
        return queryset


class StoryNameFilter(TypedNameFilter):
    title = "story"
    parameter_name = "story"
    relation = "article__story"
    name_field = "title"
    placeholder = "Words of its title"


class ClaimantNameFilter(TypedNameFilter):
    title = "claimant"
    parameter_name = "claimant"
    relation = "claimant"
    name_field = "name"
    placeholder = "Part of a name"
