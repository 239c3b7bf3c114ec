import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from factcheck.public import filters
from factcheck.public.pagination import MAX_PAGE_SIZE
from tests.factories import OutletFactory, StoryFactory

from .conftest import queries
from .html import parse

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
LIST = reverse("public:claim_list")


def statements(response):
    page = parse(response.content)
    return [row.find("h3").text() for row in page.find_all("li", cls="claim-row")]


@pytest.fixture
def catalogue(desk, clock, fact_checker):
    """Four published claims that differ in every field the list filters on, each
    published on its own day, plus work that must never be listed."""
    budget = StoryFactory(slug="city-budget", title="City budget")
    bridge = StoryFactory(slug="new-bridge", title="The new bridge")
    herald = OutletFactory(name="Harbour Herald", slug="harbour-herald")
    gazette = OutletFactory(name="Valley Gazette", slug="valley-gazette")
    mayor = services.claimant_find_or_create(name="Mayor Ana Ruiz", acting_user=fact_checker)
    union = services.claimant_find_or_create(
        name="Transit Workers Union", acting_user=fact_checker, kind="organisation"
    )

    def publish_on(day, **fields):
        clock.set(datetime.datetime(2026, 3, day, 9, tzinfo=UTC))
        return desk.publish(**fields)

    claims = {
        "budget": publish_on(
            2,
            article=desk.article(outlet=herald, story=budget, quote="the budget grew by a tenth"),
            quote="the budget grew by a tenth",
            statement="The city budget grew by ten percent.",
            claimant=mayor,
            kind="number",
            claimed_on=datetime.date(2026, 2, 27),
            ready={"rating": "false", "ruling": "The accounts show growth of four percent."},
        ),
        "bridge": publish_on(
            4,
            article=desk.article(outlet=gazette, story=bridge, quote="the bridge opened on time"),
            quote="the bridge opened on time",
            statement="The bridge opened on schedule.",
            claimant=mayor,
            kind="event",
            ready={"rating": "true", "ruling": "Council minutes record the opening date."},
        ),
        "fares": publish_on(
            6,
            article=desk.article(outlet=herald, story=bridge, quote="fares doubled last year"),
            quote="fares doubled last year",
            statement="Bus fares doubled last year.",
            claimant=union,
            kind="number",
            claimed_on=datetime.date(2026, 3, 5),
            ready={"rating": "half-true", "ruling": "Peak fares doubled; off-peak fares did not."},
        ),
        "quote": publish_on(
            8,
            article=desk.article(outlet=gazette, story=budget, quote="we never cut libraries"),
            quote="we never cut libraries",
            statement="The mayor said the city never cut library funding.",
            kind="quote",
            ready={"rating": "misquoted", "ruling": "The recording says something else."},
        ),
    }
    clock.set(datetime.datetime(2026, 3, 10, 9, tzinfo=UTC))
    desk.draft(statement="Draft: the harbour will close next year.")
    desk.ready(desk.draft(statement="In review: the tram line is finished."))
    return claims


def test_home_page_and_claims_page_list_published_claims_newest_first(client, catalogue):
    expected = [
        "The mayor said the city never cut library funding.",
        "Bus fares doubled last year.",
        "The bridge opened on schedule.",
        "The city budget grew by ten percent.",
    ]
    assert statements(client.get("/")) == expected
    assert statements(client.get(LIST)) == expected


def test_drafts_claims_in_review_and_withdrawn_claims_are_not_listed(client, catalogue, desk):
    desk.unpublish(catalogue["fares"], note="Withdrawn while we recheck the fare tables.")

    listed = statements(client.get(LIST))

    assert "Bus fares doubled last year." not in listed
    assert not [s for s in listed if s.startswith(("Draft:", "In review:"))]
    assert len(listed) == 3


