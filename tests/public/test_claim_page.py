import datetime
import json

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Stance
from factcheck.public import jsonld
from tests.factories import ArticleFactory, OutletFactory, SourceFactory

from .conftest import queries
from .html import parse

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
BODY = (
    "Opening paragraph that sets the scene and belongs to the outlet alone.\n\n"
    "At the summit in Nara on Tuesday, the president said the two countries would hold "
    "talks every month from now on, according to officials present.\n\n"
    "Closing paragraph with the outlet's own analysis, never reproduced in full."
)


def url_of(claim):
    return reverse("public:claim_detail", args=[claim.slug])


@pytest.fixture
def claim(desk, clock, fact_checker):
    clock.set(datetime.datetime(2026, 1, 15, 10, 30, tzinfo=UTC))
    outlet = OutletFactory(name="Harbour Herald")
    article = ArticleFactory(
        outlet=outlet,
        headline="Leaders agree on monthly talks",
        body=BODY,
        raw_input=BODY,
        url="https://herald.example.com/2026/01/talks",
        published_on=datetime.date(2026, 1, 13),
    )
    president = services.claimant_find_or_create(name="President Kim", acting_user=fact_checker)
    president.description = "President of the republic"
    president.same_as = "https://www.wikidata.org/wiki/Q1000001"
    president.save()
    claim = desk.draft(
        article=article,
        quote="would hold talks every month",
        statement="The two countries will hold talks every month.",
        claimant=president,
        kind="quote",
        claimed_on=datetime.date(2026, 1, 13),
    )
    other = ArticleFactory(
        outlet=OutletFactory(name="Valley Gazette"),
        headline="Monthly talks promised",
        body="Officials said talks would be monthly from now on.",
        url="https://gazette.example.org/talks",
        published_on=datetime.date(2026, 1, 14),
    )
    services.appearance_add(
        claim=claim, article=other, quote="talks would be monthly", acting_user=fact_checker
    )
    claim = desk.ready(
        claim,
        rating="mostly-false",
        ruling="The joint statement promises talks “regularly”.\n\nNo schedule was agreed.",
        source=SourceFactory(
            title="Joint statement of the summit",
            url="https://gov.example/statement",
            publisher="Presidential office",
            archive_url="https://web.archive.org/web/2026/https://gov.example/statement",
        ),
        stance=Stance.CONTRADICTS,
        excerpt="The leaders agreed to meet regularly.",
    )
    services.citation_add(
        claim=claim,
        source=SourceFactory(title="Press briefing transcript", url="https://gov.example/brief"),
        stance=Stance.CONTEXT,
        excerpt="No dates were set.",
        acting_user=fact_checker,
    )
    claim.refresh_from_db()
    clock.set(datetime.datetime(2026, 1, 16, 8, 0, tzinfo=UTC))
    return services.claim_publish(claim=claim, acting_user=desk.editor)


def test_claim_page_shows_the_verdict_ruling_passage_sources_and_claimant(client, claim):
    response = client.get(url_of(claim))

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("h1").text() == "The two countries will hold talks every month."
    assert page.find(cls="verdict--large").text() == "Mostly false"
    assert (
        page.find(cls="verdict-block__definition")
        .text()
        .startswith("The statement contains an element of truth")
    )
    ruling = page.find("section", cls="claim__ruling")
    assert [p.text() for p in ruling.find_all("p")] == [
        "The joint statement promises talks “regularly”.",
        "No schedule was agreed.",
    ]
    who = page.find("section", cls="claim__who").text()
    assert "President Kim, President of the republic, on 13 January 2026" in who
    passage = page.find("section", cls="claim__passages").find("figure")
    assert passage.find("mark").text() == "would hold talks every month"
    assert "the president said the two countries would hold talks every month" in passage.text()
    original = passage.find("a", cls="original-link")
    assert original.attrs["href"] == "https://herald.example.com/2026/01/talks"
    assert "Harbour Herald" in passage.find("figcaption").text()
    sources = page.find("ol", cls="sources").find_all("li", cls="source")
    assert [s.find(cls="stance").text() for s in sources] == ["Contradicts", "Gives context"]
    assert sources[0].find("a").attrs["href"] == "https://gov.example/statement"
    assert "Presidential office" in sources[0].text()
    assert "The leaders agreed to meet regularly." in sources[0].text()
    assert "Archived copy" in sources[0].text()
    assert page.find("time", cls="claim__published").text() == "16 January 2026"


