"""The HTML importer: main text without page furniture, metadata the page
states (and nothing it does not), and the text analysis filling the gaps."""

import datetime
import pathlib

import pytest

from articles.importers import ImportRefused, parse_document
from articles.importers.html import parse_html

FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures" / "html"
JST = datetime.timezone(datetime.timedelta(hours=9))


def fixture(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def parse(name, **kwargs):
    return parse_html(fixture(name), source=f"uploads/{name}", **kwargs)


def page(head="", lead=""):
    """A minimal page around a few paragraphs of article text, after ``lead``."""
    paragraphs = "".join(
        f"<p>{text}</p>"
        for text in (
            "The Kessler Dam reservoir stood at 41 percent of capacity on Sunday, the regional "
            "water authority said, the lowest level recorded in February since 1992.",
            "Hosepipe restrictions will remain in force until the level passes 60 percent, "
            "the authority added in its weekly bulletin to households.",
        )
    )
    return f"<html><head>{head}</head><body><article>{lead}{paragraphs}</article></body></html>"


# Main text ---------------------------------------------------------------------


def test_body_is_the_article_text_in_paragraphs_separated_by_blank_lines():
    article = parse("harbour_gazette.html")
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("The operator of the Calder Line ferries has rejected")
    assert paragraphs[-1] == (
        "Passenger groups have called for the full inspection records to be published."
    )
    assert "\n\n\n" not in article.body


def test_navigation_footer_comments_and_promotions_stay_out_of_the_body():
    body = parse("harbour_gazette.html").body
    for boilerplate in (
        "Subscribe for £1 a week",
        "We use cookies",
        "Related stories",
        "Skerrow winter timetable",
        "morning briefing",
        "saltydog77",
        "nobody showed us where the lifejackets were",
        "All rights reserved",
    ):
        assert boilerplate not in body


def test_the_headline_is_not_repeated_at_the_top_of_the_body():
    article = parse("harbour_gazette.html")
    assert article.headline == "Ferry operator denies safety report findings"
    assert not article.body.startswith("Ferry operator denies")


def test_typography_is_kept_as_published():
    body = parse("harbour_gazette.html").body
    assert "inspector’s finding" in body
    assert "“figures that are eighteen months out of date”" in body


def test_raw_input_is_the_html_exactly_as_given_and_format_is_html():
    html = fixture("harbour_gazette.html")
    article = parse_html(html, source="uploads/harbour_gazette.html")
    assert article.raw_input == html
    assert article.format == "html"
    assert article.source == "uploads/harbour_gazette.html"


# Page metadata -----------------------------------------------------------------


def test_reads_headline_byline_outlet_and_language_from_page_metadata():
    article = parse("harbour_gazette.html")
    assert article.headline == "Ferry operator denies safety report findings"
    assert article.byline == "Mirela Okonkwo-Hart"
    assert article.outlet == "The Harbour Gazette"
    assert article.language == "en-GB"


def test_published_time_with_its_zone_comes_from_article_meta():
    article = parse("harbour_gazette.html")
    assert article.published_at == datetime.datetime(2026, 1, 13, 9, 30, tzinfo=JST)
    assert article.published_on == datetime.date(2026, 1, 13)


def test_published_time_comes_from_json_ld_when_there_is_no_meta():
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebPage", "name": "Reservoir"},'
        '{"@type": "NewsArticle", "datePublished": "2026-02-08T22:15:00Z"}]}</script>'
    )
    article = parse_html(page(head=ld), source="reservoir.html")
    assert article.published_at == datetime.datetime(2026, 2, 8, 22, 15, tzinfo=datetime.UTC)
    assert article.published_on == datetime.date(2026, 2, 8)


def test_a_time_without_a_zone_gives_only_the_date():
    meta = '<meta property="article:published_time" content="2026-02-08T22:15:00">'
    article = parse_html(page(head=meta), source="reservoir.html")
    assert article.published_on == datetime.date(2026, 2, 8)
    assert article.published_at is None


def test_a_date_only_meta_gives_the_date_and_no_time():
    article = parse("byline_conflict.html")
    assert article.published_on == datetime.date(2026, 2, 3)
    assert article.published_at is None


def test_a_modification_date_is_not_taken_for_the_publication_date():
    meta = '<meta property="article:modified_time" content="2026-02-09T08:00:00+01:00">'
    article = parse_html(page(head=meta), source="reservoir.html")
    assert article.published_on is None
    assert article.published_at is None


def test_a_broken_json_ld_block_is_ignored():
    head = '<script type="application/ld+json">{"datePublished": </script>'
    article = parse_html(page(head=head), source="reservoir.html")
    assert article.published_on is None
    assert "Kessler Dam" in article.body


