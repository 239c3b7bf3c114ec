"""
The public claim list's filters, shared by the page and the JSON API.

The view hands the FilterSet ``Claim.objects.published()…``, so what may be
seen is settled before any filter runs; the filters only narrow it. Choices
(outlets, stories, claimants) are limited to those with published claims, so
the form itself never names something only a draft mentions.

A newsroom knows a few dozen outlets but thousands of stories and people, so
each of those filters is a list to pick from while the newsroom knows at most
:data:`LIST_LIMIT` of them, and a name to type beyond that
(:class:`PublicChoiceField`). A page listing every claimant of a large archive
was measured by ``make bench`` at half a second of rendering alone, and no
reader scrolls five thousand names.
"""

import functools

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db.models import Case, Exists, F, Model, OuterRef, Q, Value, When
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from articles.models import Story, Tag

from ..models import Claim, Claimant, ClaimTag, PublishedCount, Rating
from ..querysets import articles_with_published_claims, outlets_with_published_claims
from ..search import capped, search_claims

# The most choices a filter lists; beyond it the reader types a name.
LIST_LIMIT = 100
# The most names an ambiguous typed name is answered with.
SUGGESTIONS = 5
# The most matches of a search ranked and counted (search_claims).
SEARCH_CAP = 1000


def choices(build):
    """A filter's ``queryset`` callable for the choices ``build()`` returns.

    The queryset is built once per process and never evaluated in place: each
    form takes a clone. Building them (each an ``Exists`` over published
    claims) was a fifth of an uncached list page (a profile of /claims/, issue
    #18); cloning one costs a few microseconds. Nothing in them may depend on
    the request or the time.
    """
    built = functools.cache(build)

    @functools.wraps(build)
    def queryset(request):
        return built().all()

    return queryset


@choices
def outlets():
    # From the counts kept per outlet: one probe per outlet, however large
    # the archive and whatever the database's plan.
    return outlets_with_published_claims().order_by("name")


@choices
def stories():
    return Story.objects.filter(
        Exists(articles_with_published_claims().filter(story=OuterRef("pk")))
    ).order_by("title")


@choices
def claimants():
    return Claimant.objects.filter(
        Exists(Claim.objects.published().filter(claimant=OuterRef("pk")))
    ).order_by("name")


@choices
def tags():
    # Only tags a published claim carries: one a draft alone has is not public.
    return Tag.objects.filter(
        Exists(ClaimTag.objects.filter(tag=OuterRef("pk"), claim__in=Claim.objects.published()))
    ).order_by("name")


class ListSelect(forms.Select):
    """A ``<select>`` written in Python, the same markup as Django's.

    Django renders each option through a template of its own; the filter form
    lists every verdict, outlet, story, person and topic, and that was some
    40% of an uncached list page (a profile of /claims/, issue #18). Flat
    choices only, one value selected, as these filters have.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = self.format_value(value)
        rows, selected = [], False
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            mark = not selected and text in chosen
            selected = selected or mark
            rows.append((text, " selected" if mark else "", label))
        options = format_html_join("", '<option value="{}"{}>{}</option>', rows)
        return format_html("<select{}>{}</select>", flatatt(final), options)


class FetchedChoices(django_filters.fields.ModelChoiceIterator):
    """A filter's choices read in one fetch, not through ``iterator()``.

    On PostgreSQL ``iterator()`` is a server-side cursor (``DECLARE``, a
    fetch, ``CLOSE``, held past the transaction), three round trips for a list
    of at most :data:`LIST_LIMIT` rows: 4.0 against 1.5 ms for the verdicts
    at a million claims, on each of the three lists a page shows.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class VerdictField(django_filters.fields.ModelChoiceField):
    iterator = FetchedChoices


class VerdictFilter(django_filters.ModelChoiceFilter):
    field_class = VerdictField


