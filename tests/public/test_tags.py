"""Tags on the public side: the topic filter and its counts, links on the pages,
ClaimReview ``keywords``, the feeds' categories, the API, and the page cache
following a change of tags."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from factcheck import services

from .html import parse

pytestmark = pytest.mark.django_db

LIST = reverse("public:claim_list")


def url_of(claim):
    return reverse("public:claim_detail", args=[claim.slug])


def statements(response):
    page = parse(response.content)
    return sorted(row.find("h3").text() for row in page.find_all("li", cls="claim-row"))


def topic_counts(response):
    """``{topic: count}`` as the list shows them beside the results."""
    section = parse(response.content).find(cls="topic-counts")
    if section is None:
        return {}
    return {
        item.find("a").text().replace(" (selected; show every topic)", ""): int(
            item.find(cls="topic-counts__n").text()
        )
        for item in section.find_all("li")
    }


def topic_choices(response):
    select = parse(response.content).find("form", cls="filters").find("select", name="tag")
    return [option.text() for option in select.find_all("option")]


@pytest.fixture
def tagged(desk):
    """Three published claims and a draft, filed under topics; one topic only
    the draft carries."""
    roads = desk.publish(statement="Roads cost more.")
    fares = desk.publish(statement="Fares went up.", ready={"rating": "true"})
    budget = desk.publish(statement="The budget doubled.")
    draft = desk.draft(statement="A draft on the secret plan.")
    desk.tag(roads, "Transport", "Budget")
    desk.tag(fares, "Transport")
    desk.tag(budget, "Budget")
    desk.tag(draft, "Secret plan", "Transport")
    return {"roads": roads, "fares": fares, "budget": budget, "draft": draft}


# The claims list ----------------------------------------------------------------------


def test_the_topic_filter_lists_the_claims_under_it(client, tagged):
    response = client.get(LIST, {"tag": "transport"})

    assert statements(response) == ["Fares went up.", "Roads cost more."]


def test_topic_counts_are_of_published_claims_only(client, tagged):
    response = client.get(LIST)

    assert topic_counts(response) == {"Budget": 2, "Transport": 2}


def test_a_topic_only_drafts_carry_is_never_offered(client, tagged):
    response = client.get(LIST)

    assert topic_choices(response) == ["Any topic", "Budget", "Transport"]
    assert "Secret plan" not in response.content.decode()
    refused = client.get(LIST, {"tag": "secret-plan"})
    assert "No topic with a published fact-check matches" in refused.content.decode()
    assert "A draft on the secret plan." not in statements(refused)


def test_topic_counts_follow_the_other_filters(client, tagged):
    response = client.get(LIST, {"verdict": "false"})

    assert topic_counts(response) == {"Budget": 2, "Transport": 1}


def test_verdict_counts_follow_the_topic(client, tagged):
    page = parse(client.get(LIST, {"tag": "transport"}).content)

    counts = {
        item.find(cls="verdict").text(): int(item.find(cls="verdict-counts__n").text())
        for item in page.find(cls="verdict-counts").find_all("li")
    }
    assert (counts["False"], counts["True"]) == (1, 1)
    assert sum(counts.values()) == 2


def test_the_selected_topic_is_marked_and_links_back_to_every_topic(client, tagged):
    page = parse(client.get(LIST, {"tag": "budget"}).content)

    selected = page.find(cls="topic-counts").find("li", cls="is-selected")
    assert selected.find("a").attrs["aria-current"] == "true"
    assert "tag=" not in selected.find("a").attrs["href"]


def test_each_row_links_its_topics_to_the_filtered_list(client, tagged):
    page = parse(client.get(LIST, {"tag": "budget"}).content)

    rows = {
        row.find("h3").text(): [(a.text(), a.attrs["href"]) for a in row.find_all("a", cls="tag")]
        for row in page.find_all("li", cls="claim-row")
    }
    assert rows["Roads cost more."] == [
        ("Budget", f"{LIST}?tag=budget"),
        ("Transport", f"{LIST}?tag=transport"),
    ]


# The claim page and ClaimReview ------------------------------------------------------


def claim_review(response):
    (script,) = parse(response.content).find_all("script", type="application/ld+json")
    return json.loads(script.text())


def test_a_claim_page_links_its_topics_to_the_filtered_list(client, tagged):
    page = parse(client.get(url_of(tagged["roads"])).content)

    links = [(a.text(), a.attrs["href"]) for a in page.find_all("a", cls="tag")]
    assert links == [("Budget", f"{LIST}?tag=budget"), ("Transport", f"{LIST}?tag=transport")]


def test_claimreview_keywords_are_the_claims_topics(client, tagged):
    assert claim_review(client.get(url_of(tagged["roads"])))["keywords"] == [
        "Budget",
        "Transport",
    ]


def test_an_untagged_claim_has_no_keywords(client, desk):
    claim = desk.publish()

    assert "keywords" not in claim_review(client.get(url_of(claim)))


def test_the_claimreview_feed_carries_the_keywords(client, tagged):
    data = json.loads(client.get(reverse("public:api_claimreview")).content)

    keywords = {
        element["item"]["url"].rsplit("/", 2)[-2]: element["item"].get("keywords")
        for element in data["dataFeedElement"]
    }
    assert keywords == {
        tagged["roads"].slug: ["Budget", "Transport"],
        tagged["fares"].slug: ["Transport"],
        tagged["budget"].slug: ["Budget"],
    }


# Feeds and the API -----------------------------------------------------------------


def test_feed_items_carry_the_verdict_and_the_topics_as_categories(client, tagged):
    response = client.get(reverse("public:feed_rss"))

    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own response)
    categories = {
        item.findtext("title").split(": ", 1)[1]: [c.text for c in item.findall("category")]
        for item in channel.findall("item")
    }
    assert categories["Roads cost more."] == ["False", "Budget", "Transport"]
    assert categories["Fares went up."] == ["True", "Transport"]


def test_the_atom_feed_has_the_topics_as_category_terms(client, tagged):
    response = client.get(reverse("public:feed_atom"))

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(response.content)  # noqa: S314 (our own response)
    terms = [
        [c.attrib["term"] for c in entry.findall(f"{atom}category")]
        for entry in feed.findall(f"{atom}entry")
    ]
    assert ["False", "Budget", "Transport"] in terms


def test_the_api_lists_each_claims_tags_and_filters_by_them(client, tagged):
    data = client.get(reverse("api:claim-list"), {"tag": "budget"}).json()

    assert {claim["statement"]: claim["tags"] for claim in data["results"]} == {
        "Roads cost more.": [
            {"name": "Budget", "slug": "budget"},
            {"name": "Transport", "slug": "transport"},
        ],
        "The budget doubled.": [{"name": "Budget", "slug": "budget"}],
    }
    detail = client.get(reverse("api:claim-detail", args=[tagged["fares"].slug])).json()
    assert detail["tags"] == [{"name": "Transport", "slug": "transport"}]


def test_the_api_refuses_a_topic_only_drafts_carry(client, tagged):
    response = client.get(reverse("api:claim-list"), {"tag": "secret-plan"})

    assert response.status_code == 400
    assert "tag" in response.json()["errors"]


# The page cache --------------------------------------------------------------------


def test_retagging_a_published_claim_refreshes_its_cached_pages(client, desk, editor):
    claim = desk.publish(statement="Roads cost more.")
    before = client.get(url_of(claim))
    assert "Transport" not in before.content.decode()
    assert "Transport" not in client.get(LIST).content.decode()  # both now cached

    desk.tag(claim, "Transport")

    after = client.get(url_of(claim))
    assert after["ETag"] != before["ETag"]
    assert claim_review(after)["keywords"] == ["Transport"]
    assert topic_counts(client.get(LIST)) == {"Transport": 1}


def test_renaming_a_topic_refreshes_the_pages_that_show_it(
    client, desk, editor, django_capture_on_commit_callbacks
):
    claim = desk.publish(statement="Roads cost more.")
    desk.tag(claim, "Transport")
    assert "Transport" in client.get(url_of(claim)).content.decode()  # now cached
    tag = claim.tags.get()

    with django_capture_on_commit_callbacks(execute=True):
        article_services.tag_update(tag=tag, name="Public transport", acting_user=editor)

    assert claim_review(client.get(url_of(claim)))["keywords"] == ["Public transport"]


def feed_since(client, when):
    response = client.get(reverse("public:api_claimreview"), {"since": when.isoformat()})
    return [
        element["item"].get("keywords")
        for element in json.loads(response.content)["dataFeedElement"]
    ]


def test_renaming_a_topic_is_a_change_the_feed_gives_since_then(client, desk, editor, tagged):
    before = timezone.now()
    assert feed_since(client, before) == []
    tag = tagged["fares"].tags.get()

    article_services.tag_update(tag=tag, name="Public transport", acting_user=editor)

    # The two published claims filed under it, with the new name; not the draft.
    assert sorted(feed_since(client, before)) == [
        ["Budget", "Public transport"],
        ["Public transport"],
    ]
    tagged["budget"].refresh_from_db()
    assert tagged["budget"].public_modified_at < before


def test_deleting_a_topic_is_a_change_the_feed_gives_since_then(client, desk, editor, tagged):
    before = timezone.now()
    tag = tagged["budget"].tags.get()

    article_services.tag_delete(tag=tag, acting_user=editor)

    assert sorted(feed_since(client, before), key=str) == [None, ["Transport"]]


def test_tagging_a_draft_changes_nothing_public(client, desk, fact_checker):
    published = desk.publish(statement="Roads cost more.")
    before = client.get(url_of(published))
    draft = desk.draft(statement="A draft.")
    tag = article_services.tag_create(name="Transport", acting_user=desk.editor)

    services.claim_set_tags(claim=draft, tags=[tag], acting_user=fact_checker)

    assert client.get(url_of(published))["ETag"] == before["ETag"]
