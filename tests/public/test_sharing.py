"""Sharing: Open Graph and Twitter tags, the embeddable claim card, oEmbed."""

import json

import pytest
from django.urls import reverse

from tests.factories import StoryFactory

from .conftest import queries
from .html import parse

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def meta(page, key):
    """The content of the <meta property=key> or <meta name=key>, or None."""
    for element in page.find_all("meta"):
        if key in (element.attrs.get("property"), element.attrs.get("name")):
            return element.attrs["content"]
    return None


def claim_url(claim):
    return reverse("public:claim_detail", args=[claim.slug])


def embed_url(claim):
    return reverse("public:claim_embed", args=[claim.slug])


def oembed(client, **params):
    return client.get(reverse("public:oembed"), params)


@pytest.fixture
def claim(desk):
    return desk.publish(
        statement='The mayor said "roads" cost <b>£40m</b> & more.',
        notes="INTERNAL-CANARY: checker suspects a typo",
        ready={"ruling": "The accounts show £31m, not £40m."},
    )


# --- Open Graph and Twitter cards ----------------------------------------------


def test_claim_page_carries_open_graph_and_twitter_tags_with_its_absolute_address(client, claim):
    page = parse(client.get(claim_url(claim)).content)

    assert meta(page, "og:type") == "article"
    assert meta(page, "og:url") == SITE + claim_url(claim)
    assert meta(page, "og:title") == 'False: The mayor said "roads" cost <b>£40m</b> & more.'
    assert meta(page, "og:description") == "False. The accounts show £31m, not £40m."
    assert meta(page, "og:site_name") == "Newsroom Fact Check"
    assert meta(page, "twitter:card") == "summary"
    assert meta(page, "twitter:title") == meta(page, "og:title")
    assert meta(page, "twitter:description") == meta(page, "og:description")
    published = page.find("time", cls="claim__published").attrs["datetime"]
    assert meta(page, "article:published_time") == published


def test_share_tags_are_escaped_and_hold_only_what_the_page_shows(client, claim):
    content = client.get(claim_url(claim)).content.decode()

    head = content.split("</head>")[0]
    assert "<b>£40m</b>" not in head
    assert "&lt;b&gt;£40m&lt;/b&gt;" in head
    assert 'content="False: The mayor said &quot;roads&quot;' in head
    assert "INTERNAL-CANARY" not in content


def test_long_statements_are_cut_for_the_tags(client, desk):
    claim = desk.publish(statement="The council spent " + "a great deal " * 40 + "on roads.")

    page = parse(client.get(claim_url(claim)).content)

    title = meta(page, "og:title")
    assert len(title) == 200
    assert title.endswith("…")


def test_a_corrected_claim_tells_when_it_was_modified(client, desk, claim):
    desk.correct(claim, note="The figure was rounded.", rating="mostly-false")

    page = parse(client.get(claim_url(claim)).content)

    modified = page.find("time", cls="claim__modified").attrs["datetime"]
    assert meta(page, "article:modified_time") == modified
    assert meta(page, "og:title").startswith("Mostly false: ")


def test_story_page_carries_share_tags_and_a_canonical_address(client, desk):
    story = StoryFactory(title="Budget row", summary="Two reports, two <figures>.")
    desk.publish(article=desk.article(story=story))
    address = reverse("public:story_detail", args=[story.slug])

    page = parse(client.get(address).content)

    assert meta(page, "og:url") == SITE + address
    assert page.find("link", rel="canonical").attrs["href"] == SITE + address
    assert meta(page, "og:title") == "Budget row"
    assert meta(page, "og:description") == "Two reports, two <figures>."
    assert meta(page, "article:published_time") is None


def test_the_claim_list_has_no_share_tags_of_a_claim(client, claim):
    page = parse(client.get(reverse("public:claim_list")).content)

    assert meta(page, "og:title") is None


# --- The embeddable card and its frame policy ----------------------------------


def test_the_card_shows_statement_verdict_and_a_link_to_the_fact_check(client, claim):
    response = client.get(embed_url(claim))

    page = parse(response.content)
    assert page.find(cls="card__statement").text() == claim.statement
    assert page.find("span", cls="verdict").text() == "False"
    assert page.find(cls="card__ruling").text() == "The accounts show £31m, not £40m."
    link = page.find("a", target="_blank")
    assert link.attrs["href"] == SITE + claim_url(claim)
    assert link.attrs["rel"] == "noopener"
    assert "INTERNAL-CANARY" not in response.content.decode()


def test_only_the_card_may_be_framed_by_other_sites(client, claim, admin_client):
    for _ in range(2):  # rendered, then served from the page cache
        card = client.get(embed_url(claim))
        assert "X-Frame-Options" not in card
        assert "frame-ancestors *" in card["Content-Security-Policy"]
        assert "script-src 'self'" in card["Content-Security-Policy"]

    others = [
        client.get(claim_url(claim)),
        client.get(reverse("public:claim_list")),
        client.get(reverse("public:feed_rss")),
        oembed(client, url=SITE + claim_url(claim)),
        client.get("/admin/login/"),
        admin_client.get("/admin/"),
    ]
    for response in others:
        assert response["X-Frame-Options"] == "DENY", response.request["PATH_INFO"]
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_draft_has_no_card(client, desk):
    draft = desk.draft()

    response = client.get(embed_url(draft))

    assert response.status_code == 404
    assert response["X-Frame-Options"] == "DENY"