def test_only_the_passage_and_a_little_context_of_the_report_are_shown(client, claim):
    content = client.get(url_of(claim)).content.decode()

    assert "Opening paragraph that sets the scene" not in content
    assert "never reproduced in full" not in content
    assert "according to officials present" not in content


def test_other_reports_carrying_the_claim_are_listed(client, claim):
    page = parse(client.get(url_of(claim)).content)

    appearances = page.find("ul", cls="appearances")
    assert appearances.find("mark").text() == "talks would be monthly"
    assert "Valley Gazette" in appearances.text()
    assert appearances.find("a").attrs["href"] == "https://gazette.example.org/talks"


def test_a_corrected_verdict_shows_dated_update_notes(client, claim, desk, clock):
    clock.set(datetime.datetime(2026, 2, 1, 12, 0, tzinfo=UTC))
    desk.correct(claim, note="A second statement set a schedule.", rating="half-true")

    page = parse(client.get(url_of(claim)).content)

    assert page.find(cls="verdict--large").text() == "Half true"
    update = page.find("section", cls="claim__updates").find("li", cls="update")
    assert update.find("time").attrs["datetime"] == "2026-02-01T12:00:00+00:00"
    assert "Verdict changed from Mostly false to Half true." in update.text()
    assert "A second statement set a schedule." in update.text()
    assert page.find("time", cls="claim__modified").text() == "1 February 2026"


def test_links_to_the_public_are_http_or_https_only(client, desk):
    claim = desk.publish(
        article=desk.article(url="javascript:alert(1)", quote="the tunnel cost too much"),
        quote="the tunnel cost too much",
        ready={
            "source": SourceFactory(
                title="Leaked memo",
                url="data:text/html,<script>alert(1)</script>",
                archive_url="ftp://archive.example/memo",
            )
        },
    )

    response = client.get(url_of(claim))
    page = parse(response.content)

    assert "Leaked memo" in page.find("ol", cls="sources").text()
    hrefs = [a.attrs.get("href", "") for a in page.find_all("a")]
    assert all(href.startswith(("/", "http://", "https://", "#", "?")) for href in hrefs)
    assert b"javascript:" not in response.content
    assert b"data:text" not in response.content
    assert b"ftp://" not in response.content


def test_staff_written_text_is_escaped(client, desk):
    claim = desk.publish(
        statement='He said "<img src=x onerror=alert(1)>" & left.',
        ready={
            "ruling": "<script>alert('ruling')</script> stays text.",
            "excerpt": "<b>bold</b> claim",
        },
    )

    content = client.get(url_of(claim)).content.decode()

    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert "<b>bold</b>" not in content
    assert "&lt;script&gt;alert(&#x27;ruling&#x27;)&lt;/script&gt; stays text." in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content


