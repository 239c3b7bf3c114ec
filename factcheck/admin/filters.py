"""Changelist filters for claims that the field filters cannot express."""

from django.contrib import admin

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
    """Passages the last article revision could not place, for a person to re-quote."""

    title = "passage"
    parameter_name = "passage"

    def lookups(self, request, model_admin):
        return AnchorStatus.choices

    def queryset(self, request, queryset):
        if self.value() == AnchorStatus.ORPHANED:
            return queryset.orphaned()
        if self.value() == AnchorStatus.ANCHORED:
            return queryset.exclude(anchor_status=AnchorStatus.ORPHANED)
        return queryset


class TypedNameFilter(admin.ListFilter):
    """Claims of a related row (a story, a claimant) chosen by typing part of
    its name, for lists too long to show as links.

    The field filters list every story and claimant in the sidebar: 6,000
    links at 100,000 claims, 0.3 s of rendering a page (``make bench``). This
    one is a search box; the claims whose ``field_path`` contains the words
    typed are listed, and the other filters of the list are kept.
    """

    template = "admin/factcheck/typed_filter.html"
    parameter_name = None
    field_path = None
    placeholder = ""

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        if self.parameter_name in params:
            value = params.pop(self.parameter_name)[-1].strip()
            if value:
                self.used_parameters[self.parameter_name] = value
        self.carried = []

    def value(self):
        return self.used_parameters.get(self.parameter_name, "")

    def has_output(self):
        return True

    def expected_parameters(self):
        return [self.parameter_name]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(**{f"{self.field_path}__icontains": self.value()})

    def choices(self, changelist):
        # The box submits a form: every other parameter of the list rides along.
        self.carried = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name != self.parameter_name
            for value in values
        ]
        yield {
            "selected": not self.value(),
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "All",
        }


class StoryNameFilter(TypedNameFilter):
    title = "story"
    parameter_name = "story"
    field_path = "article__story__title"
    placeholder = "Words of its title"


class ClaimantNameFilter(TypedNameFilter):
    title = "claimant"
    parameter_name = "claimant"
    field_path = "claimant__name"
    placeholder = "Part of a name"
