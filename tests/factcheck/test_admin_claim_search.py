"""The claims changelist's search, newest first: the newest matches walked up
to a cap, the count given exactly below it and in words above it (issue #18)."""

import pytest
from django.contrib import admin

from factcheck.admin.paginators import CappedCountPaginator
from factcheck.models import Claim
from tests.factcheck.test_admin_claims import CHANGELIST, article_with_sentences, claims_on, listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    """A cap of 5 and pages of 2, so a dozen claims show what a million would."""
    monkeypatch.setattr(CappedCountPaginator, "cap", 5)
    monkeypatch.setattr(admin.site._registry[Claim], "list_per_page", 2)


@pytest.fixture
def twelve(fact_checker):
    """Twelve claims saying "checkable", made oldest first; newest first they read 11 … 0."""
    return claims_on(article_with_sentences(12), 12, acting_user=fact_checker)


def test_more_matches_than_the_cap_are_counted_in_words(client, editor, twelve, small_pages):
    client.force_login(editor)

    response = client.get(CHANGELIST, {"q": "checkable"})

    page = response.content.decode()
    assert "more than 5 results" in page
    assert "more than 5 claims" in page
    assert listed(response) == ["Claim 11 is checkable.", "Claim 10 is checkable."]
    assert response.context["cl"].paginator.num_pages == 3


def test_page_two_of_a_capped_search_lists_the_next_newest_matches(
    client, editor, twelve, small_pages, django_assert_num_queries
):
    client.force_login(editor)

    # 1 session, 2 user, 3-4 permissions, 5-8 filter choices (ratings, outlets,
    # assignees, tags), 9 the walk: the keys of the newest matches up to the cap
    # plus one (count and page in one), 10 the page's rows by key, 11 the
    # header's unread notifications.
    with django_assert_num_queries(11):
        response = client.get(CHANGELIST, {"q": "checkable", "p": 2})

    assert listed(response) == ["Claim 9 is checkable.", "Claim 8 is checkable."]
    assert "more than 5 results" in response.content.decode()


def test_fewer_matches_than_the_cap_are_counted_exactly(
    client, editor, twelve, small_pages, monkeypatch
):
    # A word of every claim, under a cap above their number. (Not a number:
    # the factories' sequence numbers in headlines and names vary with the
    # tests that ran before in the same process.)
    monkeypatch.setattr(CappedCountPaginator, "cap", 20)
    client.force_login(editor)

    response = client.get(CHANGELIST, {"q": "checkable"})

    page = response.content.decode()
    assert "12 results" in page and "more than" not in page
    assert listed(response) == ["Claim 11 is checkable.", "Claim 10 is checkable."]
    assert response.context["cl"].paginator.num_pages == 6
    last = client.get(CHANGELIST, {"q": "checkable", "p": 6})
    assert listed(last) == ["Claim 1 is checkable.", "Claim 0 is checkable."]


def test_a_search_sorted_by_a_column_counts_every_match(client, editor, twelve, small_pages):
    client.force_login(editor)

    # Column 1 is the statement: no index walks it, so every match is found and counted.
    response = client.get(CHANGELIST, {"q": "checkable", "o": "1"})

    page = response.content.decode()
    assert "12 results" in page and "more than" not in page
    assert listed(response) == ["Claim 0 is checkable.", "Claim 1 is checkable."]


def test_the_walk_finds_what_the_indexed_search_finds(client, editor, fact_checker):
    article = article_with_sentences(3, headline="Harbour tunnel opens")
    claims_on(article, 2, acting_user=fact_checker)
    claims_on(article_with_sentences(3, headline="Budget passes"), 1, acting_user=fact_checker)
    client.force_login(editor)

    newest_first = listed(client.get(CHANGELIST, {"q": "TUNNEL"}))
    by_statement = listed(client.get(CHANGELIST, {"q": "TUNNEL", "o": "1"}))

    assert newest_first == ["Claim 1 is checkable.", "Claim 0 is checkable."]
    assert sorted(by_statement) == sorted(newest_first)
