"""The watch schedule: checks back off with a report's age and with failures,
and stop at the maximum age. Plain datetimes, no clock."""

import datetime

import pytest

from articles import schedule

IMPORTED = datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC)
HOUR, DAY, WEEK = (
    datetime.timedelta(hours=1),
    datetime.timedelta(days=1),
    datetime.timedelta(weeks=1),
)


def next_after(age, failures=0):
    return schedule.next_check(imported_at=IMPORTED, now=IMPORTED + age, failures=failures)


@pytest.mark.parametrize(
    ("age", "wait"),
    [
        (datetime.timedelta(0), HOUR),
        (datetime.timedelta(hours=23, minutes=59), HOUR),
        (DAY, DAY),
        (datetime.timedelta(days=29), DAY),
        (datetime.timedelta(days=30), WEEK),
        (datetime.timedelta(days=100), WEEK),
    ],
)
def test_checks_back_off_with_age(age, wait):
    assert next_after(age) == IMPORTED + age + wait


def test_a_report_is_first_checked_an_hour_after_import():
    assert schedule.first_check(imported_at=IMPORTED) == IMPORTED + HOUR


def test_watching_stops_when_the_next_check_would_pass_the_maximum_age():
    assert schedule.MAX_AGE == datetime.timedelta(days=180)
    last_allowed = schedule.MAX_AGE - WEEK
    assert next_after(last_allowed) == IMPORTED + schedule.MAX_AGE
    assert next_after(last_allowed + HOUR) is None
    assert next_after(datetime.timedelta(days=400)) is None


def test_failures_in_a_row_double_the_wait_up_to_a_week():
    waits = [next_after(datetime.timedelta(0), failures=n) - IMPORTED for n in range(1, 10)]

    assert waits[:4] == [2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR]
    assert waits[-1] == WEEK
    assert waits == sorted(waits)


def test_a_failing_weekly_report_still_waits_a_week_not_more():
    age = datetime.timedelta(days=40)
    assert next_after(age, failures=5) == IMPORTED + age + WEEK


def test_a_very_long_run_of_failures_does_not_overflow():
    assert next_after(datetime.timedelta(0), failures=10_000) == IMPORTED + WEEK