def test_a_withdrawn_claims_card_says_it_was_withdrawn(client, desk, claim):
    desk.unpublish(claim, note="The recording was incomplete.")

    response = client.get(embed_url(claim))

    assert response.status_code == 410
    page = parse(response.content)
    assert page.find(cls="card__statement").text().startswith("This fact-check was withdrawn on")
    assert "£40m" not in response.content.decode()
    assert "X-Frame-Options" not in response


def test_card_query_count(client, claim):
    # 1 the claim with its rating, claimant and article, and its latest
    # correction's date (the generation is in the locmem cache: no query).
    with queries(1):
        client.get(embed_url(claim))


# --- oEmbed --------------------------------------------------------------------


def test_oembed_answers_a_rich_embed_of_the_card(client, claim):
    response = oembed(client, url=SITE + claim_url(claim))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["version"] == "1.0"
    assert answer["type"] == "rich"
    assert (answer["width"], answer["height"]) == (560, 320)
    assert answer["provider_name"] == "Newsroom Fact Check"
    assert answer["title"] == 'Fact-check: False: The mayor said "roads" cost <b>£40m</b> & more.'
    frame = parse(answer["html"]).find("iframe")
    assert frame.attrs["src"] == SITE + embed_url(claim)
    assert (frame.attrs["width"], frame.attrs["height"]) == ("560", "320")
    assert frame.attrs["title"] == answer["title"]
    assert "<b>" not in answer["html"]


def test_oembed_keeps_within_maxwidth_and_maxheight(client, claim):
    answer = oembed(client, url=SITE + claim_url(claim), maxwidth="400", maxheight="250").json()

    assert (answer["width"], answer["height"]) == (400, 250)
    frame = parse(answer["html"]).find("iframe")
    assert (frame.attrs["width"], frame.attrs["height"]) == ("400", "250")

    roomy = oembed(client, url=SITE + claim_url(claim), maxwidth="2000").json()
    assert roomy["width"] == 560


def test_oembed_accepts_the_cards_own_address_and_ignores_query_and_fragment(client, claim):
    for url in (SITE + embed_url(claim), f"{SITE}{claim_url(claim)}?utm_source=x#verdict"):
        answer = oembed(client, url=url)
        assert answer.status_code == 200, url
        assert parse(answer.json()["html"]).find("iframe").attrs["src"] == SITE + embed_url(claim)


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/claims/no-such-claim/",
        "http://testserver/stories/some-story/",
        "http://elsewhere.example/claims/{slug}/",
        "javascript:alert(1)",
        "not a url",
    ],
)
def test_oembed_answers_404_for_addresses_that_are_not_a_published_claim(client, claim, url):
    response = oembed(client, url=url.format(slug=claim.slug))

    assert response.status_code == 404
    assert "fact-check" in response.json()["error"]


def test_oembed_accepts_the_other_names_the_site_answers_to(client, claim, settings):
    settings.ALLOWED_HOSTS = ["testserver", "factcheck.example.org"]

    answer = oembed(client, url=f"https://factcheck.example.org:443{claim_url(claim)}")

    assert answer.status_code == 200
    # The card is served from the name the consumer asked this site by.
    assert parse(answer.json()["html"]).find("iframe").attrs["src"] == SITE + embed_url(claim)


def test_oembed_answers_404_for_drafts_and_withdrawn_claims(client, desk, claim):
    draft = desk.draft()
    desk.unpublish(claim, note="Withdrawn.")

    for unpublished in (draft, claim):
        response = oembed(client, url=SITE + claim_url(unpublished))
        assert response.status_code == 404
        assert response.json() == {"error": "No published fact-check has that address."}


def test_oembed_refuses_xml_with_501(client, claim):
    response = oembed(client, url=SITE + claim_url(claim), format="xml")

    assert response.status_code == 501
    assert "format=json" in response.json()["error"]


@pytest.mark.parametrize("params", [{}, {"maxwidth": "wide"}, {"maxheight": "0"}])
def test_oembed_names_the_bad_parameter(client, claim, params):
    if params:
        params["url"] = SITE + claim_url(claim)

    response = oembed(client, **params)

    assert response.status_code == 400
    assert response.json()["error"].startswith(next(iter(params), "url"))


def test_claim_page_links_its_oembed_answer_for_discovery(client, claim):
    page = parse(client.get(claim_url(claim)).content)

    link = page.find("link", type="application/json+oembed")
    assert link.attrs["rel"] == "alternate"
    answer = client.get(link.attrs["href"])
    assert answer.status_code == 200
    assert json.loads(answer.content)["type"] == "rich"


def test_oembed_query_count(client, claim):
    # 1 the claim's slug, statement and verdict label (the generation is in the
    # locmem cache, which makes no queries).
    with queries(1):
        oembed(client, url=SITE + claim_url(claim))
