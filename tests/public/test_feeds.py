import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from .conftest import queries

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def claims(desk, clock):
    published = []
    for day in (3, 5, 7):
        clock.set(datetime.datetime(2026, 4, day, 9, tzinfo=UTC))
        published.append(
            desk.publish(ready={"ruling": f"Ruling of day {day} <with markup> & more."})
        )
    desk.draft(statement="A draft that no feed may carry.")
    desk.unpublish(published[0], note="Withdrawn.")
    return published[1:]


def test_rss_feed_is_valid_rss_with_the_published_claims_newest_first(client, claims):
    response = client.get(reverse("public:feed_rss"))

    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own response)
    assert channel.findtext("title") == "Newsroom Fact Check: latest fact-checks"
    items = channel.findall("item")
    assert [item.findtext("link") for item in items] == [
        f"http://testserver{reverse('public:claim_detail', args=[c.slug])}"
        for c in reversed(claims)
    ]
    newest = items[0]
    assert newest.findtext("title") == f"False: {claims[-1].statement}"
    assert newest.findtext("category") == "False"
    assert newest.findtext("pubDate") == "Tue, 07 Apr 2026 09:00:00 +0000"
    # Readers render the description as HTML: the ruling arrives escaped.
    assert newest.findtext("description") == (
        "<p>Ruling of day 7 &lt;with markup&gt; &amp; more.</p>"
    )
    assert b"A draft that no feed may carry." not in response.content
    assert claims[0].statement.encode() in response.content


def test_atom_feed_is_valid_atom_by_the_newsroom(client, claims):
    response = client.get(reverse("public:feed_atom"))

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Newsroom Fact Check"
        assert entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").attrib["href"].startswith("http://testserver/claims/")
    assert entries[0].findtext(f"{ATOM}published") == "2026-04-07T09:00:00+00:00"


def test_a_correction_updates_the_entry_date(client, claims, desk, clock):
    clock.set(datetime.datetime(2026, 4, 20, 12, tzinfo=UTC))
    desk.correct(claims[0], note="Fixed a figure.")

    feed = ET.fromstring(client.get(reverse("public:feed_atom")).content)  # noqa: S314 (our own response)

    updated = {
        entry.find(f"{ATOM}link").attrib["href"]: entry.findtext(f"{ATOM}updated")
        for entry in feed.findall(f"{ATOM}entry")
    }
    link = f"http://testserver{reverse('public:claim_detail', args=[claims[0].slug])}"
    assert updated[link] == "2026-04-20T12:00:00+00:00"


# Two queries, whatever the number of items: the latest published claims with
# rating, claimant, article, outlet and story joined, and their tags.
@pytest.mark.parametrize("url", ["public:feed_rss", "public:feed_atom"])
def test_feeds_take_two_queries(client, claims, desk, url):
    desk.publish()
    with queries(2):
        response = client.get(reverse(url))
    assert response.status_code == 200
