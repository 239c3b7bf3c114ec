"""Dates in news text: absolute, relative, ranges, false friends, and comparison."""

import datetime

import pytest

from articles.analysis.detection.dates import date_equal, find_dates, range_end
from articles.analysis.detection.types import DateMention

WED_JAN_14 = datetime.date(2026, 1, 14)


def only(body, *, reference=WED_JAN_14) -> DateMention:
    mentions = find_dates(body, reference=reference)
    assert len(mentions) == 1, mentions
    return mentions[0]


def texts(body, *, reference=WED_JAN_14) -> list[str]:
    return [m.text for m in find_dates(body, reference=reference)]


def test_offsets_are_exact():
    body = "Lawmakers voted on March 3, 2025, after a long night."
    for mention in find_dates(body, reference=None):
        assert body[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    "body, text",
    [
        ("The ferry sank on January 13, 2026, officials said.", "January 13, 2026"),
        ("The ferry sank on Jan. 13, 2026, officials said.", "Jan. 13, 2026"),
        ("The ferry sank on 13 January 2026, the coastguard said.", "13 January 2026"),
        ("The ferry sank on the 13th of January 2026.", "13th of January 2026"),
        ("Filed 2026-01-13 by the harbour authority.", "2026-01-13"),
        ("Filed 1/13/2026 by the harbour authority.", "1/13/2026"),
        ("JANUARY 13, 2026 — The ferry sank.", "JANUARY 13, 2026"),
    ],
)
def test_full_dates_in_many_styles(body, text):
    mention = only(body)
    assert mention.text == text
    assert mention.value == datetime.date(2026, 1, 13)
    assert (mention.year, mention.month, mention.day) == (2026, 1, 13)
    assert mention.granularity == "day"
    assert not mention.relative


def test_weekday_prefix_joins_the_date():
    mention = only("The strike began Tuesday, Jan. 13, in the capital.")
    assert mention.text == "Tuesday, Jan. 13"
    assert mention.value == datetime.date(2026, 1, 13)


def test_abbreviation_needs_a_day_or_year_after_it():
    assert texts("Jan. Novak, a spokesman, declined to comment.") == []
    assert texts("Sales in Jan. 2026 were flat.") == ["Jan. 2026"]
    assert texts("Interest rates for Sept. 30 were unchanged.") == ["Sept. 30"]


def test_abbreviation_not_taken_before_a_longer_number():
    assert texts("By Jan. 13,000 people had fled.") == []


def test_day_without_year_takes_the_year_of_the_reference():
    mention = only("SEOUL, Jan. 13 (Yonhap) -- Talks resumed.")
    assert mention.value == datetime.date(2026, 1, 13)
    assert not mention.relative


def test_year_completion_across_new_year():
    mention = only(
        "The fire started on Dec. 30 in a warehouse.", reference=datetime.date(2026, 1, 3)
    )
    assert mention.value == datetime.date(2025, 12, 30)


def test_year_completion_forward_across_new_year():
    mention = only("The vote is set for Jan. 4.", reference=datetime.date(2025, 12, 29))
    assert mention.value == datetime.date(2026, 1, 4)


def test_day_without_year_and_without_reference_keeps_month_and_day():
    mention = only("The fire started on Dec. 30.", reference=None)
    assert mention.value is None
    assert (mention.year, mention.month, mention.day) == (None, 12, 30)


def test_impossible_day_is_not_a_date():
    assert texts("The memo was dated February 30, 2026.") == []


def test_month_and_year():
    mention = only("Inflation peaked in October 2025, the bank said.")
    assert mention.text == "October 2025"
    assert (mention.year, mention.month, mention.granularity) == (2025, 10, "month")
    assert mention.value is None


@pytest.mark.parametrize(
    "body, year",
    [
        ("The law was passed in 2019 and repealed later.", 2019),
        ("Since 2019, the club has won nothing.", 2019),
        ("It was 2019's biggest upset.", 2019),
        ("Prices rose through mid-2023.", 2023),
        ("The statue dates from the summer of 1969.", 1969),
    ],
)
def test_years_in_context(body, year):
    mention = only(body)
    assert (mention.year, mention.granularity, mention.value) == (year, "year", None)


def test_year_pair_gives_two_years():
    body = "the occupation of the peninsula from 1910 to 1945 still rankles"
    mentions = find_dates(body, reference=None)
    assert [(m.text, m.year, m.granularity) for m in mentions] == [
        ("1910", 1910, "year"),
        ("1945", 1945, "year"),
    ]


def test_year_pair_with_between():
    assert texts("Between 2019 and 2021 the mine was closed.") == ["2019", "2021"]


@pytest.mark.parametrize(
    "body",
    [
        "The rally drew 2,000 people.",
        "The watch sold for $2026 at auction.",
        "Room 1910 was booked.",
        "Police counted 2019 votes.",
    ],
)
def test_four_digit_numbers_without_context_are_not_years(body):
    assert texts(body) == []


