import datetime
from pathlib import Path

import pytest

from articles.analysis.text import paragraphs
from articles.importers.base import ImportRefused
from articles.importers.plaintext import analyse_paragraphs, parse_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"


def parse_seed(name):
    return parse_text((SEEDS / name).read_text(encoding="utf-8"), source=name)


def parse_fixture(name):
    return parse_text((FIXTURES / name).read_text(encoding="utf-8"), source=name)


def parse(text):
    return parse_text(text, source="inline.txt")


# Seeds ------------------------------------------------------------------------


SEED_TABLE = [
    (
        "000_f95a08d50b60e95d.txt",
        {
            "headline": "",
            "outlet": "",
            "byline": "",
            "dateline": "",
            "published_on": None,
        },
        "TL;DR",
        "mainly as symbolic gestures?",
    ),
    (
        "003_b0ea80b5eb0e868a.txt",
        {
            "headline": "",
            "outlet": "",
            "byline": "",
            "dateline": "",
            "published_on": None,
        },
        "Japanese Prime Minister Sanae Takaichi and South Korean President",
        "amid regional uncertainty.",
    ),
    (
        "004_040c7275d7bd54cd.txt",
        {
            "headline": (
                "A Surprise Jam Session: Seoul and Tokyo Leaders Use Music to Signal Warmer Ties"
            ),
            "outlet": "Korea Bizwire",
            "byline": "M. H. Lee",
            "dateline": "NARA, JAPAN & SEOUL, Jan. 13",
            "published_on": datetime.date(2026, 1, 13),
        },
        "President Lee Jae-myung and Japanese Prime Minister Sanae Takaichi performing a drum duet",
        "an intimate moment of shared expression.",
    ),
]


@pytest.mark.parametrize(("name", "expected", "starts", "ends"), SEED_TABLE)
def test_seed_metadata_is_what_the_text_states(name, expected, starts, ends):
    article = parse_seed(name)

    assert {field: getattr(article, field) for field in expected} == expected
    assert article.published_at is None
    assert article.body.startswith(starts)
    assert article.body.endswith(ends)


@pytest.mark.parametrize("name", [row[0] for row in SEED_TABLE])
def test_seed_keeps_raw_input_and_text_format(name):
    raw = (SEEDS / name).read_text(encoding="utf-8")

    article = parse_text(raw, source=name, url="https://example.org/a")

    assert article.raw_input == raw
    assert article.format == "text"
    assert article.source == name
    assert article.url == "https://example.org/a"


def test_label_first_seed_keeps_labels_post_sources_and_question_in_the_body():
    body = paragraphs(parse_seed("000_f95a08d50b60e95d.txt").body)

    assert body[0] == "TL;DR"
    assert body[1].startswith("Japan’s and South Korea’s leaders shared a surprise K-pop")
    for label in ("Why This Matters", "Key Facts & Quotes", "What It Means for You"):
        assert label in body
    assert "— さんきち👍✨ (@sankichi48) January 13, 2026" in body
    assert any(p.startswith("Sources: Official Instagram reel") for p in body)
    assert body[-1].startswith("Question for readers: Do informal cultural moments")
    assert len(body) == 19


def test_lede_first_seed_keeps_every_paragraph_and_its_typography():
    article = parse_seed("003_b0ea80b5eb0e868a.txt")
    body = paragraphs(article.body)

    assert len(body) == 7
    assert "light\u2011hearted viral moment" in body[0]
    assert "Yoon Suk Yeol — who declared martial law" in body[-1]


def test_site_seed_drops_repeated_headline_dateline_prefix_byline_and_comment_form():
    article = parse_seed("004_040c7275d7bd54cd.txt")
    body = paragraphs(article.body)

    assert body[1].startswith(
        "President Lee Jae-myung of South Korea and Prime Minister Sanae Takaichi of Japan struck"
    )
    assert "Korea Bizwire" not in article.body
    assert "NARA" not in article.body
    assert "Warmer Ties" not in article.body
    assert "Be Korea-savvy" not in article.body
    for gone in ("M. H. Lee", "@", "Leave a Reply", "Required fields", "HTML tags"):
        assert gone not in article.body
    assert len(body) == 9


def test_repeated_captions_in_site_seed_are_kept_once():
    body = parse_seed("004_040c7275d7bd54cd.txt").body

    assert body.count("performing a drum duet (Photo source:") == 1
    assert body.count("(Pool photo) (Yonhap)") == 1


# Paragraphs -------------------------------------------------------------------


def test_one_paragraph_per_line_file_keeps_each_line_as_a_paragraph():
    article = parse_fixture("lede_first.txt")

    assert len(paragraphs(article.body)) == 5


def test_hard_wrapped_blocks_become_one_paragraph_each():
    article = parse_fixture("hard_wrapped.txt")
    body = paragraphs(article.body)

    assert len(body) == 3
    assert body[0] == (
        "Volunteers counting wintering cranes along the northern shore of Lake Orvel "
        "recorded 4,312 birds on Sunday, the highest tally since the survey began. "
        "Organisers said mild weather had kept the shallows free of ice."
    )
    assert body[1].endswith("before it is sent to the national register.")


