"""Check-worthy sentences: which sentences of a report are worth a claim, and why.

The passages are written for these tests; two tests read a seed report as the
importer stores it.
"""

import datetime
from pathlib import Path

import pytest

from articles.analysis.detection.checkworthy import checkworthy_sentences
from articles.importers.plaintext import parse_text

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
MONDAY = datetime.date(2026, 3, 2)


def ranked(body, **kwargs):
    return checkworthy_sentences(body, reference=kwargs.pop("reference", MONDAY), **kwargs)


def reasons_of(body, fragment):
    """The reasons given for the one listed sentence containing ``fragment``."""
    matches = [s for s in ranked(body) if fragment in s.text]
    assert len(matches) == 1, [s.text for s in ranked(body)]
    return matches[0].reasons


def texts(body):
    return [s.text for s in ranked(body)]


def test_offsets_give_back_the_text_of_each_sentence():
    body = (
        "The council met on Tuesday.\n\n"
        "It approved a budget of $4.2 million, the largest in its history."
    )

    for sentence in ranked(body):
        assert body[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    ("body", "fragment", "reason"),
    [
        ("The flood displaced 12,000 people along the river.", "12,000", "number"),
        ("Unemployment rose to 7.4 percent in the third quarter.", "percent", "number"),
        ("Officials counted seven injured passengers at the scene.", "seven", "number"),
        ("The treaty was signed on March 3, 2019 in Geneva.", "treaty", "date"),
        ("The museum will reopen in November after the repairs.", "museum", "date"),
        ("It is the tallest building in the region.", "tallest", "superlative"),
        ("Turnout was the highest since records began.", "highest", "superlative"),
        ("Attendance set a new record at the spring fair.", "record", "superlative"),
        ("The minister said the agency has never lost a case.", "never", "superlative"),
        ("For the first time, the vote was held online.", "first time", "superlative"),
        ("The bridge closed because the cables had corroded.", "because", "causal claim"),
        ("The strike led to hundreds of cancelled trains.", "led to", "causal claim"),
        ("Prices climbed due to the poor harvest in the south.", "due to", "causal claim"),
        ("As a result, the school shut its doors for good.", "result", "causal claim"),
        ("Rents in the city are higher than in the capital.", "higher than", "comparison"),
        ("She is seen as more cautious on trade than her rival.", "cautious", "comparison"),
        ("Sales were weak compared with the same month last year.", "compared", "comparison"),
        ("Mayor Elena Ruiz opened the new library downtown.", "library", "named person"),
    ],
)
def test_each_kind_of_checkable_statement_is_found_and_labelled(body, fragment, reason):
    assert reason in reasons_of(body, fragment)


def test_a_direct_quotation_names_its_speaker():
    body = 'Mayor Ada Brennan spoke last. "The money is simply not there," Brennan said.'

    quoted = [s for s in ranked(body) if "quote" in s.reasons]

    assert [s.text for s in quoted] == ['"The money is simply not there," Brennan said.']
    assert quoted[0].speakers == ("Ada Brennan",)


def test_a_quotation_running_over_two_sentences_is_suggested_whole():
    body = (
        "Mayor Ada Brennan spoke last.\n\n"
        "“We cut the budget by 12 percent. We will cut it again next year,” Brennan said."
    )

    (remark,) = [s for s in ranked(body) if "quote" in s.reasons]

    assert remark.text == body[body.index("“") :]
    assert body[remark.start : remark.end] == remark.text
    assert remark.reasons == ["quote", "number", "date", "named person"]


def test_titles_of_works_are_not_quotations():
    body = "The choir closed the evening with the song “Morning Light” and a short encore."

    assert all("quote" not in s.reasons for s in ranked(body))


def test_words_that_only_look_like_superlatives_or_comparisons_are_not_counted():
    body = (
        "The forest drew a large crowd of walkers and their guests.\n\n"
        "Residents asked questions rather than complain about the plan.\n\n"
        "Local shops as well as cafes stayed open late into the evening."
    )

    assert ranked(body) == []


def test_the_two_leaders_is_not_a_number_worth_checking():
    body = "The two leaders shook hands and smiled for the cameras outside."

    assert ranked(body) == []


