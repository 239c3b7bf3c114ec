"""Changelist filters shared by the articles and fact-check admins."""

from django.contrib import admin

from ..models import Tag


class TagFilter(admin.SimpleListFilter):
    """Claims or stories filed under one tag (the model's ``tags``), by slug.

    A tag is on a claim or story at most once, so the join repeats no row."""

    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        return [(tag.slug, tag.name) for tag in Tag.objects.only("name", "slug")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


class TypedNameFilter(admin.ListFilter):
    """Rows of a related story, claimant or the like, chosen by typing part of
    its name: for lists too long to show as links.

    A field filter lists every story in the sidebar: 1,000 links at 100,000
    claims, and most of a changelist's rendering time (``make bench``). This
    one is a search box; the rows whose ``relation``'s ``name_field`` contains
    the words typed are listed, and the list's other filters are kept. Links
    from elsewhere name one exactly by key (``<relation>__id__exact``, the
    field filter's own parameter), shown by name in the box.
    """

    template = "admin/typed_filter.html"
    parameter_name = None
    relation = None
    name_field = None
    placeholder = ""

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.model = model
        for name in self.expected_parameters():
            if name in params:
                value = params.pop(name)[-1].strip()
                if value:
                    self.used_parameters[name] = value
        self.carried = []

    @property
    def id_parameter(self):
        return f"{self.relation}__id__exact"

    def value(self):
        return self.used_parameters.get(self.parameter_name, "")

    def key(self):
        value = self.used_parameters.get(self.id_parameter, "")
        return value if value.isdigit() else ""

    def shown(self):
        """What the box shows: the words typed, or the name of the row a link chose."""
        if self.value() or not self.key():
            return self.value()
        name = f"{self.relation}__{self.name_field}"
        found = (
            self.model._default_manager.filter(**{f"{self.relation}__id": self.key()})
            .values_list(name, flat=True)
            .first()
        )
        return found or ""

    def has_output(self):
        return True

    def expected_parameters(self):
        return [self.parameter_name, self.id_parameter]

    def queryset(self, request, queryset):
        if self.id_parameter in self.used_parameters:
            # A malformed key matches nothing rather than everything.
            queryset = queryset.filter(**{f"{self.relation}__id": self.key() or None})
        if self.value():
            queryset = queryset.filter(
                **{f"{self.relation}__{self.name_field}__icontains": self.value()}
            )
        return queryset

    def choices(self, changelist):
        mine = self.expected_parameters()
        # The box submits a form: every other parameter of the list rides along.
        self.carried = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name not in mine
            for value in values
        ]
        yield {
            "selected": not self.used_parameters,
            "query_string": changelist.get_query_string(remove=mine),
            "display": "All",
        }


class StoryTitleFilter(TypedNameFilter):
    title = "story"
    parameter_name = "story"
    relation = "story"
    name_field = "title"
    placeholder = "Words of its title"
