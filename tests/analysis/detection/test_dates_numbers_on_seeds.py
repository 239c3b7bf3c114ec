"""Dates and numbers on the seed reports of one event (the Nara drum duet).

Assertions on the seeds live only here: the modules know nothing about them."""

import datetime

import pytest

from articles.analysis.detection.dates import date_equal, find_dates, range_end
from articles.analysis.detection.numbers import find_numbers
from articles.analysis.text import normalise_text

SUMMIT_DAY = datetime.date(2026, 1, 13)


@pytest.fixture
def seed(seeds_dir):
    def read(prefix: str) -> str:
        (path,) = seeds_dir.glob(f"{prefix}_*.txt")
        return normalise_text(path.read_text(encoding="utf-8"))

    return read


def mentions_with_text(mentions, text):
    return [m for m in mentions if m.text == text]


def test_004_on_tuesday_is_the_reference_day(seed):
    body = seed("004")
    dates = find_dates(body, reference=SUMMIT_DAY)
    (tuesday,) = mentions_with_text(dates, "Tuesday")
    assert body[tuesday.start - 3 : tuesday.end] == "on Tuesday"
    assert tuesday.value == SUMMIT_DAY
    assert tuesday.relative


def test_004_full_date_is_one_mention_and_no_number(seed):
    body = seed("004")
    dates = find_dates(body, reference=SUMMIT_DAY)
    full = mentions_with_text(dates, "Jan. 13, 2026")
    assert full and all(m.value == SUMMIT_DAY for m in full)
    assert not [m for m in dates if m.text in ("2026", "13")]
    assert not [m for m in find_numbers(body) if m.value in (13, 2026)]


def test_004_dateline_day_takes_the_reference_year(seed):
    dates = find_dates(seed("004"), reference=SUMMIT_DAY)
    assert dates[0].text == "Jan. 13"
    assert dates[0].value == SUMMIT_DAY


def test_004_the_two_leaders_are_counted(seed):
    units = [m.unit for m in find_numbers(seed("004")) if m.value == 2]
    assert "leader" in units and "country" in units


def test_003_two_k_pop_tracks(seed):
    body = seed("003")
    (tracks,) = [m for m in find_numbers(body) if m.unit == "track"]
    assert (tracks.text, tracks.value, tracks.approximate) == ("two", 2, False)
    assert body.startswith("two K\u2011pop tracks", tracks.start)


def test_003_occupation_years_are_two_years_and_no_quantities(seed):
    body = seed("003")
    years = [m for m in find_dates(body, reference=SUMMIT_DAY) if m.granularity == "year"]
    assert [(m.text, m.year) for m in years if not m.relative] == [("1910", 1910), ("1945", 1945)]
    assert not [m for m in find_numbers(body) if m.value in (1910, 1945, 2024)]


def test_003_relative_and_month_mentions(seed):
    dates = find_dates(seed("003"), reference=SUMMIT_DAY)
    (last_year,) = mentions_with_text(dates, "last year")
    assert (last_year.year, last_year.relative) == (2025, True)
    (november,) = mentions_with_text(dates, "November")
    assert (november.year, november.month, november.granularity) == (2025, 11, "month")
    (december,) = mentions_with_text(dates, "December 2024")
    assert (december.year, december.month) == (2024, 12)


def test_003_one_of_the_temples_is_not_a_number(seed):
    assert [(m.text, m.unit) for m in find_numbers(seed("003")) if m.value == 1] == [
        ("one", "heart")
    ]


def test_000_range_and_posting_dates(seed):
    dates = find_dates(seed("000"), reference=SUMMIT_DAY)
    (both_days,) = mentions_with_text(dates, "January 14-15, 2026")
    assert both_days.value == datetime.date(2026, 1, 14)
    assert range_end(both_days) == datetime.date(2026, 1, 15)
    (signature,) = mentions_with_text(dates, "January 13, 2026")
    assert signature.value == SUMMIT_DAY


def test_000_handles_and_links_give_no_numbers(seed):
    body = seed("000")
    for token in ("@sankichi48", "t.co/2H8u268gsP", "pic.twitter.com/QwQ7iDC4Sk"):
        start = body.index(token)
        end = start + len(token)
        assert not [m for m in find_numbers(body) if m.start < end and m.end > start]


def test_000_may_help_is_not_a_date(seed):
    assert not [m for m in find_dates(seed("000"), reference=SUMMIT_DAY) if m.month == 5]


def test_000_counted_nouns(seed):
    found = {(m.value, m.unit) for m in find_numbers(seed("000"))}
    assert {(3, "ally"), (2, "leader"), (3, "country")} <= found


def test_reports_agree_on_the_day_across_styles(seed):
    tuesday_004 = mentions_with_text(find_dates(seed("004"), reference=SUMMIT_DAY), "Tuesday")[0]
    tuesday_000 = mentions_with_text(find_dates(seed("000"), reference=SUMMIT_DAY), "Tuesday")[0]
    signature = mentions_with_text(
        find_dates(seed("000"), reference=SUMMIT_DAY), "January 13, 2026"
    )[0]
    assert date_equal(tuesday_004, signature) is True
    assert date_equal(tuesday_004, tuesday_000) is True


def test_without_reference_the_weekday_stays_a_weekday(seed):
    dates = find_dates(seed("004"), reference=None)
    (tuesday,) = mentions_with_text(dates, "Tuesday")
    assert (tuesday.value, tuesday.weekday, tuesday.granularity) == (None, 1, "weekday")