def test_lowercase_continuation_is_joined_but_sentences_on_own_lines_are_not():
    article = parse("The mayor said the plan\nwould go ahead.\nA second point followed.\n\nEnd.")

    assert paragraphs(article.body) == [
        "The mayor said the plan would go ahead.",
        "A second point followed.",
        "End.",
    ]


# Headline ---------------------------------------------------------------------


def test_first_line_lede_is_never_the_headline():
    article = parse_fixture("lede_first.txt")

    assert article.headline == ""
    assert article.body.startswith("The regional water board approved a 4 percent rate rise")


def test_site_suffix_is_dropped_and_repeated_headline_leaves_the_body():
    article = parse_fixture("site_suffix.txt")

    assert article.headline == "City Council Votes to Keep the Night Market on Canal Street"
    assert "Night Market on Canal Street" not in article.body
    assert "Riverside Ledger" not in article.body
    assert article.outlet == ""
    assert article.body.startswith("The Riverside city council voted 7–2 on Monday night")


def test_headline_is_the_longest_segment_wherever_the_site_name_stands():
    article = parse("Ledger | Ferry Service Returns to the Island After Storm Repairs\nBoats ran.")

    assert article.headline == "Ferry Service Returns to the Island After Storm Repairs"


def test_label_first_newsletter_has_no_headline():
    article = parse_fixture("newsletter_labels.txt")
    body = paragraphs(article.body)

    assert article.headline == ""
    assert body[0] == "The Week in Transit"
    assert "Top Stories" in body
    assert body[-1] == "Question for readers: Would you pay more for a late-night bus service?"


def test_very_short_first_line_is_a_label_not_a_headline():
    article = parse("Summary\nThe bridge reopened on Friday after repairs.")

    assert article.headline == ""
    assert article.body.startswith("Summary\n\n")


def test_short_headline_is_kept_when_later_labels_are_of_another_kind():
    article = parse(
        "Council approves new budget for parks\n"
        "The council approved the parks budget on Monday.\n"
        "WHAT HAPPENS NEXT\n"
        "Work starts in May."
    )

    assert article.headline == "Council approves new budget for parks"
    assert "WHAT HAPPENS NEXT" in article.body


def test_analyse_paragraphs_can_leave_the_first_line_alone():
    analysis = analyse_paragraphs(
        [
            "Harbour Pilots End Strike After Overnight Talks",
            "SEOUL (Reuters) — Pilots ended their strike.",
        ],
        find_headline=False,
    )

    assert analysis.headline == ""
    assert analysis.paragraphs == [
        "Harbour Pilots End Strike After Overnight Talks",
        "Pilots ended their strike.",
    ]
    assert (analysis.dateline, analysis.outlet) == ("SEOUL", "Reuters")


# Dateline and dates -----------------------------------------------------------


def test_wire_dateline_gives_place_and_agency_and_leaves_the_paragraph():
    article = parse_fixture("wire_dateline.txt")

    assert article.dateline == "SEOUL"
    assert article.outlet == "Reuters"
    assert article.published_on is None
    assert article.body.startswith("South Korea’s harbour pilots ended a three-day strike")
    assert "(Reuters)" not in article.body


def test_hard_wrapped_dateline_year_comes_from_a_full_date_in_the_text():
    article = parse_fixture("hard_wrapped.txt")

    assert article.dateline == "LAKE ORVEL, Feb. 2"
    assert article.outlet == "Valley Courier"
    assert article.published_on == datetime.date(2026, 2, 2)
    assert article.body.startswith("Volunteers counting wintering cranes")


def test_dateline_with_region_and_full_date_and_no_outlet():
    article = parse("AUSTIN, Texas, March 3, 2025 — The library extended its hours.")

    assert article.dateline == "AUSTIN, Texas, March 3, 2025"
    assert article.outlet == ""
    assert article.published_on == datetime.date(2025, 3, 3)
    assert article.body == "The library extended its hours."


def test_dateline_with_spaced_hyphen_and_year_across_new_year():
    article = parse(
        "OSLO, Dec. 30 (Nordic Wire) - The harbour froze over.\n"
        "Icebreakers are booked until January 2, 2026."
    )

    assert article.dateline == "OSLO, Dec. 30"
    assert article.published_on == datetime.date(2025, 12, 30)
    assert article.body.startswith("The harbour froze over.")


def test_dateline_date_far_from_any_full_date_stays_empty():
    article = parse("LIMA, Jan. 13 (Andes Post) — Rain fell.\nThe vote is on June 20, 2026.")

    assert article.dateline == "LIMA, Jan. 13"
    assert article.published_on is None


def test_lowercase_opening_with_a_dash_is_not_a_dateline():
    article = parse_fixture("site_suffix.txt")

    assert article.dateline == ""
    assert "voted 7–2 on Monday" in article.body


def test_standalone_date_line_with_zone_gives_an_aware_time():
    article = parse_fixture("published_line.txt")

    assert article.published_on == datetime.date(2025, 3, 4)
    assert article.published_at == datetime.datetime(2025, 3, 4, 14, 5, tzinfo=datetime.UTC)
    assert "Published" not in article.body
    assert article.body.startswith("The city glass museum reopened its east wing on Tuesday")


