"""The public filters' lists, written in Python, read as Django's own markup."""

import pytest
from django import forms
from django.core.cache import cache
from django.test.html import parse_html

from factcheck.models import Claim
from factcheck.public.filters import ClaimFilter, ListSelect
from tests.factories import OutletFactory

from .html import parse

CHOICES = [("", "Any kind"), ("a&b", "Tom & Jerry"), ("two", "<b>Two</b>"), ("3", "Three")]


@pytest.mark.parametrize("value", [None, "", "a&b", "two", "missing", 3])
def test_a_list_is_written_as_djangos_select_would_write_it(value):
    attrs = {"id": "id_kind", "aria-describedby": "id_kind_error", "required": True}
    ours = ListSelect(choices=CHOICES).render("kind", value, attrs)
    django = forms.Select(choices=CHOICES).render("kind", value, attrs)

    assert parse_html(ours) == parse_html(django)


def test_only_the_first_of_two_equal_values_is_selected():
    twice = [("x", "First"), ("x", "Second")]

    ours = ListSelect(choices=twice).render("pick", "x")

    assert ours.count(" selected") == 1 and parse_html(ours) == parse_html(
        forms.Select(choices=twice).render("pick", "x")
    )


@pytest.mark.django_db
def test_the_claim_filters_lists_match_djangos_markup(published):
    form = ClaimFilter({"verdict": published[0].rating.slug}, Claim.objects.published()).form
    for name in ("verdict", "outlet", "story", "claimant", "tag", "kind", "sort"):
        field = form[name]
        if getattr(field.field, "typed", False):
            continue
        assert isinstance(field.field.widget, ListSelect), name
        ours = str(field)
        field.field.widget.__class__ = forms.Select
        try:
            assert parse_html(ours) == parse_html(str(form[name])), name
        finally:
            field.field.widget.__class__ = ListSelect


@pytest.mark.django_db
def test_the_lists_follow_each_publication_though_their_querysets_are_built_once(desk, client):
    # The choice querysets are built once per process and cloned per form: a
    # list shown before a publication never hides what was published after it.
    def outlets_listed():
        cache.clear()
        select = parse(client.get("/claims/").content).find("select", name="outlet")
        return [option.text() for option in select.find_all("option")]

    first = desk.publish(article=desk.article(outlet=OutletFactory(name="Harbour Gazette")))
    assert outlets_listed() == ["Any outlet", "Harbour Gazette"]

    desk.publish(article=desk.article(outlet=OutletFactory(name="Upland Courier")))
    assert outlets_listed() == ["Any outlet", "Harbour Gazette", "Upland Courier"]

    desk.unpublish(first, note="Withdrawn while the figures are checked again.")
    assert outlets_listed() == ["Any outlet", "Upland Courier"]