def test_each_row_shows_verdict_statement_claimant_outlet_article_and_date(client, catalogue):
    page = parse(client.get(LIST).content)
    budget = catalogue["budget"]
    row = next(
        r for r in page.find_all("li", cls="claim-row") if "city budget" in r.find("h3").text()
    )

    assert row.find(cls="verdict").text() == "False"
    assert "rating--red" in row.find(cls="verdict").classes()
    link = row.find("h3").find("a")
    assert link.attrs["href"] == reverse("public:claim_detail", args=[budget.slug])
    assert row.find(cls="claimant").text() == "Mayor Ana Ruiz"
    assert row.find(cls="outlet").text() == "Harbour Herald"
    assert row.find("cite").text() == budget.article.headline
    assert row.find("time").attrs["datetime"] == "2026-03-02T09:00:00+00:00"
    assert row.find("time").text() == "2 March 2026"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"verdict": "false"}, ["budget"]),
        ({"verdict": "misquoted"}, ["quote"]),
        ({"outlet": "harbour-herald"}, ["fares", "budget"]),
        ({"story": "new-bridge"}, ["fares", "bridge"]),
        ({"claimant": "mayor-ana-ruiz"}, ["bridge", "budget"]),
        ({"claimant": "transit-workers-union"}, ["fares"]),
        ({"kind": "number"}, ["fares", "budget"]),
        ({"kind": "quote"}, ["quote"]),
        ({"published_after": "2026-03-04"}, ["quote", "fares", "bridge"]),
        ({"published_before": "2026-03-04"}, ["bridge", "budget"]),
        ({"published_after": "2026-03-03", "published_before": "2026-03-06"}, ["fares", "bridge"]),
        ({"outlet": "valley-gazette", "story": "city-budget"}, ["quote"]),
        ({"q": "fares"}, ["fares"]),
        ({"q": "library"}, ["quote"]),
        ({"q": "council minutes"}, ["bridge"]),
        ({"q": "budget", "verdict": "true"}, []),
    ],
)
def test_each_filter_narrows_the_list(client, catalogue, params, expected):
    response = client.get(LIST, params)

    assert response.status_code == 200
    assert statements(response) == [catalogue[name].statement for name in expected]


def test_search_matches_the_quoted_passage_and_word_forms(client, catalogue):
    # "opened on time" is only in the quoted passage; "doubling" stems like "doubled".
    assert statements(client.get(LIST, {"q": "opened on time"})) == [
        "The bridge opened on schedule."
    ]
    assert statements(client.get(LIST, {"q": "doubling"})) == ["Bus fares doubled last year."]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["quote", "fares", "bridge", "budget"]),
        ("oldest", ["budget", "bridge", "fares", "quote"]),
        # Scale order: True, Half true, False, then Misquoted (off the scale).
        ("verdict", ["bridge", "fares", "budget", "quote"]),
        # Claims with a date first, latest first; the undated ones newest-checked first.
        ("claimed", ["fares", "budget", "quote", "bridge"]),
    ],
)
def test_sorting(client, catalogue, sort, expected):
    response = client.get(LIST, {"sort": sort})

    assert statements(response) == [catalogue[name].statement for name in expected]


def test_verdict_counts_follow_every_other_filter(client, catalogue):
    page = parse(client.get(LIST, {"outlet": "harbour-herald", "verdict": "false"}).content)

    counts = {
        item.find(cls="verdict").text(): int(item.find(cls="verdict-counts__n").text())
        for item in page.find(cls="verdict-counts").find_all("li")
    }
    # Herald carried the budget (False) and fares (Half true) claims; the verdict
    # filter itself does not hide the other verdicts' counts.
    assert counts["False"] == 1
    assert counts["Half true"] == 1
    assert counts["True"] == 0
    assert page.find(cls="verdict-counts").find("li", cls="is-selected").text().startswith("False")
    # The picture shows the same numbers, coloured by class, never by style.
    bars = page.find("svg", cls="verdict-chart").find_all("rect", cls="verdict-chart__bar")
    assert len(bars) == len(counts)
    assert "rating--red" in bars[4].classes()
    assert not [element for element in page.iter() if "style" in element.attrs]


def test_filter_choices_name_only_what_has_published_claims(client, catalogue, desk):
    secret_outlet = OutletFactory(name="Draft-only Outlet", slug="draft-only-outlet")
    secret_story = StoryFactory(title="Draft-only story", slug="draft-only-story")
    desk.draft(
        article=desk.article(outlet=secret_outlet, story=secret_story, quote="a secret plan"),
        quote="a secret plan",
        claimant=services.claimant_find_or_create(
            name="Draft-only Claimant", acting_user=desk.checker
        ),
    )

    response = client.get(LIST)
    form = parse(response.content).find("form", cls="filters")
    options = {option.attrs["value"] for option in form.find_all("option")}

    assert {"harbour-herald", "valley-gazette", "city-budget", "mayor-ana-ruiz"} <= options
    assert b"Draft-only" not in response.content
    # Asking for it by name is the same as asking for something that does not exist.
    hidden = client.get(LIST, {"outlet": "draft-only-outlet"})
    missing = client.get(LIST, {"outlet": "no-such-outlet"})
    assert hidden.status_code == missing.status_code == 200
    for response, value in ((hidden, "draft-only-outlet"), (missing, "no-such-outlet")):
        assert parse(response.content).find(cls="field-error").text() == (
            f"No outlet with a published fact-check matches “{value}”."
        )


def test_an_invalid_filter_value_is_explained_not_a_server_error(client, catalogue):
    response = client.get(LIST, {"verdict": "nonsense", "published_after": "yesterday"})

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find(cls="form-errors").attrs["role"] == "alert"
    assert len(page.find_all(cls="field-error")) == 2


