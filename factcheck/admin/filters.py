"""Changelist filters for claims and discrepancies that the field filters cannot express."""

from django.contrib import admin

from articles.admin.filters import TypedNameFilter

from ..models import AnchorStatus, Discrepancy


class AssignedToMeFilter(admin.SimpleListFilter):
    """The signed-in user's claims; "open work" leaves out what is done (``open_work``:
    for claims, published and archived ones)."""

    title = "my claims"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("open", "My open work"), ("all", "Assigned to me")]

    def open_work(self, queryset):
        return queryset.open_work()

    def queryset(self, request, queryset):
        if self.value() == "open":
            return self.open_work(queryset.assigned_to(request.user))
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


# Discrepancies ------------------------------------------------------------------------


class DiscrepancyStatusFilter(admin.SimpleListFilter):
    """By status; with no choice, everything but dismissed suggestions."""

    title = "status"
    # The name a plain field filter would use, so links made elsewhere (the
    # dashboard, detection) read the same.
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return [
            ("unresolved", "Open work (suggested, open, investigating)"),
            *Discrepancy.Status.choices,
            ("all", "All, dismissed too"),
        ]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "All but dismissed",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.not_dismissed()
        if value == "all":
            return queryset
        if value == "unresolved":
            return queryset.unresolved()
        return queryset.filter(status=value)


class DiscrepancyAssignedToMeFilter(AssignedToMeFilter):
    """The signed-in user's discrepancies; "open work" leaves out the closed ones."""

    title = "my discrepancies"

    def open_work(self, queryset):
        return queryset.unresolved()


# Both ---------------------------------------------------------------------------------


class DeadlineFilter(admin.SimpleListFilter):
    """By due date (``DueQuerySetMixin``): overdue, due today or this week count
    open work only; "no deadline" is any row without a due date."""

    title = "deadline"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("today", "Due today"),
            ("week", "Due this week"),
            ("none", "No deadline"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "overdue":
            return queryset.overdue()
        if value == "today":
            return queryset.due_today()
        if value == "week":
            return queryset.due_this_week()
        if value == "none":
            return queryset.without_deadline()
        return queryset
