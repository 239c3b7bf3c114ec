"""Reading other fact-checkers' ClaimReview: feeds, JSON-LD documents, HTML pages."""

import datetime
import json

import pytest

from articles.importers.base import ImportRefused
from articles.importers.claimreview import ClaimReviewRefused, parse_claimreviews


def review(n=1, **changes):
    value = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checker.example.org/checks/{n}",
        "claimReviewed": f"The bridge cost {n} billion.",
        "datePublished": "2026-01-20",
        "author": {
            "@type": "Organization",
            "name": "Checker Desk",
            "url": "https://checker.example.org/",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Minister Park"},
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": "2",
            "bestRating": 5,
            "worstRating": "1",
            "alternateName": "Mostly false",
        },
    }
    value.update(changes)
    return value


def feed(*elements):
    return json.dumps(
        {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": list(elements)}
    )


def item(value):
    return {"@type": "DataFeedItem", "dateCreated": "2026-01-20T10:00:00Z", "item": value}


def page(*blocks, broken=()):
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(block)}</script>' for block in blocks
    )
    scripts += "".join(f'<script type="application/ld+json">{text}</script>' for text in broken)
    return f"<!doctype html><html><head>{scripts}</head><body><h1>Check</h1></body></html>"


def test_a_feed_of_data_feed_items_gives_every_review_with_its_fields():
    parsed = parse_claimreviews(feed(item(review(1)), item(review(2))))

    assert [fact_check.url for fact_check in parsed] == [
        "https://checker.example.org/checks/1",
        "https://checker.example.org/checks/2",
    ]
    first = parsed[0]
    assert first.claim_reviewed == "The bridge cost 1 billion."
    assert first.claimant_name == "Minister Park"
    assert first.rating_text == "Mostly false"
    assert (first.rating_value, first.best_rating, first.worst_rating) == (2.0, 5.0, 1.0)
    assert (first.publisher_name, first.publisher_url) == (
        "Checker Desk",
        "https://checker.example.org/",
    )
    assert first.date_published == datetime.date(2026, 1, 20)
    assert first.raw == review(1)


def test_a_feed_of_plain_claimreview_elements_is_read_too():
    parsed = parse_claimreviews(feed(review(1), review(2), review(3)))

    assert len(parsed) == 3


def test_an_item_may_hold_several_reviews():
    parsed = parse_claimreviews(feed({"@type": "DataFeedItem", "item": [review(1), review(2)]}))

    assert len(parsed) == 2


def test_a_plain_json_ld_document_with_one_or_several_reviews():
    assert len(parse_claimreviews(json.dumps(review(1)))) == 1
    assert len(parse_claimreviews(json.dumps([review(1), review(2)]))) == 2


def test_an_html_page_with_json_ld_blocks_and_a_graph():
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, review(2)]}
    nested = {"@type": "WebPage", "mainEntity": review(3)}

    parsed = parse_claimreviews(page(review(1), graph, nested, {"@type": "Organization"}))

    assert [fact_check.url.rsplit("/", 1)[1] for fact_check in parsed] == ["1", "2", "3"]


def test_a_broken_block_beside_the_review_does_not_stop_the_page():
    parsed = parse_claimreviews(page(review(1), broken=["{not json"]))

    assert len(parsed) == 1


def test_a_page_whose_only_block_is_broken_says_so():
    with pytest.raises(ClaimReviewRefused) as refused:
        parse_claimreviews(page(broken=["{not json"]))

    assert refused.value.problems[0].startswith("script block 1: not valid JSON")


def test_types_as_lists_prefixed_or_full_addresses_are_recognised():
    values = [
        review(1, **{"@type": ["ClaimReview"]}),
        review(2, **{"@type": "schema:ClaimReview"}),
        review(3, **{"@type": "http://schema.org/ClaimReview"}),
    ]

    assert len(parse_claimreviews(json.dumps(values))) == 3


def test_several_authors_of_the_claim_are_named_together_and_rating_name_is_a_fallback():
    value = review(
        itemReviewed={"@type": "Claim", "author": [{"name": "Park"}, {"name": "Lee"}]},
        reviewRating={"@type": "Rating", "name": "False"},
    )

    (parsed,) = parse_claimreviews(json.dumps(value))

    assert parsed.claimant_name == "Park, Lee"
    assert parsed.rating_text == "False"
    assert parsed.rating_value is None


def test_a_moment_is_stored_as_the_publishers_day():
    (parsed,) = parse_claimreviews(json.dumps(review(datePublished="2026-01-20T23:30:00-05:00")))

    assert parsed.date_published == datetime.date(2026, 1, 20)


def test_every_bad_review_is_named_with_what_is_wrong_and_nothing_is_returned():
    bad = [
        item(review(1)),
        item(review(2, url="")),
        item(review(3, claimReviewed="  ")),
        item(review(4, datePublished="last Tuesday")),
        item(review(5, reviewRating={"ratingValue": "two", "alternateName": "False"})),
        {"@type": "DataFeedItem", "item": {"@type": "Article"}},
        {"@type": "Thing"},
        item(review(1)),
    ]

    with pytest.raises(ClaimReviewRefused) as refused:
        parse_claimreviews(feed(*bad))

    assert refused.value.problems == [
        "dataFeedElement 2: url is missing",
        "dataFeedElement 3 (https://checker.example.org/checks/3): claimReviewed is missing",
        'dataFeedElement 4 (https://checker.example.org/checks/4): datePublished "last Tuesday"'
        " is not a date",
        'dataFeedElement 5 (https://checker.example.org/checks/5): reviewRating.ratingValue "two"'
        " is not a number",
        "dataFeedElement 6: its item is not a ClaimReview",
        "dataFeedElement 7: not a DataFeedItem or a ClaimReview (Thing)",
        "dataFeedElement 8 (https://checker.example.org/checks/1): the same url as"
        " dataFeedElement 1",
    ]
    assert str(refused.value).startswith("nothing imported: dataFeedElement 2: url is missing; ")


def test_a_review_without_any_rating_is_refused():
    with pytest.raises(ClaimReviewRefused) as refused:
        parse_claimreviews(json.dumps(review(reviewRating=None)))

    assert refused.value.problems == [
        "the ClaimReview (https://checker.example.org/checks/1): "
        "reviewRating has no alternateName, name or ratingValue"
    ]


@pytest.mark.parametrize(
    ("url", "why"),
    [("javascript:alert(1)", "is not an http(s) address"), ("/checks/1", "is not an http(s)")],
)
def test_only_web_addresses_identify_a_review(url, why):
    with pytest.raises(ClaimReviewRefused) as refused:
        parse_claimreviews(json.dumps(review(url=url)))

    assert why in refused.value.problems[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"@type": "NewsArticle"}', "no ClaimReview found"),
        ("<html><body>No structured data</body></html>", "no ClaimReview found"),
        ("[1, 2", "not valid JSON"),
    ],
)
def test_documents_without_reviews_are_refused_with_a_reason(text, message):
    with pytest.raises(ImportRefused, match=message):
        parse_claimreviews(text)


def test_a_long_list_of_problems_is_cut_in_the_message_but_kept_whole():
    with pytest.raises(ClaimReviewRefused) as refused:
        parse_claimreviews(feed(*[item(review(n, url="")) for n in range(1, 31)]))

    assert len(refused.value.problems) == 30
    assert str(refused.value).endswith("dataFeedElement 20: url is missing; and 10 more")