def test_blank_fields_from_the_form_redirect_to_a_short_address(client, catalogue):
    response = client.get(LIST, {"q": "", "verdict": "false", "outlet": "", "sort": ""})

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?verdict=false"
    assert client.get(LIST, {"q": " "})["Location"] == LIST


def test_pages_are_capped_and_links_keep_the_filters(client, desk):
    claims = [desk.publish() for _ in range(7)]

    first = client.get(LIST, {"per_page": 3, "kind": "event"})
    page = parse(first.content)
    assert len(page.find_all("li", cls="claim-row")) == 3
    next_link = page.find("a", rel="next").attrs["href"]
    # Parameters in name order, as the page cache keys them.
    assert next_link == "?kind=event&per_page=3&page=2"
    second = statements(client.get(LIST + next_link))
    last = statements(client.get(LIST, {"per_page": 3, "kind": "event", "page": 99}))
    assert len(set(statements(first)) | set(second) | set(last)) == 7
    assert last == [claims[0].statement]

    capped = client.get(LIST, {"per_page": 10_000})
    assert capped.context["page"].paginator.per_page == MAX_PAGE_SIZE


def test_the_page_names_the_newsroom_and_links_methodology_and_corrections(client, catalogue):
    page = parse(client.get(LIST).content)
    footer = page.find("footer")

    assert "Newsroom Fact Check" in footer.text()
    hrefs = {a.attrs["href"] for a in footer.find_all("a")}
    assert {reverse("public:methodology"), reverse("public:corrections")} <= hrefs
    assert page.find("main").attrs["id"] == "content"
    assert page.find("form", cls="filters").attrs["role"] == "search"
    # Every form control has a label.
    form = page.find("form", cls="filters")
    labelled = {label.attrs.get("for") for label in form.find_all("label")}
    for control in form.find_all("select") + form.find_all("input"):
        assert control.attrs["id"] in labelled or control.attrs.get("aria-label")


# Queries, whatever the page size:
#  1. the rating scale, with each verdict's count of published claims, which
#     also give the length of the list: no count of the claims
#  2. the choices of the verdict select
#  3-8. for the outlet, story and claimant filters: how many the newsroom
#     knows (a list or a box to type in?) and, as a list, its choices
#  9-10. the same two for the topic (tag) filter
#  11. the page of claims, with rating, claimant, article, outlet and story joined
#  12. their tags (prefetch), shown on each row
#  13. the claims under each topic (one GROUP BY), beside the list
LIST_QUERIES = 13
# Filtered: the verdict counts under the other filters (one GROUP BY), and each
# value of the five choice filters looked up once. A search finds its newest
# matches' keys first, once for each set of filters it runs under (the list;
# without the verdict, for its counts; without the topic, for its counts),
# and ranks the page's keys before reading its rows.
FILTERED_QUERIES = LIST_QUERIES + 1 + 5 + 3 + 1


@pytest.mark.parametrize("rows", [3, 25])
def test_query_count_does_not_grow_with_the_page(client, desk, rows):
    claims = [desk.publish() for _ in range(rows)]
    for n, claim in enumerate(claims):
        desk.tag(claim, "Budget", f"Topic {n}")
    outlet = claims[0].article.outlet

    with queries(LIST_QUERIES):
        response = client.get(LIST, {"per_page": 100})
    assert len(statements(response)) == rows

    params = {
        "verdict": "false",
        "outlet": outlet.slug,
        "story": claims[0].article.story.slug,
        "claimant": claims[0].claimant.slug if claims[0].claimant else None,
        "kind": "event",
        "published_after": "2000-01-01",
        "sort": "verdict",
        "q": "council",
        "tag": "budget",
    }
    params = {key: value for key, value in params.items() if value}
    expected = FILTERED_QUERIES - (0 if "claimant" in params else 1)
    with queries(expected):
        response = client.get(LIST, params)
    assert statements(response) == [claims[0].statement]


def test_verdict_counts_follow_a_search(client, catalogue):
    page = parse(client.get(LIST, {"q": "fares"}).content)

    counts = {
        item.find(cls="verdict").text(): int(item.find(cls="verdict-counts__n").text())
        for item in page.find(cls="verdict-counts").find_all("li")
    }
    assert counts["Half true"] == 1
    assert sum(counts.values()) == 1


# Long choice lists ----------------------------------------------------------------------


@pytest.fixture
def typed_filters(monkeypatch):
    """A newsroom that knows more outlets, stories and people than it lists."""
    monkeypatch.setattr(filters, "LIST_LIMIT", 1)


def control(response, name):
    return parse(response.content).find("form", cls="filters").find(name=name)


def test_past_the_list_limit_a_filter_is_a_name_to_type(client, catalogue, typed_filters):
    response = client.get(LIST)

    for name in ("outlet", "story", "claimant"):
        box = control(response, name)
        assert box.tag == "input" and box.attrs["type"] == "text"
        assert box.attrs["placeholder"]
    assert control(response, "verdict").tag == "select"
    assert b"Harbour Herald" not in response.content.split(b'class="results"')[0]