def test_canonical_url_is_used_when_the_caller_gave_none():
    article = parse("harbour_gazette.html")
    assert article.url == (
        "https://harbourgazette.example/news/2026/01/13/ferry-operator-denies-safety-report"
    )


def test_the_url_the_caller_gave_wins_over_the_canonical_one():
    article = parse("harbour_gazette.html", url="https://mirror.example/ferry")
    assert article.url == "https://mirror.example/ferry"


def test_language_falls_back_to_og_locale():
    meta = '<meta property="og:locale" content="pt_BR">'
    assert parse_html(page(head=meta), source="r.html").language == "pt-BR"


# Nothing invented --------------------------------------------------------------


def test_a_page_without_title_or_date_has_empty_headline_and_no_date():
    article = parse("untitled_undated.html")
    assert article.headline == ""
    assert article.published_on is None
    assert article.published_at is None
    assert article.byline == ""
    assert article.outlet == ""
    assert article.language == ""
    assert article.body.startswith("The town council of Eastmere voted")


def test_no_date_is_guessed_from_the_url_or_the_text():
    # The canonical URL holds /2026/01/05/ and the text says "5 March 2026".
    article = parse("guessable_date.html")
    assert article.published_on is None
    assert article.published_at is None


def test_the_outlet_is_not_made_up_from_the_host_name():
    article = parse("guessable_date.html")
    assert article.url == "https://eastmere-courier.example/2026/01/05/library-vote"
    assert article.outlet == ""


# Text analysis -----------------------------------------------------------------


def test_dateline_byline_and_outlet_come_from_the_text_when_the_page_has_no_metadata():
    article = parse("wire_dateline.html")
    assert article.headline == "Drought cuts Valdora grain harvest by a third, ministry says"
    assert article.byline == "Ilse Varga and Tomas Reyes-Lund"
    assert article.dateline == "PORTO NOVA"
    assert article.outlet == "Meridian Wire"
    assert article.published_on is None


def test_the_dateline_prefix_and_credit_line_leave_the_body():
    body = parse("wire_dateline.html").body
    assert body.startswith("Valdora's wheat and barley harvest fell by about a third")
    assert "By Ilse Varga" not in body
    assert "PORTO NOVA" not in body
    assert "Most read" not in body
    assert "Trust principles" not in body


def test_page_metadata_wins_over_what_the_text_states():
    article = parse("byline_conflict.html")
    assert article.byline == "Femke de Wolff"  # <meta name="author">, not "By Pieter Hogendijk"
    assert article.outlet == "Coastlight Daily"
    assert article.dateline == "VLIETHAVEN"  # only the text states it
    assert article.body.startswith("Residents aged 65 and over")


def test_a_date_stated_only_in_the_text_fills_the_publication_date():
    lead = "<p>By Ana Whitcombe</p><p>February 8, 2026</p>"
    article = parse_html(page(lead=lead), source="reservoir.html")
    assert article.byline == "Ana Whitcombe"
    assert article.published_on == datetime.date(2026, 2, 8)
    assert article.body.startswith("The Kessler Dam reservoir")


# Refusals ----------------------------------------------------------------------


def test_refuses_a_page_with_no_article_text():
    with pytest.raises(ImportRefused, match=r"^no article text found in the page$"):
        parse("no_article.html")


@pytest.mark.parametrize("html", ["", "   ", "<html><head><title>Empty</title></head></html>"])
def test_refuses_empty_pages(html):
    with pytest.raises(ImportRefused):
        parse_html(html, source="empty.html")


# End to end --------------------------------------------------------------------


def test_parse_document_turns_html_bytes_into_one_article():
    data = (FIXTURES / "harbour_gazette.html").read_bytes()
    articles = parse_document(data, name="harbour_gazette.html", max_bytes=5_000_000)
    assert len(articles) == 1
    assert articles[0].format == "html"
    assert articles[0].source == "harbour_gazette.html"
    assert articles[0].headline == "Ferry operator denies safety report findings"
    assert articles[0].raw_input == data.decode("utf-8")


def test_parse_document_recognises_html_by_content_and_keeps_the_fetch_url():
    data = (FIXTURES / "wire_dateline.html").read_bytes()
    url = "https://meridianwire.example/valdora-harvest"
    [article] = parse_document(data, name=url, url=url, max_bytes=5_000_000)
    assert article.format == "html"
    assert article.source == url
    assert article.url == url
    assert article.dateline == "PORTO NOVA"


def test_parse_document_refuses_a_page_without_an_article():
    data = (FIXTURES / "no_article.html").read_bytes()
    with pytest.raises(ImportRefused, match="no article text"):
        parse_document(data, name="no_article.html", max_bytes=5_000_000)
