"""
The public claim list's filters, shared by the page and the JSON API.

The view hands the FilterSet ``Claim.objects.published()…``, so what may be
seen is settled before any filter runs; the filters only narrow it. Choices
(outlets, stories, claimants) are limited to those with published claims, so
the form itself never names something only a draft mentions.
"""

import django_filters
from django import forms
from django.db.models import F

from articles.models import Outlet, Story

from ..models import Claim, Claimant, Rating
from ..search import search_claims


def _with_published_claims(model, path):
    # pk IN (one uncorrelated subquery), not a correlated EXISTS per row: SQLite
    # runs the subquery once, where the EXISTS through the article join cost
    # seconds per page on an archive of 20,000 claims (found by `make bench`).
    published = Claim.objects.published().order_by().values(f"{path}_id" if "__" in path else path)
    return model.objects.filter(pk__in=published)


def outlets(request):
    return _with_published_claims(Outlet, "article__outlet").order_by("name")


def stories(request):
    return _with_published_claims(Story, "article__story").order_by("title")


def claimants(request):
    return _with_published_claims(Claimant, "claimant").order_by("name")


def verdicts(request):
    return Rating.objects.order_by("order", "label")


class DateInput(forms.DateInput):
    input_type = "date"


class DateRangeInputs(django_filters.widgets.DateRangeWidget):
    """Two date pickers, ``published_after`` and ``published_before``, each labelled."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs=None):
        widgets = (
            DateInput(attrs={"aria-label": "From"}),
            DateInput(attrs={"aria-label": "Until"}),
        )
        # Skip RangeWidget's own text inputs.
        django_filters.widgets.SuffixedMultiWidget.__init__(self, widgets, attrs)


# Public sort names and what each means. Every order ends on the primary key,
# so pages never overlap or skip rows that tie.
SORTS = {
    "newest": ("Newest first", ("-published_at", "-pk")),
    "oldest": ("Oldest first", ("published_at", "pk")),
    "verdict": ("Verdict, truest first", ("rating__order", "-published_at", "-pk")),
    "claimed": (
        "Date the claim was made",
        (F("claimed_on").desc(nulls_last=True), "-published_at", "-pk"),
    ),
}


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="search", max_length=200, widget=forms.SearchInput
    )
    verdict = django_filters.ModelChoiceFilter(
        label="Verdict",
        field_name="rating",
        to_field_name="slug",
        queryset=verdicts,
        empty_label="Any verdict",
    )
    outlet = django_filters.ModelChoiceFilter(
        label="Reported by",
        field_name="article__outlet",
        to_field_name="slug",
        queryset=outlets,
        empty_label="Any outlet",
    )
    story = django_filters.ModelChoiceFilter(
        label="Story",
        field_name="article__story",
        to_field_name="slug",
        queryset=stories,
        empty_label="Any story",
    )
    claimant = django_filters.ModelChoiceFilter(
        label="Who said it",
        to_field_name="slug",
        queryset=claimants,
        empty_label="Anyone",
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of claim", choices=Claim.Kind.choices, empty_label="Any kind"
    )
    published = django_filters.DateFromToRangeFilter(
        label="Checked between", field_name="published_at", widget=DateRangeInputs
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(name, label) for name, (label, _) in SORTS.items()],
        method="sort_by",
        empty_label="Best match, then newest",
    )

    class Meta:
        model = Claim
        fields = ["q", "verdict", "outlet", "story", "claimant", "kind", "published", "sort"]

    def search(self, queryset, name, value):
        return search_claims(queryset, value)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value][1])

    def queryset_without(self, name):
        """The results as if filter ``name`` were not set (and unsorted), for the
        counts beside it: "how many of each verdict" under every other filter."""
        queryset = self.queryset.all()
        for field, value in self.form.cleaned_data.items():
            if field not in (name, "sort"):
                queryset = self.filters[field].filter(queryset, value)
        return queryset

    @property
    def is_filtered(self):
        return any(value not in (None, "", []) for value in self.form.cleaned_data.values())