def test_a_withdrawn_claim_answers_410_with_its_dated_note_only(client, claim, desk, clock):
    clock.set(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    desk.unpublish(claim, note="The recording we relied on was incomplete.")
    # Back in draft, the claim is rewritten: none of that is public.
    claim.refresh_from_db()
    services.claim_update(
        claim=claim,
        expected_version=claim.version,
        acting_user=desk.checker,
        statement="Rewritten draft statement, not public.",
        ruling="Draft ruling, not public.",
    )

    response = client.get(url_of(claim))

    assert response.status_code == 410
    page = parse(response.content)
    main = page.find("main")
    assert "The two countries will hold talks every month." in main.text()
    assert "The recording we relied on was incomplete." in main.text()
    assert main.find("time").attrs["datetime"] == "2026-03-02T09:00:00+00:00"
    content = response.content.decode()
    for private in ("Rewritten draft", "Draft ruling", "joint statement", "Harbour Herald"):
        assert private not in content
    assert not page.find_all("script")


def test_unpublished_work_and_unknown_addresses_answer_the_same_404(client, desk, claim):
    draft = desk.draft(statement="A draft nobody should see.")
    in_review = desk.ready(desk.draft(statement="A claim in review."))

    unknown = client.get(reverse("public:claim_detail", args=["no-such-claim"]))
    responses = [client.get(url_of(c)) for c in (draft, in_review)]

    assert unknown.status_code == 404
    for response in responses:
        assert response.status_code == 404
        assert response.content == unknown.content
    assert "Page not found" in parse(unknown.content).find("h1").text()


def test_the_page_has_no_inline_script_or_style(client, claim):
    page = parse(client.get(url_of(claim)).content)

    scripts = page.find_all("script")
    assert [s.attrs for s in scripts] == [{"type": "application/ld+json"}]
    assert not page.find_all("style")
    assert not [element for element in page.iter() if "style" in element.attrs]
    assert not [e for e in page.iter() if any(name.startswith("on") for name in e.attrs)]


# ClaimReview -----------------------------------------------------------------


def claim_review(response):
    page = parse(response.content)
    (script,) = page.find_all("script", type="application/ld+json")
    return page, json.loads(script.text())


@pytest.mark.usefixtures("newsroom_profiles")
def test_claimreview_matches_the_visible_page_field_by_field(client, claim, desk, clock):
    clock.set(datetime.datetime(2026, 2, 1, 12, 0, tzinfo=UTC))
    desk.correct(claim, note="Clarified the ruling.", ruling="Talks are “regular”, not monthly.")

    page, review = claim_review(client.get(url_of(claim)))

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == page.find("link", rel="canonical").attrs["href"]
    assert review["url"] == f"http://testserver{url_of(claim)}"
    assert review["@id"] == f"{review['url']}#claimreview"
    assert review["identifier"] == claim.slug
    assert review["inLanguage"] == page.find("html").attrs["lang"] == "en"
    assert review["headline"] == page.find("h1", id="claim-statement").text()
    assert review["claimReviewed"] == page.find("h1", id="claim-statement").text()
    assert review["datePublished"] == page.find("time", cls="claim__published").attrs["datetime"]
    assert review["datePublished"] == "2026-01-16T08:00:00+00:00"
    assert review["dateModified"] == page.find("time", cls="claim__modified").attrs["datetime"]
    assert review["dateModified"] == "2026-02-01T12:00:00+00:00"
    author = page.find(cls="claim__author").text()
    icon = page.find("link", rel="apple-touch-icon").attrs["href"]
    assert review["author"] == {
        "@type": "Organization",
        "name": author,
        "url": "http://testserver/",
        "logo": {"@type": "ImageObject", "url": f"http://testserver{icon}"},
        "sameAs": ["https://www.wikidata.org/wiki/Q2000002", "https://social.example/@desk"],
    }
    assert review["publisher"] == review["author"]
    assert author == page.find(cls="site-footer__name").text() == "Newsroom Fact Check"
    footer_links = [a.attrs["href"] for a in page.find("footer").find_all("a")]
    assert set(review["publisher"]["sameAs"]) <= set(footer_links)

    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == page.find(cls="verdict--large").text() == "Mostly false"
    assert rating["name"] == rating["alternateName"]
    assert rating["description"] == page.find(cls="verdict-block__definition").text()
    ruling = page.find("section", cls="claim__ruling").find("p").text()
    assert rating["ratingExplanation"] == ruling == "Talks are “regular”, not monthly."
    assert rating["ratingValue"] == int(page.find(cls="claim__rating-value").attrs["value"]) == 2
    assert rating["bestRating"] == int(page.find(cls="claim__best").attrs["value"]) == 5
    assert rating["worstRating"] == int(page.find(cls="claim__worst").attrs["value"]) == 1

    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    claimant = page.find(cls="claim__claimant")
    assert item["author"] == {
        "@type": "Person",
        "name": claimant.text(),
        "description": "President of the republic",
        "jobTitle": "President of the republic",
        "sameAs": claimant.find("a").attrs["href"],
    }
    assert "President of the republic" in page.find("section", cls="claim__who").text()
    assert item["author"]["sameAs"] == "https://www.wikidata.org/wiki/Q1000001"
    assert item["datePublished"] == page.find("time", cls="claim__claimed-on").attrs["datetime"]
    passages = page.find("section", cls="claim__passages")
    links = [a.attrs["href"] for a in passages.find_all("a", cls="original-link")]
    assert [a["url"] for a in item["appearance"]] == links
    assert item["appearance"][0] == {
        "@type": "CreativeWork",
        "url": "https://herald.example.com/2026/01/talks",
        "headline": "Leaders agree on monthly talks",
        "datePublished": "2026-01-13",
        "publisher": {"@type": "Organization", "name": "Harbour Herald"},
    }
    # The earliest report: the Herald's of the 13th, before the Gazette's of the 14th.
    assert item["firstAppearance"] == item["appearance"][0]
    # Never a person on staff.
    assert desk.checker.username not in json.dumps(review)
    assert desk.editor.username not in json.dumps(review)


@pytest.fixture
def newsroom_profiles(settings):
    settings.NEWSROOM_SAME_AS = [
        "https://www.wikidata.org/wiki/Q2000002",
        "https://social.example/@desk",
    ]


def test_claimreview_first_appearance_is_the_earliest_report_not_the_first_listed(client, desk):
    later = desk.article(published_on=datetime.date(2026, 3, 10))
    claim = desk.draft(article=later)
    earlier = ArticleFactory(
        body="Officials said the council spent heavily.",
        url="https://early.example.org/first",
        published_on=datetime.date(2026, 3, 1),
    )
    services.appearance_add(
        claim=claim, article=earlier, quote="the council spent heavily", acting_user=desk.checker
    )
    claim = desk.publish(claim)

    _, review = claim_review(client.get(url_of(claim)))

    item = review["itemReviewed"]
    assert [a["url"] for a in item["appearance"]] == [later.url, earlier.url]
    assert item["firstAppearance"]["url"] == "https://early.example.org/first"


def test_the_short_form_is_claim_reviewed_and_shown_on_the_page(client, desk):
    claim = desk.draft(
        statement="The mayor told the council on Tuesday that the city spent twelve million "
        "on road repairs last year, more than any year before.",
        claim_reviewed="The city spent a record 12 million on roads last year.",
    )
    claim = desk.publish(claim)

    page, review = claim_review(client.get(url_of(claim)))

    assert review["claimReviewed"] == "The city spent a record 12 million on roads last year."
    assert review["claimReviewed"] == page.find(cls="claim__reviewed").text()
    assert review["headline"] == page.find("h1", id="claim-statement").text() == claim.statement


def test_a_republished_claim_says_when_it_was_updated(client, claim, desk, clock):
    clock.set(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    desk.unpublish(claim, note="Checking a second recording.")
    clock.set(datetime.datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    claim.refresh_from_db()
    claim = desk.publish(claim)

    page, review = claim_review(client.get(url_of(claim)))

    assert review["datePublished"] == "2026-01-16T08:00:00+00:00"
    assert review["dateModified"] == "2026-03-04T09:00:00+00:00"
    assert review["dateModified"] == page.find("time", cls="claim__modified").attrs["datetime"]


def test_claimreview_of_a_verdict_off_the_scale_has_its_label_only(client, desk):
    claim = desk.publish(ready={"rating": "unproven"})

    page, review = claim_review(client.get(url_of(claim)))

    assert review["reviewRating"] == {
        "@type": "Rating",
        "name": "Unproven",
        "alternateName": "Unproven",
        "description": page.find(cls="verdict-block__definition").text(),
        "ratingExplanation": "City accounts show a different figure.",
    }
    assert not page.find_all(cls="claim__rating-value")
    # No claimant, no claim date: those keys are left out, not left empty.
    assert set(review["itemReviewed"]) == {"@type", "appearance", "firstAppearance"}


def test_claimreview_cannot_break_out_of_its_script_element(client, desk):
    claim = desk.publish(statement="Tax < 5% & rising </script><script>alert(1)</script>")

    response = client.get(url_of(claim))
    raw = response.content.decode()
    block = raw[raw.index('type="application/ld+json">') :]
    block = block[: block.index("</script>")]

    assert "<" not in block.split(">", 1)[1]
    assert "\\u003C/script\\u003E" in block
    assert "\\u0026" in block
    _, review = claim_review(response)
    assert review["claimReviewed"] == claim.statement


def test_dumps_escapes_markup_characters():
    text = jsonld.dumps({"a": "<b> & </script>"})

    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "<b> & </script>"}


# Queries, whatever the number of sources, appearances and corrections:
#  1. the claim with rating, claimant, article, outlet and story (and its last correction date)
#  2. its appearances, with their articles and outlets
#  3. its citations, with their sources
#  4. its correction notes, with old and new ratings
#  5. its tags, by name
#  6. the rating scale's best and worst values
#  7. the published claims linked to it, with their verdicts and stories
CLAIM_PAGE_QUERIES = 7


@pytest.mark.parametrize("extra", [0, 3])
def test_query_count_does_not_grow_with_sources_appearances_or_corrections(
    client, claim, desk, extra, fact_checker
):
    for n in range(extra):
        services.citation_add(
            claim=claim, source=SourceFactory(), stance=Stance.SUPPORTS, acting_user=desk.editor
        )
        desk.correct(claim, note=f"Correction {n}.")
        services.appearance_add(
            claim=claim,
            article=ArticleFactory(body=f"Report {n}: talks every month."),
            quote="talks every month",
            acting_user=desk.editor,
        )

    desk.tag(claim, *(f"Topic {n}" for n in range(extra)))
    with queries(CLAIM_PAGE_QUERIES):
        response = client.get(url_of(claim))

    page = parse(response.content)
    assert len(page.find("ol", cls="sources").find_all("li", cls="source")) == 2 + extra
    assert len(page.find_all("li", cls="update")) == extra