@pytest.mark.parametrize(
    ("line", "published_at"),
    [
        (
            "2025-11-20T08:15:00+09:00",
            datetime.datetime(
                2025, 11, 20, 8, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=9))
            ),
        ),
        (
            "Posted on Nov. 20, 2025 at 8:15 p.m. KST",
            datetime.datetime(
                2025, 11, 20, 20, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=9))
            ),
        ),
        (
            "Thursday, 20 November 2025, 06:00 UTC-05:00",
            datetime.datetime(
                2025, 11, 20, 6, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
            ),
        ),
    ],
)
def test_date_line_time_zones_and_offsets(line, published_at):
    article = parse(f"Night Trains Return to the Coastal Line\n{line}\nThe first train left.")

    assert article.published_at == published_at
    assert article.published_on == datetime.date(2025, 11, 20)
    assert article.body == "The first train left."


@pytest.mark.parametrize("line", ["November 20, 2025 14:05", "November 20, 2025 14:05 CST"])
def test_time_without_a_certain_zone_gives_only_the_date(line):
    article = parse(f"Night Trains Return to the Coastal Line\n{line}\nThe first train left.")

    assert article.published_on == datetime.date(2025, 11, 20)
    assert article.published_at is None


def test_date_line_in_the_newsletter_header_gives_the_date():
    article = parse_fixture("newsletter_labels.txt")

    assert article.published_on == datetime.date(2026, 3, 3)
    assert "Tuesday, March 3, 2026" not in article.body


def test_embedded_post_signature_is_not_a_publication_date():
    article = parse(
        "Mayor Opens the New Riverside Boardwalk\n"
        "The boardwalk opened on Saturday.\n"
        "Finally walking the river at night 🌙\n"
        "— Ada Quist (@adaquist) May 3, 2025\n"
        "Crowds stayed until midnight."
    )

    assert article.published_on is None
    assert "— Ada Quist (@adaquist) May 3, 2025" in article.body


# Byline -----------------------------------------------------------------------


def test_by_line_at_the_top_is_the_byline():
    article = parse_fixture("wire_dateline.txt")

    assert article.byline == "Jane Doe"
    assert "By Jane Doe" not in article.body
    assert paragraphs(article.body)[-1] == "Reporting by Jane Doe; Editing by Tom Alder"


def test_byline_with_several_names_and_date_line_leave_the_header():
    article = parse_fixture("published_line.txt")

    assert article.byline == "Amara Okafor and Tomás Ruiz"
    assert "Okafor" not in article.body


def test_by_line_at_the_end_is_the_byline():
    article = parse_fixture("hard_wrapped.txt")

    assert article.byline == "Olek Brandt"
    assert article.body.endswith("Results will be published in April.")


def test_name_with_email_at_the_end_is_the_byline():
    article = parse_fixture("comment_form.txt")

    assert article.byline == "Priya Natarajan"
    assert "Natarajan" not in article.body
    assert "@" not in article.body


def test_section_label_starting_with_by_is_not_a_byline():
    article = parse("By the Numbers\nThe fair sold 4,000 loaves.\nBy The Way\nIt rained.")

    assert article.byline == ""
    assert article.body.startswith("By the Numbers")
    assert article.body.endswith("By The Way\n\nIt rained.")


# Boilerplate ------------------------------------------------------------------


def test_comment_form_share_widgets_and_newsletter_prompt_are_removed():
    article = parse_fixture("comment_form.txt")
    body = paragraphs(article.body)

    for gone in (
        "Share this",
        "Like this",
        "Loading",
        "Leave a Comment",
        "Required fields",
        "Post Comment",
        "newsletter",
        "Opens in new window",
        "Related",
    ):
        assert gone not in article.body
    assert body[0].startswith("The Millbrook bakers’ guild will sell a dark rye loaf")
    assert body[-1] == "Sources: guild meeting minutes (September 2025); interview with Oskar Hale."
    assert len(body) == 4


def test_newsletter_prompt_at_the_end_is_removed():
    article = parse_fixture("newsletter_labels.txt")

    assert "Subscribe" not in article.body


# Normalisation and refusal ----------------------------------------------------


def test_body_is_nfc_with_plain_spaces_and_published_typography():
    article = parse(
        "Cafe\u0301 owners\u00a0“welcome” the K\u2011pop night — finally 🎉.\n\n"
        "Second\u202fparagraph."
    )

    assert article.body == (
        "Café owners “welcome” the K\u2011pop night — finally 🎉.\n\nSecond paragraph."
    )


def test_raw_input_is_kept_untouched():
    raw = "Cafe\u0301\r\nline\u00a0two.\r\n"

    assert parse(raw).raw_input == raw


@pytest.mark.parametrize("text", ["", "  \n\n \u00a0\n"])
def test_empty_text_is_refused(text):
    with pytest.raises(ImportRefused, match="empty"):
        parse(text)


def test_text_that_is_only_boilerplate_is_refused():
    with pytest.raises(ImportRefused, match="no article text"):
        parse("Share this:\nLike this:\nLoading...")
