"""The ClaimReview DataFeed at /api/claimreview.json, read the way fact-check
aggregators read it: a DataFeed whose every element is a DataFeedItem holding
its ClaimReview in ``item``, pages followed through the ``Link`` header, and
``since`` for the changes after the last read."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from factcheck.public import feeds

from .conftest import queries

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
FEED = reverse("public:api_claimreview")


def read(client, url=FEED, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/ld+json"
    return response, json.loads(response.content)


def next_link(response):
    match = re.fullmatch(r'<([^>]+)>; rel="next"', response.get("Link", ""))
    return match.group(1) if match else None


def read_all(client, **params):
    """Every element of the feed, page after page, as a harvester follows it."""
    response, data = read(client, **params)
    elements = list(data["dataFeedElement"])
    pages = 1
    while (url := next_link(response)) is not None:
        response, data = read(client, url)
        elements += data["dataFeedElement"]
        pages += 1
    return elements, pages


def reviews(elements):
    """What an importer of the aggregators' format keeps: each DataFeedItem's item."""
    assert all(element["@type"] == "DataFeedItem" for element in elements)
    assert all(element["item"]["@type"] == "ClaimReview" for element in elements)
    return [element["item"] for element in elements if "dateDeleted" not in element]


def test_every_element_is_a_data_feed_item_holding_its_claimreview(client, desk, clock):
    clock.set(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    first = desk.publish(statement="The bridge cost 40 million.")
    clock.set(datetime.datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    second = desk.publish(statement="The tunnel opened in May.")
    desk.draft(statement="A draft nobody should see.")

    response, data = read(client)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "DataFeed"
    assert data["url"] == f"http://testserver{FEED}"
    assert data["dateModified"] == "2026-04-02T09:00:00+00:00"
    assert data["publisher"]["name"] == "Newsroom Fact Check"
    elements = data["dataFeedElement"]
    assert [(e["dateCreated"], e["dateModified"]) for e in elements] == [
        ("2026-04-01T09:00:00+00:00", "2026-04-01T09:00:00+00:00"),
        ("2026-04-02T09:00:00+00:00", "2026-04-02T09:00:00+00:00"),
    ]
    items = reviews(elements)
    assert [i["claimReviewed"] for i in items] == [first.statement, second.statement]
    for item, claim in zip(items, [first, second], strict=True):
        assert "@context" not in item
        page = reverse("public:claim_detail", args=[claim.slug])
        assert item["url"] == f"http://testserver{page}"
        assert item["@id"] == f"{item['url']}#claimreview"
        assert item["author"]["name"] == "Newsroom Fact Check"
        assert item["reviewRating"]["alternateName"] == "False"
        assert item["reviewRating"]["bestRating"] == 5
        assert item["itemReviewed"]["appearance"][0]["url"] == claim.article.url
    assert "A draft nobody" not in response.content.decode()
    assert next_link(response) is None


def test_the_feed_item_is_the_claim_pages_claimreview(client, desk):
    claim = desk.publish()

    _, data = read(client)
    page = client.get(reverse("public:claim_detail", args=[claim.slug])).content.decode()
    script = page[page.index('type="application/ld+json">') + 27 : page.index("</script>")]
    on_page = json.loads(script)
    del on_page["@context"]

    assert data["dataFeedElement"][0]["item"] == on_page


def test_a_retracted_review_stays_as_deleted_with_its_address_only(client, desk, clock):
    clock.set(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    kept, withdrawn = desk.publish(), desk.publish(statement="Withdrawn statement.")
    clock.set(datetime.datetime(2026, 4, 5, 16, 0, tzinfo=UTC))
    desk.unpublish(withdrawn, note="The recording was incomplete.")

    response, data = read(client)

    assert [i["claimReviewed"] for i in reviews(data["dataFeedElement"])] == [kept.statement]
    (deleted,) = [e for e in data["dataFeedElement"] if "dateDeleted" in e]
    url = f"http://testserver{reverse('public:claim_detail', args=[withdrawn.slug])}"
    assert deleted == {
        "@type": "DataFeedItem",
        "dateCreated": "2026-04-01T09:00:00+00:00",
        "dateModified": "2026-04-05T16:00:00+00:00",
        "dateDeleted": "2026-04-05T16:00:00+00:00",
        "item": {"@type": "ClaimReview", "@id": f"{url}#claimreview", "url": url},
    }
    assert data["dateModified"] == "2026-04-05T16:00:00+00:00"
    assert "Withdrawn statement" not in response.content.decode()
    assert "incomplete" not in response.content.decode()


def test_since_keeps_what_changed_from_then_corrections_and_retractions_included(
    client, desk, clock
):
    clock.set(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    old, corrected, retracted = desk.publish(), desk.publish(), desk.publish()
    clock.set(datetime.datetime(2026, 5, 2, 9, 0, tzinfo=UTC))
    new = desk.publish()
    desk.correct(corrected, note="A second source.", rating="half-true")
    clock.set(datetime.datetime(2026, 5, 3, 9, 0, tzinfo=UTC))
    desk.unpublish(retracted, note="Withdrawn.")

    _, data = read(client, since="2026-05-01")

    elements = data["dataFeedElement"]
    # The correction and the publication share an instant: by key, then.
    assert [e["item"]["identifier"] for e in elements if "dateDeleted" not in e] == [
        corrected.slug,
        new.slug,
    ]
    assert elements[0]["dateCreated"] == "2026-04-01T09:00:00+00:00"
    assert elements[0]["dateModified"] == "2026-05-02T09:00:00+00:00"
    assert elements[0]["item"]["reviewRating"]["alternateName"] == "Half true"
    assert elements[2]["item"]["url"].endswith(f"/{retracted.slug}/")
    assert "dateDeleted" in elements[2]
    assert old.slug not in json.dumps(data)
    # A time with its offset counts from that instant; the bound is inclusive.
    _, data = read(client, since="2026-05-03T11:00:00+02:00")
    assert [e["item"]["url"] for e in data["dataFeedElement"]] == [elements[2]["item"]["url"]]


@pytest.mark.parametrize(
    "value", ["yesterday", "2026-13-01", "2026-05-01T25:00", "9999-12-31T23:00:00-05:00"]
)
def test_a_bad_since_is_a_json_400_naming_the_parameter(client, published, value):
    response = client.get(FEED, {"since": value})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    (error,) = response.json()["errors"]["since"]
    assert error["code"] == "invalid"
    assert f"“{value}” is not an ISO 8601 date" in error["message"]
    assert set(response.json()["errors"]) == {"since"}


@pytest.mark.parametrize("value", ["garbage", "MjAyNi0wNS0wMQ", "eHx5"])
def test_a_cursor_the_feed_never_wrote_is_a_json_400_naming_after(client, published, value):
    response = client.get(FEED, {"after": value})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"after"}
    assert "Link header" in response.json()["errors"]["after"][0]["message"]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(feeds, "CLAIMREVIEW_PAGE_SIZE", 2)


@pytest.mark.usefixtures("small_pages")
def test_pages_follow_one_another_through_the_link_header(client, desk, clock):
    clock.set(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    # Two published in the same instant: the key breaks the tie, none is lost.
    claims = [desk.publish(), desk.publish()]
    for day in range(2, 5):
        clock.set(datetime.datetime(2026, 4, day, 9, 0, tzinfo=UTC))
        claims.append(desk.publish())

    elements, pages = read_all(client)

    assert pages == 3
    assert [i["identifier"] for i in reviews(elements)] == [c.slug for c in claims]


@pytest.mark.usefixtures("small_pages")
def test_the_next_link_keeps_since(client, desk, clock):
    clock.set(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    desk.publish()
    clock.set(datetime.datetime(2026, 4, 10, 9, 0, tzinfo=UTC))
    recent = [desk.publish() for _ in range(3)]

    response, _ = read(client, since="2026-04-05")
    assert "since=2026-04-05" in next_link(response)
    elements, pages = read_all(client, since="2026-04-05")

    assert pages == 2
    assert [i["identifier"] for i in reviews(elements)] == [c.slug for c in recent]


@pytest.mark.usefixtures("small_pages")
def test_a_publication_changes_the_last_page_only(client, desk, clock):
    clock.set(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    for _ in range(4):
        desk.publish()
    first_page = read(client)[1]["dataFeedElement"]

    clock.set(datetime.datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    new = desk.publish()

    response, data = read(client)
    assert data["dataFeedElement"] == first_page
    elements, pages = read_all(client)
    assert pages == 3
    assert elements[-1]["item"]["identifier"] == new.slug


def test_a_conditional_read_of_an_unchanged_page_is_a_304(client, published):
    response = client.get(FEED)
    assert response["ETag"] and response["Last-Modified"]

    again = client.get(FEED, headers={"if-none-match": response["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


# Queries, whatever the number of claims on the page:
#  1. the rating scale (ratingValue bounds)
#  2. the page's keys, statuses and dates in the feed's order
#  3. the published rows among them, with rating, claimant, article and outlet
#  4. their other appearances (prefetch)
#  5. their tags (prefetch)
#  6. the feed's dateModified (one MAX over the index)
@pytest.mark.parametrize("rows", [3, 10])
def test_claimreview_feed_query_count_does_not_grow(client, desk, rows):
    claims = [desk.publish() for _ in range(rows)]
    desk.unpublish(claims[0], note="Withdrawn.")

    with queries(6):
        _, data = read(client)
    assert len(data["dataFeedElement"]) == rows