class PublicChoiceField(django_filters.fields.ModelChoiceField):
    """One outlet, story or person with published claims, chosen by its slug
    (links and shared addresses) or, once there are too many to list, by
    typing its name.

    Typed, it takes the exact slug, the exact name in any case, or the only
    name containing the words typed; several such names are answered with a
    few of them to choose from. Only the public queryset is ever searched, so
    no answer names something only a draft mentions.
    """

    iterator = FetchedChoices

    def __init__(self, *args, name_field, noun, placeholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_field = name_field
        self.noun = noun
        self.found = None
        self.text_widget = forms.TextInput(
            attrs={"placeholder": placeholder, "autocomplete": "off", "maxlength": 200}
        )

    @cached_property
    def typed(self) -> bool:
        """Whether the reader types a name instead of picking from a list.

        Asked only when the form is shown, never by the API. Asks whether the
        newsroom knows more than the limit, published or not: one row looked
        up past the limit, where counting a large table takes a while on
        PostgreSQL and counting the public ones would probe each.
        """
        return self.queryset.model._default_manager.order_by()[LIST_LIMIT:].exists()

    def get_bound_field(self, form, field_name):
        return PublicChoiceBoundField(form, self, field_name)

    def to_python(self, value):
        # The same in both forms: a list submits slugs, which are found first.
        value = "" if value in self.empty_values else str(value).strip()
        if not value:
            return None
        self.found = self.find(value[:200])
        return self.found

    def find(self, value):
        name = self.name_field
        exact = Q(slug=value) | Q(**{f"{name}__iexact": value})
        matches = list(
            self.queryset.filter(exact | Q(**{f"{name}__icontains": value}))
            # An exact match first, however many names contain the words.
            .annotate(inexact=Case(When(exact, then=Value(0)), default=Value(1)))
            .order_by("inexact", name)[: SUGGESTIONS + 1]
        )
        for match in matches:
            if match.slug == value or getattr(match, name).casefold() == value.casefold():
                return match
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(
                "No %(noun)s with a published fact-check matches “%(value)s”.",
                code="invalid_choice",
                params={"noun": self.noun, "value": value},
            )
        names = "; ".join(getattr(match, name) for match in matches[:SUGGESTIONS])
        among = ", among them" if len(matches) > SUGGESTIONS else ""
        raise ValidationError(
            "Several match “%(value)s”%(among)s: %(names)s. Type more of the name.",
            code="ambiguous",
            params={"value": value, "among": among, "names": names},
        )

    def prepare_value(self, value):
        if not self.typed:  # Asked when the form is shown.
            return super().prepare_value(value)
        if isinstance(value, Model):
            return getattr(value, self.name_field)
        # The form as submitted: show the name found, not the slug of a link.
        if self.found is not None:
            return getattr(self.found, self.name_field)
        return value


class PublicChoiceBoundField(BoundField):
    """Shown as a text box instead of a list once there are too many to list."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        if widget is None and self.field.typed:
            widget = self.field.text_widget
        return super().as_widget(widget, attrs, only_initial)


class PublicChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PublicChoiceField


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


# The filters whose verdict counts are kept, and the slice each is kept as.
KEPT_SLICES = {
    "outlet": PublishedCount.Slice.OUTLET,
    "story": PublishedCount.Slice.STORY,
    "claimant": PublishedCount.Slice.CLAIMANT,
}


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="search", max_length=200, widget=forms.SearchInput
    )
    verdict = VerdictFilter(
        label="Verdict",
        field_name="rating",
        to_field_name="slug",
        queryset=verdicts,
        empty_label="Any verdict",
        widget=ListSelect,
    )
    outlet = PublicChoiceFilter(
        label="Reported by",
        field_name="article__outlet",
        to_field_name="slug",
        queryset=outlets,
        empty_label="Any outlet",
        widget=ListSelect,
        name_field="name",
        noun="outlet",
        placeholder="Type an outlet’s name",
    )
    story = PublicChoiceFilter(
        label="Story",
        field_name="article__story",
        to_field_name="slug",
        queryset=stories,
        empty_label="Any story",
        widget=ListSelect,
        name_field="title",
        noun="story",
        placeholder="Type words of its title",
    )
    claimant = PublicChoiceFilter(
        label="Who said it",
        to_field_name="slug",
        queryset=claimants,
        empty_label="Anyone",
        widget=ListSelect,
        name_field="name",
        noun="person or body",
        placeholder="Type a name",
    )
    tag = PublicChoiceFilter(
        label="Topic",
        field_name="tags",
        to_field_name="slug",
        queryset=tags,
        empty_label="Any topic",
        widget=ListSelect,
        name_field="name",
        noun="topic",
        placeholder="Type a topic",
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of claim", choices=Claim.Kind.choices, empty_label="Any kind", widget=ListSelect
    )
    published = django_filters.DateFromToRangeFilter(
        label="Checked between", field_name="published_at", widget=DateRangeInputs
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(name, label) for name, (label, _) in SORTS.items()],
        method="sort_by",
        empty_label="Best match, then newest",
        widget=ListSelect,
    )

    class Meta:
        model = Claim
        fields = [
            "q",
            "verdict",
            "outlet",
            "story",
            "claimant",
            "tag",
            "kind",
            "published",
            "sort",
        ]

    def search(self, queryset, name, value):
        # The list, its verdict counts and its topic counts search the same
        # claims when no verdict or topic is chosen: found once.
        try:
            key = (str(queryset.query), value)
        except EmptyResultSet:
            return queryset
        if key not in self._searched:
            self._searched[key] = search_claims(queryset, value, cap=self.search_cap)
        return self._searched[key]._chain()

    @cached_property
    def _searched(self) -> dict:
        return {}

    def filter_queryset(self, queryset):
        # The search after every other filter, so that its newest matches are
        # those of the list; the sort after the search, which orders by rank.
        return self._narrowed(queryset, skip=())

    def _narrowed(self, queryset, *, skip):
        cleaned = self.form.cleaned_data
        last = ("q", "sort")
        for name in [*(name for name in cleaned if name not in last), *last]:
            if name in cleaned and name not in skip:
                queryset = self.filters[name].filter(queryset, cleaned[name])
        return queryset

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value][1])

    def queryset_without(self, name):
        """The results as if filter ``name`` were not set (and unsorted), for the
        counts beside it: "how many of each verdict" under every other filter."""
        self.form.is_valid()  # cleaned_data holds the valid filters only.
        return self._narrowed(self.queryset.all(), skip=(name, "sort"))

    @property
    def search_cap(self) -> int:
        return SEARCH_CAP

    def capped_length(self, length: int) -> bool:
        """Whether ``length`` (from :meth:`length`) is a search cut at the cap."""
        return bool(self.form.cleaned_data.get("q")) and capped(length, self.search_cap)

    def verdict_counts(self, ratings) -> dict:
        """``{rating_id: count}`` of the listed claims under every filter but the
        verdict. When nothing else narrows the list (the queryset is every
        published claim) they are the counts ``ratings`` keep; when one outlet,
        story or claimant alone does, the counts kept for it
        (:class:`~factcheck.models.PublishedCount`). Either way no claim is
        counted."""
        if not self.narrows_beyond_verdict:
            return {rating.pk: rating.published_claims for rating in ratings}
        kept = self.kept_slice
        if kept is not None:
            return PublishedCount.objects.counts_of(*kept)
        return self.queryset_without("verdict").verdict_counts()

    @property
    def kept_slice(self) -> tuple[str, int] | None:
        """``(slice, key)`` when one outlet, story or claimant is the only
        valid filter but the verdict (and the sort): its counts are kept."""
        self.form.is_valid()
        narrowing = [
            (name, value)
            for name, value in self.form.cleaned_data.items()
            if name not in ("verdict", "sort") and value not in (None, "", [])
        ]
        if len(narrowing) == 1 and narrowing[0][0] in KEPT_SLICES:
            name, value = narrowing[0]
            return KEPT_SLICES[name], value.pk
        return None

    @property
    def counts_are_kept(self) -> bool:
        """Whether :meth:`verdict_counts` reads kept counts, counting no claim."""
        return not self.narrows_beyond_verdict or self.kept_slice is not None

    def tag_counts(self) -> list:
        """``[(tag, count)]`` of the listed claims under each tag, under every
        filter but the tag's own (counted like the verdicts: only published
        claims, so a tag only drafts carry never shows)."""
        return self.queryset_without("tag").tag_counts()

    def length(self, counts) -> int:
        """How many claims the list holds, from :meth:`verdict_counts`."""
        selected = self.form.cleaned_data.get("verdict")
        return counts.get(selected.pk, 0) if selected else sum(counts.values())

    @property
    def narrows_beyond_verdict(self) -> bool:
        """Whether a valid filter other than the verdict narrows the list (the
        sort does not)."""
        self.form.is_valid()
        return any(
            value not in (None, "", [])
            for name, value in self.form.cleaned_data.items()
            if name not in ("verdict", "sort")
        )

    @property
    def is_filtered(self):
        return any(value not in (None, "", []) for value in self.form.cleaned_data.values())


def query_parameters(filterset_class=ClaimFilter) -> list[str]:
    """Every query parameter the filters read: a range filter reads one per
    end (``published_after``, ``published_before``). The page cache keys the
    list by these (:mod:`factcheck.public.caching`)."""
    names = []
    for name, declared in filterset_class.base_filters.items():
        suffixes = getattr(declared.field.widget, "suffixes", None)
        names.extend(f"{name}_{suffix}" for suffix in suffixes) if suffixes else names.append(name)
    return names