def test_range_is_one_mention_with_its_end_available():
    mention = only("Delegates meet January 14-15, 2026, in Geneva.")
    assert mention.text == "January 14-15, 2026"
    assert mention.value == datetime.date(2026, 1, 14)
    assert range_end(mention) == datetime.date(2026, 1, 15)


def test_range_day_first_with_en_dash():
    mention = only("The festival runs 14–15 March 2026 in Cork.")
    assert mention.value == datetime.date(2026, 3, 14)
    assert range_end(mention) == datetime.date(2026, 3, 15)


def test_range_across_months_and_years():
    mention = only("The office is closed Dec. 30 to Jan. 2.", reference=datetime.date(2025, 12, 20))
    assert mention.value == datetime.date(2025, 12, 30)
    assert range_end(mention) == datetime.date(2026, 1, 2)


def test_range_end_is_none_for_a_single_day_and_iso_dates():
    assert range_end(only("It happened on March 3, 2026.")) is None
    assert range_end(only("Logged 2026-01-13.")) is None


# Relative dates --------------------------------------------------------------------


def test_weekday_resolves_to_the_most_recent_on_or_before_the_reference():
    mention = only("The minister resigned on Tuesday after a week of protests.")
    assert mention.text == "Tuesday"
    assert mention.value == datetime.date(2026, 1, 13)
    assert mention.relative
    assert mention.weekday == 1
    assert mention.granularity == "day"


def test_weekday_on_the_reference_day_is_the_reference():
    assert only("Voting began Wednesday.").value == WED_JAN_14


def test_bare_weekday_looks_back_up_to_six_days():
    assert only("Rescuers arrived Thursday.").value == datetime.date(2026, 1, 8)


def test_last_and_next_weekday():
    assert only("He spoke last Wednesday.").value == datetime.date(2026, 1, 7)
    assert only("He speaks next Wednesday.").value == datetime.date(2026, 1, 21)
    assert only("The board meets next Monday.").value == datetime.date(2026, 1, 19)
    assert only("It closed this past Sunday.").value == datetime.date(2026, 1, 11)


def test_weekday_without_reference_stays_a_weekday():
    mention = only("The minister resigned on Tuesday.", reference=None)
    assert mention.value is None
    assert mention.weekday == 1
    assert mention.granularity == "weekday"
    assert mention.relative


def test_named_days_are_not_weekdays():
    assert texts("Shops opened early for Black Friday and Good Friday services.") == []


def test_plural_weekdays_are_habits_not_dates():
    assert texts("The market opens on Sundays.") == []


@pytest.mark.parametrize(
    "phrase, value",
    [
        ("today", WED_JAN_14),
        ("yesterday", datetime.date(2026, 1, 13)),
        ("tomorrow", datetime.date(2026, 1, 15)),
        ("last night", datetime.date(2026, 1, 13)),
        ("two days ago", datetime.date(2026, 1, 12)),
    ],
)
def test_relative_days(phrase, value):
    mention = only(f"The council said {phrase} that it would appeal.")
    assert mention.text == phrase
    assert mention.value == value
    assert mention.relative


def test_newspaper_name_today_is_not_a_date():
    assert texts("The poll, published by USA Today, was small.") == []
    assert texts("Today the council meets.") == ["Today"]


@pytest.mark.parametrize(
    "phrase, year, month, granularity",
    [
        ("last year", 2025, None, "year"),
        ("this year", 2026, None, "year"),
        ("next year", 2027, None, "year"),
        ("earlier this year", 2026, None, "year"),
        ("last month", 2025, 12, "month"),
        ("earlier this month", 2026, 1, "month"),
        ("next month", 2026, 2, "month"),
        ("a year ago", 2025, None, "year"),
        ("last week", 2026, 1, "week"),
    ],
)
def test_relative_months_years_and_weeks(phrase, year, month, granularity):
    mention = only(f"The company cut jobs {phrase}, filings show.")
    assert mention.text == phrase
    assert (mention.year, mention.month, mention.granularity) == (year, month, granularity)
    assert mention.value is None
    assert mention.relative


def test_week_across_months_keeps_only_the_year():
    mention = only("Prices fell last week.", reference=datetime.date(2026, 3, 4))
    assert (mention.year, mention.month) == (2026, None)


def test_last_year_without_reference():
    mention = only("Exports fell last year.", reference=None)
    assert mention.value is None
    assert mention.year is None
    assert mention.relative
    assert mention.granularity == "year"


def test_bare_month_is_the_most_recent_on_or_before_the_reference():
    mention = only("The remark in November angered Beijing.")
    assert mention.text == "November"
    assert (mention.year, mention.month, mention.granularity) == (2025, 11, "month")
    assert mention.relative


def test_bare_month_of_the_reference_month_is_this_year():
    assert only("Snow fell in January.").year == 2026


def test_last_and_next_month_names():
    assert only("Talks stalled last March.").year == 2025
    assert only("Talks resume next November.").year == 2026
    assert only("Talks resume next January.").year == 2027


