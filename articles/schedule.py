"""
When a watched report is fetched again. Plain Python, no Django.

Outlets edit most in the first hours after publication and less and less after,
so checks back off with the report's age, counted from when the CMS first
imported it (the one date every report has and no source can get wrong):

- hourly during its first day,
- daily until it is 30 days old,
- weekly until it is 180 days old (``max_age``), then never again.

A failed check (timeout, 404, refused address...) waits longer each time it
fails in a row: the regular interval doubled per failure, at most a week, so a
page that is gone costs a handful of requests, not one an hour.
"""

from __future__ import annotations

import datetime

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)

# (age below which, interval between checks), youngest first.
INTERVALS = ((DAY, HOUR), (datetime.timedelta(days=30), DAY))
OLDER_INTERVAL = WEEK
MAX_AGE = datetime.timedelta(days=180)
# Most a run of failures stretches the interval to.
MAX_FAILURE_INTERVAL = WEEK


def interval(age: datetime.timedelta) -> datetime.timedelta:
    """The regular time between two checks of a report ``age`` old."""
    for below, every in INTERVALS:
        if age < below:
            return every
    return OLDER_INTERVAL


def next_check(
    *,
    imported_at: datetime.datetime,
    now: datetime.datetime,
    failures: int = 0,
    max_age: datetime.timedelta = MAX_AGE,
) -> datetime.datetime | None:
    """When to check a report imported at ``imported_at`` again, having just
    checked it at ``now`` with ``failures`` failures in a row (0 after a
    success). ``None`` once the next check would fall past ``max_age``: the
    report is no longer watched."""
    due = now + backoff(interval(now - imported_at), failures)
    if due - imported_at > max_age:
        return None
    return due


def backoff(wait: datetime.timedelta, failures: int) -> datetime.timedelta:
    """``wait`` after ``failures`` failed checks in a row: doubled per failure,
    at most ``MAX_FAILURE_INTERVAL`` (or ``wait`` itself, if longer)."""
    if not failures:
        return wait
    # Capped exponent: a long run of failures must not overflow timedelta.
    return min(wait * 2 ** min(failures, 16), max(MAX_FAILURE_INTERVAL, wait))


def first_check(
    *, imported_at: datetime.datetime, max_age: datetime.timedelta = MAX_AGE
) -> datetime.datetime | None:
    """When a report never checked yet is first due: one interval after import."""
    return next_check(imported_at=imported_at, now=imported_at, max_age=max_age)
