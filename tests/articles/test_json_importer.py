"""The JSON importer: a list of article objects (or one), validated as a whole
before anything is returned."""

import datetime
import json
import pathlib

import pytest

from articles.importers import ImportRefused, parse_document
from articles.importers.jsonfeed import parse_json

FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures" / "json"
JST = datetime.timezone(datetime.timedelta(hours=9))
CET = datetime.timezone(datetime.timedelta(hours=1))


def fixture(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def parse_objects(*objects):
    return parse_json(json.dumps(list(objects)), source="feed.json")


def refused(*objects):
    with pytest.raises(ImportRefused) as caught:
        parse_objects(*objects)
    return str(caught.value)


BODY = {"body": "The council approved the budget on Tuesday."}


# Valid feeds -------------------------------------------------------------------


def test_reads_every_article_of_a_list_in_order():
    articles = parse_json(fixture("feed.json"), source="feed.json")
    assert [a.headline for a in articles] == [
        "Harbour authority confirms dredging contract",
        "Dredging firm won contract without tender, documents show",
        "",
    ]
    assert {a.format for a in articles} == {"json"}


def test_reads_all_fields_of_an_article():
    first = parse_json(fixture("feed.json"), source="feed.json")[0]
    assert first.outlet == "The Harbour Gazette"
    assert first.byline == "Mirela Okonkwo-Hart"
    assert first.dateline == "SKERROW"
    assert first.published_on == datetime.date(2026, 1, 20)
    assert first.published_at == datetime.datetime(2026, 1, 20, 16, 45, tzinfo=JST)
    assert first.language == "en-GB"
    assert first.url == "https://harbourgazette.example/news/2026/01/20/dredging-contract"
    assert first.story == "skerrow-harbour-dredging"


def test_body_is_canonical_with_paragraphs_on_blank_lines():
    first, second, _ = parse_json(fixture("feed.json"), source="feed.json")
    assert first.body == (
        "The Skerrow harbour authority has awarded a £14m dredging contract to Bellmoor Marine, "
        "its chair confirmed on Tuesday.\n\n"
        "The work will deepen the main channel to eight metres so that larger ferries can "
        "berth at low tide.\n\n"
        "“It is the biggest investment in the port for thirty years,” said the chair, "
        "Eilidh Vance."
    )
    # "text" is an alias of "body"; a single line break stays within the paragraph.
    assert second.body == (
        "Documents seen by Meridian Wire show the Skerrow harbour authority awarded its "
        "dredging contract to Bellmoor Marine without an open tender.\n\n"
        "The authority said an exemption for urgent safety work applied."
    )


def test_source_is_the_url_or_the_file_name_with_the_position():
    articles = parse_json(fixture("feed.json"), source="uploads/feed.json")
    assert [a.source for a in articles] == [
        "https://harbourgazette.example/news/2026/01/20/dredging-contract",
        "uploads/feed.json#2",
        "uploads/feed.json#3",
    ]


def test_raw_input_is_the_json_of_that_one_object():
    articles = parse_json(fixture("feed.json"), source="feed.json")
    objects = json.loads(fixture("feed.json"))
    for article, obj in zip(articles, objects, strict=True):
        assert json.loads(article.raw_input) == obj
        assert article.raw_input == json.dumps(obj, ensure_ascii=False, indent=2)
    assert "£14m" in articles[0].raw_input  # not escaped to \u00a3


def test_null_and_missing_optional_fields_stay_empty():
    third = parse_json(fixture("feed.json"), source="feed.json")[2]
    assert third.headline == ""
    assert third.byline == ""
    assert third.outlet == ""
    assert third.published_on is None
    assert third.published_at is None
    assert third.url == ""
    assert third.story == ""


def test_accepts_a_single_object():
    [article] = parse_json(fixture("single.json"), source="single.json")
    assert article.source == "single.json#1"
    assert article.language == "nl"
    assert article.outlet == "Dagblad Kustlicht"


def test_published_on_is_the_date_of_published_at_when_only_the_time_is_given():
    [article] = parse_json(fixture("single.json"), source="single.json")
    assert article.published_at == datetime.datetime(2026, 2, 3, 18, 20, tzinfo=CET)
    assert article.published_on == datetime.date(2026, 2, 3)


def test_published_at_accepts_z_for_utc():
    [article] = parse_objects({**BODY, "published_at": "2026-02-03T17:20:00Z"})
    assert article.published_at == datetime.datetime(2026, 2, 3, 17, 20, tzinfo=datetime.UTC)


# Refusals ----------------------------------------------------------------------


def test_refuses_unparseable_json_with_line_and_column():
    with pytest.raises(
        ImportRefused, match=r"^not valid JSON: Expecting ',' delimiter \(line 8, column 5\)$"
    ):
        parse_json(fixture("broken.json"), source="broken.json")


def test_refuses_an_invalid_date_naming_position_and_field():
    with pytest.raises(ImportRefused) as caught:
        parse_json(fixture("bad_date.json"), source="bad_date.json")
    assert str(caught.value) == 'article 3: "published_on" is not a date (YYYY-MM-DD)'


@pytest.mark.parametrize("value", ["2026-02-30", "2025-02-29", "2026-13-01"])
def test_refuses_dates_that_do_not_exist(value):
    message = refused({**BODY, "published_on": value})
    assert message == f'article 1: "published_on" {value} is not a real date'


@pytest.mark.parametrize("value", ["20260113", "2026-1-13", "13 January 2026", "2026-01-13T10:00"])
def test_refuses_published_on_in_other_formats(value):
    assert refused({**BODY, "published_on": value}) == (
        'article 1: "published_on" is not a date (YYYY-MM-DD)'
    )


def test_refuses_a_naive_published_at():
    with pytest.raises(ImportRefused, match=r'^article 1: "published_at" has no timezone offset'):
        parse_json(fixture("naive_time.json"), source="naive_time.json")


def test_refuses_a_published_at_that_is_not_a_time():
    assert refused(BODY, {**BODY, "published_at": "yesterday"}).startswith(
        'article 2: "published_at" is not an ISO 8601 date and time'
    )


def test_refuses_unknown_fields_naming_them():
    with pytest.raises(ImportRefused, match=r'^article 1: unknown fields "title", "author" \('):
        parse_json(fixture("unknown_fields.json"), source="unknown_fields.json")


def test_refuses_an_empty_body():
    with pytest.raises(ImportRefused, match=r'^article 2: "body" is missing or empty$'):
        parse_json(fixture("missing_body.json"), source="missing_body.json")


def test_refuses_a_missing_body():
    assert refused({"headline": "No text"}) == 'article 1: "body" is missing or empty'


def test_refuses_an_empty_text_alias_naming_it():
    assert refused({"text": ""}) == 'article 1: "text" is missing or empty'


def test_refuses_both_body_and_text():
    assert refused({**BODY, "text": "Other words."}) == (
        'article 1: give "body" or its alias "text", not both'
    )


def test_refuses_an_empty_list():
    with pytest.raises(ImportRefused, match=r"^the JSON list is empty"):
        parse_json(fixture("empty_list.json"), source="empty_list.json")


@pytest.mark.parametrize(
    ("text", "kind"), [('"an article"', "a string"), ("42", "a number"), ("null", "null")]
)
def test_refuses_a_document_that_is_neither_list_nor_object(text, kind):
    with pytest.raises(ImportRefused, match=rf"^expected a list of article objects .*got {kind}$"):
        parse_json(text, source="x.json")


@pytest.mark.parametrize(("item", "kind"), [("[]", "a list"), ('"words"', "a string")])
def test_refuses_a_list_item_that_is_not_an_object(item, kind):
    text = f"[{json.dumps(BODY)}, {item}]"
    with pytest.raises(ImportRefused, match=rf"^article 2: expected an object, got {kind}$"):
        parse_json(text, source="x.json")


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("headline", 12, "a number"),
        ("byline", ["A. Writer"], "a list"),
        ("published_on", True, "true/false"),
        ("body", {"text": "nested"}, "an object"),
    ],
)
def test_refuses_fields_of_the_wrong_type(field, value, kind):
    assert refused({**BODY, field: value}) == f'article 1: "{field}" must be a string, got {kind}'