def test_attributive_month_name():
    mention = only("Takeda's November forecast was cut.")
    assert (mention.year, mention.month) == (2025, 11)


@pytest.mark.parametrize(
    "body",
    [
        "The new drug may help patients sleep.",
        "May help arrive soon, villagers pray.",
        "Protesters March on City Hall",
        "An August body of scholars met in Rome.",
        "Theresa May said the deal was dead.",
        "April Ryan asked the first question.",
        "The posts on X went viral.",
        "The song 'Golden' topped the charts.",
    ],
)
def test_false_friends_are_not_dates(body):
    assert texts(body) == []


def test_ambiguous_month_after_a_time_word_is_a_date():
    mention = only("The vote was held in May, months late.")
    assert (mention.text, mention.year, mention.month) == ("May", 2025, 5)


def test_the_same_day_follows_the_previous_date():
    body = "The pair landed on Jan. 10. They left later the same day. The next day, talks began."
    mentions = find_dates(body, reference=WED_JAN_14)
    assert [m.value for m in mentions] == [
        datetime.date(2026, 1, 10),
        datetime.date(2026, 1, 10),
        datetime.date(2026, 1, 11),
    ]
    assert mentions[1].relative


def test_the_same_day_without_a_previous_date_is_unresolved():
    mention = only("They left later the same day.")
    assert mention.value is None
    assert mention.relative


def test_emoji_and_typography_around_dates():
    body = "🎉 Launch day — Friday, 9 January 2026 🚀 (local time)"
    mention = only(body)
    assert mention.text == "Friday, 9 January 2026"
    assert mention.value == datetime.date(2026, 1, 9)


def test_tweet_signature_date():
    body = "Great to be here 🇯🇵🤝🇰🇷 pic.twitter.com/Ab12Cd — Ana (@ana_2026) March 3, 2026"
    mention = only(body)
    assert mention.value == datetime.date(2026, 3, 3)


def test_times_and_scores_are_not_dates():
    assert texts("Kick-off was at 14:05 and the final score was 3-1.") == []


def test_ambiguous_numeric_date_keeps_only_the_year():
    mention = only("Filed 3/4/2026.")
    assert (mention.value, mention.year, mention.granularity) == (None, 2026, "year")


# Comparison ----------------------------------------------------------------------


def day(text, *, reference=WED_JAN_14):
    return only(text, reference=reference)


def test_date_equal_same_day_written_differently():
    assert date_equal(day("on Jan. 13, 2026"), day("on 13 January 2026")) is True
    assert date_equal(day("on Tuesday"), day("on January 13, 2026")) is True


def test_date_equal_different_days():
    assert date_equal(day("on Jan. 13, 2026"), day("on Jan. 14, 2026")) is False


def test_date_equal_weekdays_without_reference():
    tuesday = day("on Tuesday", reference=None)
    assert date_equal(tuesday, day("last Tuesday", reference=None)) is True
    assert date_equal(tuesday, day("on Wednesday", reference=None)) is False
    assert date_equal(tuesday, day("on Jan. 14, 2026")) is False  # a Wednesday
    assert date_equal(tuesday, day("on Jan. 13, 2026")) is None  # some Tuesday
    assert date_equal(tuesday, day("in January 2026")) is None


def test_date_equal_month_and_year_granularity():
    january = day("in January 2026")
    assert date_equal(january, day("on Jan. 13, 2026")) is True
    assert date_equal(january, day("on Feb. 3, 2026")) is False
    assert date_equal(day("in 2026", reference=None), day("on Jan. 13, 2026")) is True
    assert date_equal(day("in 2025", reference=None), january) is False


def test_date_equal_relative_without_reference_cannot_compare():
    last_year = day("last year", reference=None)
    assert date_equal(last_year, day("in 2025", reference=None)) is None
    assert date_equal(day("last year"), day("in 2025", reference=None)) is True


def test_date_equal_ranges():
    both_days = day("January 14-15, 2026")
    assert date_equal(both_days, day("14–15 January 2026")) is True
    assert date_equal(both_days, day("January 15, 2026")) is None
    assert date_equal(both_days, day("January 16, 2026")) is False


def test_date_equal_days_without_year():
    jan_13 = day("Jan. 13", reference=None)
    assert date_equal(jan_13, day("Jan. 14", reference=None)) is False
    assert date_equal(jan_13, day("Jan. 13", reference=None)) is None
    assert date_equal(jan_13, day("Jan. 13, 2026")) is None


def test_date_equal_weeks():
    last_week = day("last week")
    assert date_equal(last_week, day("on Jan. 7, 2026")) is None
    assert date_equal(last_week, day("in December 2025")) is False
    assert date_equal(last_week, day("in January 2026")) is True


def test_date_equal_unresolved_today():
    assert date_equal(day("today", reference=None), day("on Jan. 14, 2026")) is None