def test_a_typed_name_finds_its_claims_and_stays_in_the_box(client, catalogue, typed_filters):
    response = client.get(LIST, {"claimant": "transit workers union"})

    assert statements(response) == ["Bus fares doubled last year."]
    assert control(response, "claimant").attrs["value"] == "Transit Workers Union"


def test_a_link_by_slug_shows_the_name(client, catalogue, typed_filters):
    response = client.get(LIST, {"story": "city-budget"})

    assert set(statements(response)) == {
        "The city budget grew by ten percent.",
        "The mayor said the city never cut library funding.",
    }
    assert control(response, "story").attrs["value"] == "City budget"


def test_part_of_a_name_is_enough_when_only_one_matches(client, catalogue, typed_filters):
    response = client.get(LIST, {"outlet": "gazette"})

    assert set(statements(response)) == {
        claim.statement
        for claim in catalogue.values()
        if claim.article.outlet.name == "Valley Gazette"
    }
    assert control(response, "outlet").attrs["value"] == "Valley Gazette"


def test_an_ambiguous_name_is_answered_with_the_names_it_matches(client, catalogue, typed_filters):
    response = client.get(LIST, {"outlet": "a"})

    page = parse(response.content)
    assert page.find(cls="field-error").text() == (
        "Several match “a”: Harbour Herald; Valley Gazette. Type more of the name."
    )
    assert page.find(cls="form-errors").attrs["role"] == "alert"
    box = control(response, "outlet")
    assert box.attrs["value"] == "a"
    assert box.attrs["aria-describedby"] == "id_outlet_error"
    assert page.find(id="id_outlet_error") is not None
    # The other filters still apply; this one is left out.
    assert len(statements(response)) == len(
        [claim for claim in catalogue.values() if claim.status == "published"]
    )


def test_a_typed_name_never_finds_what_only_a_draft_mentions(client, desk, typed_filters):
    desk.publish(article=desk.article(outlet=OutletFactory(name="Public Post")))
    desk.draft(article=desk.article(outlet=OutletFactory(name="Private Post")))

    ambiguous = client.get(LIST, {"outlet": "post"})
    private = client.get(LIST, {"outlet": "private post"})

    assert control(ambiguous, "outlet").attrs["value"] == "Public Post"
    assert b"Private Post" not in ambiguous.content
    assert parse(private.content).find(cls="field-error").text() == (
        "No outlet with a published fact-check matches “private post”."
    )


def test_the_api_takes_names_too_and_never_asks_for_the_choices(client, catalogue):
    api = reverse("public:api_claims")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(api, {"claimant": "Mayor Ana Ruiz"})

    assert response.status_code == 200
    assert {row["statement"] for row in response.json()["results"]} == {
        "The city budget grew by ten percent.",
        "The bridge opened on schedule.",
    }
    # Only the claimant named is looked up: no list of outlets or stories, and
    # no question of how many claimants there are (a list or a box?).
    asked = [query["sql"] for query in captured]
    assert not [sql for sql in asked if 'FROM "articles_outlet"' in sql]
    assert not [sql for sql in asked if 'FROM "articles_story"' in sql]
    assert len([sql for sql in asked if 'FROM "factcheck_claimant"' in sql]) == 1


# Length and pages -----------------------------------------------------------------------


def test_the_length_under_a_verdict_filter_is_that_verdicts_count(client, desk):
    for _ in range(3):
        desk.publish()
    desk.publish(ready={"rating": "true"})

    page = parse(client.get(LIST, {"verdict": "false", "per_page": 2}).content)

    heading = page.find(id="results-heading").text()
    assert heading.startswith("3 fact-checks")
    assert "(showing 1–2)" in heading
    assert len(page.find_all("li", cls="claim-row")) == 2


def test_every_page_past_the_first_holds_the_rows_of_the_full_order(client, desk):
    claims = [desk.publish() for _ in range(7)]
    newest_first = [claim.statement for claim in reversed(claims)]

    pages = [statements(client.get(LIST, {"per_page": 3, "page": n})) for n in (1, 2, 3)]

    assert pages == [newest_first[0:3], newest_first[3:6], newest_first[6:7]]


def test_search_results_keep_their_rank_order_on_later_pages(client, desk):
    for n in range(5):
        desk.publish(statement=f"Council tunnel{' tunnel' * n} spending {n}.")

    everything = statements(client.get(LIST, {"q": "tunnel", "per_page": 100}))
    paged = [
        statements(client.get(LIST, {"q": "tunnel", "per_page": 2, "page": n})) for n in (1, 2, 3)
    ]

    assert len(everything) == 5
    assert [row for page in paged for row in page] == everything
