"""The public list past its numbered pages: by cursor on (published_at, id),
and a search that ranks only its newest matches."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from factcheck.public import filters
from factcheck.public.pagination import NUMBERED_PAGES, Position

from .conftest import queries
from .html import parse

pytestmark = pytest.mark.django_db

LIST = reverse("public:claim_list")
API = reverse("public:api_claims")
SIZE = 2
# Enough claims for every numbered page and three more by cursor.
CLAIMS = SIZE * NUMBERED_PAGES + 5


def statements(response):
    return [
        row.find("h3").text() for row in parse(response.content).find_all("li", cls="claim-row")
    ]


def link(response, rel):
    anchors = parse(response.content).find_all("a", rel=rel)
    return LIST + anchors[0].attrs["href"] if anchors else None


@pytest.fixture
def tied(desk, clock):
    """CLAIMS claims published in the same instant, newest (highest key) first:
    the order rests on the key alone."""
    clock.set(datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC))
    claims = [desk.publish() for _ in range(CLAIMS)]
    return [claim.statement for claim in reversed(claims)]


def walk(client, url, rel):
    """Every statement from ``url`` on, following ``rel`` links; and the pages."""
    seen, pages = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += statements(response)
        pages.append(response)
        url = link(response, rel)
    return seen, pages


def test_following_older_links_lists_every_claim_once_in_order_despite_ties(client, tied):
    seen, pages = walk(client, f"{LIST}?per_page={SIZE}", "next")

    assert seen == tied
    # Numbered pages near the start, then positions.
    assert "page=2" in link(pages[0], "next")
    assert "cursor=" in link(pages[NUMBERED_PAGES - 1], "next")
    assert link(pages[-1], "next") is None


def test_following_newer_links_back_from_the_end_reaches_the_first_page(client, tied):
    _, pages = walk(client, f"{LIST}?per_page={SIZE}", "next")
    last = pages[-1].wsgi_request.get_full_path()

    seen, back = walk(client, last, "prev")

    # Each page a run of the list in its order, together every claim.
    for page in back:
        shown = statements(page)
        start = tied.index(shown[0])
        assert shown == tied[start : start + len(shown)]
    assert set(seen) == set(tied)
    # Back at the start: the first page, whole, with no newer link.
    assert statements(back[-1]) == tied[:SIZE]
    assert link(back[-1], "prev") is None


def test_cursor_pages_say_older_and_newer_and_are_not_indexed(client, tied):
    _, pages = walk(client, f"{LIST}?per_page={SIZE}", "next")
    deep = parse(pages[NUMBERED_PAGES].content)

    assert deep.find("a", rel="next").text().startswith("Older")
    assert deep.find("a", rel="prev").text().startswith("Newer")
    assert deep.find("meta", name="robots").attrs["content"] == "noindex, follow"
    assert not parse(pages[0].content).find_all("meta", name="robots")


def test_a_claim_unpublished_between_two_pages_moves_nothing(client, desk, tied):
    _, pages = walk(client, f"{LIST}?per_page={SIZE}", "next")
    following = link(pages[NUMBERED_PAGES - 1], "next")
    shown = pages[NUMBERED_PAGES - 1].context["page"].object_list
    # The row the cursor names is withdrawn before the reader clicks.
    desk.unpublish(list(shown)[-1], note="Rechecking.")

    response = client.get(following)

    assert statements(response) == tied[SIZE * NUMBERED_PAGES : SIZE * NUMBERED_PAGES + SIZE]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "Zm9v",  # "foo"
        # A time without its offset: never written by the site.
        Position(True, datetime.datetime(2026, 5, 1), 3).encode(),  # noqa: DTZ001
        "eHxub3QtYS1kYXRlfDM",  # "x|not-a-date|3"
    ],
)
def test_a_damaged_cursor_is_a_clear_400(client, tied, cursor):
    page = client.get(LIST, {"cursor": cursor})
    api = client.get(API, {"cursor": cursor})

    assert page.status_code == 400
    assert "damaged" in page.content.decode()
    assert api.status_code == 400
    assert "cursor" in api.json()["errors"]


def test_the_api_goes_on_by_cursor_past_the_numbered_pages(client, tied):
    url, seen = f"{API}?per_page={SIZE}", []
    while url:
        data = client.get(url).json()
        seen += [claim["statement"] for claim in data["results"]]
        url = data["next"]
        if data["page"] is None:
            assert data["count"] == CLAIMS
    assert seen == tied


# Queries: the same at any depth ------------------------------------------------------

#  1. the rating scale, with each verdict's count: the list's length too
#  2. the choices of the verdict select
#  3-10. for the outlet, story, claimant and topic filters: how many the
#     newsroom knows and, as a list, its choices
#  11. the page's rows, from the position on
#  12. their tags (prefetch)
#  13. the claims under each topic (one GROUP BY)
CURSOR_QUERIES = 13


@pytest.mark.parametrize("extra", [0, 10])
def test_a_cursor_page_runs_as_many_queries_as_the_first(client, desk, tied, extra):
    for _ in range(extra):
        desk.publish()
    _, pages = walk(client, f"{LIST}?per_page={SIZE}", "next")
    deepest = pages[-2].wsgi_request.get_full_path()
    assert "cursor=" in deepest
    cache.clear()  # The walk stored it.

    with queries(CURSOR_QUERIES):
        assert len(statements(client.get(deepest))) == SIZE


# Under one outlet, story or claimant: as unfiltered, plus that filter's value
# looked up (one query), and its verdict counts read as kept (one query, no
# claim counted).
KEPT_QUERIES = CURSOR_QUERIES + 2


@pytest.mark.parametrize("rows", [3, 12])
@pytest.mark.parametrize("name", ["outlet", "story", "claimant"])
def test_one_outlet_story_or_claimant_reads_kept_counts_at_any_size(client, desk, rows, name):
    claims = [desk.publish() for _ in range(rows)]
    article = claims[0].article
    value = {
        "outlet": article.outlet.slug,
        "story": article.story.slug,
        "claimant": claims[0].claimant.slug if claims[0].claimant_id else None,
    }[name]
    if value is None:
        pytest.skip("the desk's claims have no claimant")

    with queries(KEPT_QUERIES):
        response = client.get(LIST, {name: value})
    assert statements(response)


# Search: the newest matches ranked, the count capped ------------------------------


def test_a_search_matching_more_than_the_cap_says_more_than(client, desk, monkeypatch):
    monkeypatch.setattr(filters, "SEARCH_CAP", 3)
    for n in range(5):
        desk.publish(statement=f"The council spent {n} million on the ferry.")
    desk.publish(statement="The lighthouse was repainted.")

    broad = client.get(LIST, {"q": "ferry"})
    rare = client.get(LIST, {"q": "lighthouse"})
    api = client.get(API, {"q": "ferry"}).json()

    heading = parse(broad.content).find("h2", id="results-heading").text()
    assert heading.startswith("More than 3 fact-checks"), heading
    # The newest matches, cap + 1 of them.
    assert len(statements(broad)) == 4
    assert "1 fact-check matching" in rare.content.decode()
    assert statements(rare) == ["The lighthouse was repainted."]
    assert api["count_is_capped"] is True
    assert client.get(API, {"q": "lighthouse"}).json()["count_is_capped"] is False


def test_a_capped_search_keeps_the_other_filters_inside_the_cap(client, desk, monkeypatch):
    monkeypatch.setattr(filters, "SEARCH_CAP", 2)
    wanted = desk.publish(statement="The ferry runs hourly.", kind="number")
    for n in range(4):
        desk.publish(statement=f"The ferry costs {n} dollars.")

    response = client.get(LIST, {"q": "ferry", "kind": wanted.kind})

    # The oldest match, but the only one of its kind: the cap applies after the filter.
    assert wanted.statement in statements(response)