def test_sentences_with_several_checkable_details_rank_first():
    body = (
        "Mayor Elena Ruiz visited the harbour.\n\n"
        "The port handled 4.1 million containers in 2025, the most in its history, "
        "because of new cranes.\n\n"
        "The harbour was busy on Tuesday."
    )

    order = texts(body)

    assert order[0].startswith("The port handled 4.1 million containers")
    assert ranked(body)[0].reasons == ["number", "date", "superlative", "causal claim"]
    assert order.index("The harbour was busy on Tuesday.") > 0
    scores = [s.score for s in ranked(body)]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)


def test_labels_headlines_and_embedded_posts_are_left_out():
    body = (
        "Key Facts and Figures\n"
        "Budget Passes With 7 Votes To 2\n"
        "Council approves $3 million for parks https://t.co/abc123 pic.twitter.com/xyz\n"
        "The council approved $3 million for parks on Tuesday."
    )

    assert texts(body) == ["The council approved $3 million for parks on Tuesday."]


def test_questions_to_readers_and_credits_rank_below_statements():
    body = (
        "Question for readers: do you think 40 new parks are too many for the city?\n\n"
        "Sources: city budget documents published on March 1, 2026 and 2,000 survey replies.\n\n"
        "Photos: the city planning office, which drew the 40 parks.\n\n"
        "The city plans 40 new parks by 2030."
    )

    order = texts(body)

    assert order[0] == "The city plans 40 new parks by 2030."
    assert {s.text[:9] for s in ranked(body)[1:]} == {"Question ", "Sources: ", "Photos: t"}
    assert all(s.score < ranked(body)[0].score / 2 for s in ranked(body)[1:])


def test_a_caption_with_a_photo_credit_ranks_below_the_story():
    body = (
        "Mayor Elena Ruiz cuts the ribbon on March 1, 2026. (Pool photo)\n\n"
        "Mayor Elena Ruiz opened the bridge on March 1, 2026, after four years of work."
    )

    first, second = ranked(body)

    assert first.text.startswith("Mayor Elena Ruiz opened the bridge")
    assert second.text.startswith("Mayor Elena Ruiz cuts the ribbon")
    assert second.score < first.score / 2


def test_a_dateline_is_not_part_of_the_sentence():
    body = (
        "HARBOUR CITY, Mar. 2 (Wire) — The bridge cost $48 million, "
        "according to the city finance office."
    )

    (sentence,) = ranked(body)

    assert sentence.text == "The bridge cost $48 million, according to the city finance office."
    assert body[sentence.start : sentence.end] == sentence.text
    assert sentence.reasons == ["number"]


def test_a_sentence_repeated_word_for_word_is_listed_once():
    caption = "The 300 guests watched the fireworks from the pier."
    body = f"{caption}\n\nMore followed later.\n\n{caption}"

    assert texts(body) == [caption]
    assert ranked(body)[0].start == 0


def test_empty_text_has_nothing_to_check():
    assert checkworthy_sentences("") == []
    assert checkworthy_sentences("   \n\n ") == []


def test_relative_dates_count_without_a_reference_date():
    body = "The museum reopened on Tuesday after the storm repairs."

    assert "date" in checkworthy_sentences(body)[0].reasons


# The seed reports, as the importer stores them -------------------------------------


def seed_body(name):
    return parse_text((SEEDS / name).read_text(encoding="utf-8"), source=name).body


def test_seed_report_quotes_rank_high_and_its_labels_and_reader_question_low():
    body = seed_body("000_f95a08d50b60e95d.txt")
    sentences = checkworthy_sentences(body, reference=datetime.date(2026, 1, 14))
    listed = [s.text for s in sentences]

    top = sentences[:5]
    assert any("quote" in s.reasons for s in top)
    assert all(s.speakers for s in sentences if "quote" in s.reasons)
    assert not any(text in ("TL;DR", "Why This Matters", "Key Facts & Quotes") for text in listed)
    # The question to readers ends the list, or is not in it.
    assert not any(s.text.startswith("Question for readers") for s in sentences[:-3])


def test_seed_report_caption_ranks_below_its_quotations():
    body = seed_body("004_040c7275d7bd54cd.txt")
    sentences = checkworthy_sentences(body, reference=datetime.date(2026, 1, 13))

    assert "quote" in sentences[0].reasons
    assert not any(s.text.startswith("NARA") for s in sentences)  # the dateline is cut off
    captions = [s for s in sentences if "pose for a photo" in s.text]
    assert captions
    assert all(s.score < sentences[0].score / 2 for s in captions)