def test_refuses_a_story_that_is_not_a_slug():
    assert refused({**BODY, "story": "Harbour dredging!"}).startswith(
        'article 1: "story" must be a slug'
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.org/a", "/news/1"])
def test_refuses_a_url_that_is_not_a_web_address(url):
    assert refused({**BODY, "url": url}) == 'article 1: "url" is not an http or https URL'


def test_refuses_a_language_that_is_not_a_language_tag():
    assert refused({**BODY, "language": "English (UK)"}).startswith(
        'article 1: "language" is not a language tag'
    )


def test_refuses_a_headline_longer_than_the_database_allows():
    assert refused({**BODY, "headline": "x" * 501}) == (
        'article 1: "headline" is longer than 500 characters'
    )


def test_refuses_two_articles_with_the_same_url():
    url = "https://example.org/news/1"
    assert refused({**BODY, "url": url}, BODY, {**BODY, "url": url}) == (
        'article 3: "url" is the same as article 1\'s'
    )


def test_one_bad_article_refuses_the_whole_file():
    with pytest.raises(ImportRefused, match=r"^article 3: "):
        parse_objects(BODY, BODY, {**BODY, "published_on": "soon"}, BODY)


# End to end --------------------------------------------------------------------


def test_parse_document_turns_json_bytes_into_articles():
    data = (FIXTURES / "feed.json").read_bytes()
    articles = parse_document(data, name="feed.json", max_bytes=5_000_000)
    assert len(articles) == 3
    assert [a.format for a in articles] == ["json"] * 3
    assert articles[1].source == "feed.json#2"
    assert articles[0].published_at == datetime.datetime(2026, 1, 20, 16, 45, tzinfo=JST)


def test_parse_document_recognises_json_by_content():
    data = (FIXTURES / "single.json").read_bytes()
    [article] = parse_document(data, name="export", max_bytes=5_000_000)
    assert article.format == "json"
    assert article.source == "export#1"


def test_parse_document_passes_json_refusals_on():
    data = (FIXTURES / "bad_date.json").read_bytes()
    with pytest.raises(ImportRefused, match=r'^article 3: "published_on"'):
        parse_document(data, name="bad_date.json", max_bytes=5_000_000)
