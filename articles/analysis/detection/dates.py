"""
Dates in English news text, absolute and relative, with exact offsets.

Absolute forms: "January 13, 2026", "Jan. 13, 2026", "13 January 2026",
"Tuesday, Jan. 13", "Jan. 13" (year completed from the reference: the one
that puts the date closest to it), "2026-01-13", "1/13/2026", "January 2026",
years in context ("in 2019", "2019's", "from 1910 to 1945": two mentions) and
day ranges: "January 14-15, 2026" is one mention whose ``value`` is the first
day; :func:`range_end` gives the last.

Relative forms are resolved against ``reference`` (the publication or dateline
date). News style: a bare weekday is the most recent such day on or before the
reference; "last Tuesday" is strictly before it, "next Tuesday" strictly after.
A bare month ("in November") is the most recent such month on or before the
reference month ("last November" strictly before, "next November" strictly
after). "Last week" and other week expressions have granularity "week", with
year and month set only when the whole week shares them. "The same day", "the
next day", "the following day" and "the previous day" follow the nearest
earlier day-level mention.

``relative`` is True for expressions whose meaning depends on the reference
(weekdays, "today", "last year", bare months, "two days ago", ...). Without a
reference they keep what is known: a weekday keeps ``weekday`` (granularity
"weekday"), "last year" has no year.

Month and weekday names are proper nouns here: only Title or UPPER case counts,
so "may help" and "march on" are never dates. The names that are also common
words or names ("March", "April", "May", "June", "August") stand alone only
after a word that makes them a time ("in May", "last March"); abbreviations
("Jan.") only before a day or a year.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import string

from .types import DateMention

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH_NUMBERS.update(_ABBREVIATIONS)
_AMBIGUOUS_MONTHS = frozenset({3, 4, 5, 6, 8})
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NUMBERS = {name: number for number, name in enumerate(_WEEKDAY_NAMES)}
_WEEKDAY_WRITTEN = re.compile(r"(?i)(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+\w")


def weekday_written(text: str) -> int | None:
    """The weekday a mention opens with in words ("Friday, May 22": 4), 0 for
    Monday; None when it opens with none."""
    written = _WEEKDAY_WRITTEN.match(text)
    if written is None:
        return None
    prefix = written[1].lower()
    return next(n for n, name in enumerate(_WEEKDAY_NAMES) if name.startswith(prefix))


# Every calendar name, lower case: other modules use it to tell a month or a
# weekday from a proper noun.
CALENDAR_WORDS = frozenset(_MONTH_NAMES) | frozenset(_ABBREVIATIONS) | frozenset(_WEEKDAY_NAMES)
_SMALL_COUNTS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_RELATIVE_PHRASES = {
    "today": ("day", 0),
    "tonight": ("day", 0),
    "this morning": ("day", 0),
    "this afternoon": ("day", 0),
    "this evening": ("day", 0),
    "yesterday": ("day", -1),
    "last night": ("day", -1),
    "tomorrow": ("day", 1),
    "the day before yesterday": ("day", -2),
    "the day after tomorrow": ("day", 2),
    "this week": ("week", 0),
    "earlier this week": ("week", 0),
    "later this week": ("week", 0),
    "last week": ("week", -1),
    "next week": ("week", 1),
    "this month": ("month", 0),
    "earlier this month": ("month", 0),
    "later this month": ("month", 0),
    "last month": ("month", -1),
    "next month": ("month", 1),
    "this year": ("year", 0),
    "earlier this year": ("year", 0),
    "later this year": ("year", 0),
    "last year": ("year", -1),
    "next year": ("year", 1),
    "the same day": ("same", 0),
    "that same day": ("same", 0),
    "the next day": ("same", 1),
    "the following day": ("same", 1),
    "the previous day": ("same", -1),
}

# Lowers ASCII letters only, one character for one: the fallback of lowered().
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# Hyphens and dashes, escaped for use inside a character class.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014"


def _title_or_upper(words) -> str:
    """Alternation of ``words`` in Title and UPPER case, longest first."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(f"{w.title()}|{w.upper()}" for w in ordered)


# Month and weekday names are matched in Title or UPPER case only: in lower case
# they are words ("may", "march"). Abbreviations take an optional full stop.
_MONTH = f"(?:{_title_or_upper(_MONTH_NAMES)}|(?:{_title_or_upper(_ABBREVIATIONS)})\\.?)(?!\\w)"
_WEEKDAY = f"(?:{_title_or_upper(_WEEKDAY_NAMES)})(?!\\w)"
# A day of the month (validated later), optional ordinal suffix, not the start
# of a longer number ("13,000", "13.5", "13:05") nor a quantity ("4 million").
_DAY = (
    r"\d{1,2}(?:st|nd|rd|th)?(?![\d:]|[.,]\d|\w)"
    r"(?!\s*%|\s+(?i:percent|per\s+cent|million|billion|thousand)\b)"
)
_YEAR = r"[12]\d{3}(?!\d|[.,]\d|\w)"
_RANGE_SEP = rf"(?:\s*[{_DASHES}]\s*|\s+(?:to|through|until|and)\s+)"
_YEAR_SEP = rf"(?:\s*[{_DASHES}]\s*|\s+(?:to|through|until|and|or)\s+)"

# Everything that starts with a month name: "January 13, 2026", "Jan. 14-15",
# "Dec. 30 to Jan. 2", "January 2026", or the month alone. The leading
# lookahead is a cheap first-letter filter.
_MONTH_FIRST = re.compile(
    rf"(?=[JFMASOND])(?<!\w)(?P<month>{_MONTH})"
    rf"(?:\s+(?P<day>{_DAY})(?:{_RANGE_SEP}(?:(?P<month2>{_MONTH})\s+)?(?P<day2>{_DAY}))?"
    rf"(?:,?\s+(?P<year>{_YEAR}))?|,?\s+(?P<month_year>{_YEAR}))?"
)
# "13 January 2026", "14-15 January", "13th of January"; the lookbehind after
# the first digit keeps it out of numbers, prices and ranges.
_DAY_FIRST = re.compile(
    rf"(?P<day>\d(?<![\w.,$€£¥₩{_DASHES}]\d)\d?(?:st|nd|rd|th)?)"
    rf"(?:{_RANGE_SEP}(?P<day2>{_DAY}))?\s+(?:of\s+)?(?P<month>{_MONTH})"
    rf"(?:,?\s+(?P<year>{_YEAR}))?"
)
# ISO dates, not inside identifiers or URLs.
_ISO = re.compile(
    r"(?P<year>\d(?<![\w/.\-]\d)\d{3})-(?P<month>\d\d)-(?P<day>\d\d)(?![\w-]|[.:/]\d)"
)
# "1/13/2026" or "13/1/2026": day first only when the first part exceeds 12.
_NUMERIC = re.compile(
    r"(?P<first>\d(?<![\w/.\-]\d)\d?)/(?P<second>\d{1,2})/(?P<year>\d{4})(?![\w/]|\.\d)"
)
# Candidate years; whether one is a year depends on the words around it.
_YEAR_TOKEN = re.compile(r"[12](?<![\w$€£¥₩#.,/][12])\d{3}(?!\d|[.,]\d|\w)")
# Words that make a four-digit number a year ("in 2019", "since 2019",
# "mid-2019", "the summer of 2019"), matched on the lowered text before it.
_YEAR_CONTEXT_BEFORE = re.compile(
    r"(?:(?<!\w)(?:in|since|by|until|till|before|after|during|throughout|circa|early|late|mid|"
    r"year|(?:end|start|beginning|middle|spring|summer|autumn|fall|winter)\s+of)\s+"
    rf"|(?<!\w)mid[{_DASHES}])$"
)
# The second year of "from 1910 to 1945", "between 2019 and 2021", "in 2019 or 2020".
_YEAR_PAIR_BEFORE = re.compile(
    rf"(?<!\w)(?:from|between|in|since|during|by)\s+[12]\d{{3}}{_YEAR_SEP}$"
)
_YEAR_PAIR_FIRST = re.compile(r"(?<!\w)(?:from|between)\s+$")
_YEAR_PAIR_AFTER = re.compile(rf"{_YEAR_SEP}[12]\d{{3}}(?!\d|[.,]\d|\w)")
# Relative phrases, on the lowered text; longest first so that "earlier this
# month" wins over "this month".
_RELATIVE = re.compile(
    r"(?=[tylne])(?<!\w)(?:"
    + "|".join(p.replace(" ", r"\s+") for p in sorted(_RELATIVE_PHRASES, key=len, reverse=True))
    + r")(?!\w)"
)
# "two days ago": found from "ago", then the count and unit before it.
_AGO = re.compile(r"(?<=\s)ago(?!\w)")
_AGO_BEFORE = re.compile(
    rf"(?<!\w)(?P<count>\d{{1,3}}|{'|'.join(_SMALL_COUNTS)})\s+"
    r"(?P<unit>days?|weeks?|months?|years?)\s+$"
)
# A month name followed by digits that made no date ("November 45").
_DIGIT_AFTER = re.compile(r"\.?\s*\d")
_WEEKDAY_TOKEN = re.compile(rf"(?=[MTWFS])(?<!\w){_WEEKDAY}")
# Words just before a weekday or month, matched on the lowered text.
_WEEKDAY_MODIFIER = re.compile(r"(?<!\w)(?P<mod>last|next|past)\s+$")
_MONTH_MODIFIER = re.compile(
    r"(?:(?<!\w)(?P<mod>last|next|this)\s+|(?<!\w)(?:in|since|by|until|till|during|from|"
    rf"through|throughout|of|early|late|mid)\s+|(?<!\w)mid[{_DASHES}])$"
)
# "Tuesday, Jan. 13": the weekday joins the date mention; "Tuesday the 13th".
_WEEKDAY_PREFIX = re.compile(rf"(?<!\w){_WEEKDAY},?\s+(?:the\s+)?$")
# Named days that are not "the most recent Friday".
_NOT_A_WEEKDAY = re.compile(
    r"(?<!\w)(?:Black|Good|Cyber|Ash|Holy|Maundy|Easter|Palm|Bloody|Shrove|Super|Giving|Whit"
    r"|Man|Girl)\s+$"
)
# "USA Today", "Russia Today": a capitalised word before "Today" makes it a name.
_NAME_BEFORE_TODAY = re.compile(r"(?<!\w)[A-Z][\w.]*\s+$")
# A range inside a mention's text ("14-15", "14 to 15", "30-Feb. 2"); the first
# day must not belong to an ISO date ("2026-01-13").
_RANGE_IN_TEXT = re.compile(
    rf"(?<![\d/{_DASHES}])\d{{1,2}}(?:st|nd|rd|th)?{_RANGE_SEP}"
    rf"(?:(?P<month>{_MONTH})\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\d/{_DASHES}])"
)
_LOOKBACK = 30  # characters examined before a match for modifiers and context
_LEVELS = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclasses.dataclass(frozen=True)
class _Text:
    """The body, its lower-case twin and the reference, passed to finders."""

    body: str
    lower: str
    reference: datetime.date | None

    def before(self, index: int, *, lower: bool = False) -> str:
        text = self.lower if lower else self.body
        return text[max(0, index - _LOOKBACK) : index]


@dataclasses.dataclass(frozen=True)
class _Candidate:
    mention: DateMention
    anaphora: int | None = None  # day offset from the previous day-level mention


def find_dates(body: str, *, reference: datetime.date | None) -> list[DateMention]:
    """All date mentions in ``body``, in text order, without overlaps.

    ``reference`` is the date relative expressions are resolved against (the
    article's publication or dateline date); with ``None`` only what the text
    itself states is kept. A day range is one mention (see :func:`range_end`);
    "from 1910 to 1945" is two year mentions.
    """
    text = _Text(body, lowered(body), reference)
    candidates: list[_Candidate] = []
    for finder in _FINDERS:
        candidates.extend(finder(text))
    return _resolve_anaphora(_without_overlaps(candidates))


def range_end(mention: DateMention) -> datetime.date | None:
    """The last day of a resolved range mention ("January 14-15, 2026" gives
    2026-01-15); ``None`` for any other mention."""
    if mention.value is None or mention.granularity != "day":
        return None
    match = _RANGE_IN_TEXT.search(mention.text)
    if match is None:
        return None
    month = _month_number(match["month"]) if match["month"] else mention.value.month
    year = mention.value.year + (1 if month < mention.value.month else 0)
    return _safe_date(year, month, int(match["day"]))


def date_equal(a: DateMention, b: DateMention) -> bool | None:
    """Whether two mentions denote the same date.

    True when they certainly do: the same day (ranges must match exactly), the
    same weekday when both are bare weekdays, or the same month or year at the
    coarser of their granularities ("January 2026" and "Jan. 13, 2026").
    False when some known part differs (including the weekday of a dated day).
    None when too little is known ("last year" without reference vs "2025",
    a day inside a range, a week vs a day)."""
    if "weekday" in (a.granularity, b.granularity):
        return _weekday_equal(a, b)
    coarser = max(_LEVELS[a.granularity], _LEVELS[b.granularity])
    if coarser == _LEVELS["week"]:  # a week against a day or a week: never certain
        return False if _fields_differ(a, b, ("year", "month")) else None
    if coarser == _LEVELS["day"]:
        return _day_equal(a, b)
    fields = ("year", "month") if coarser == _LEVELS["month"] else ("year",)
    if _fields_differ(a, b, fields):
        return False
    if all(getattr(m, f) is not None for m in (a, b) for f in fields):
        return True
    return None


# Finders: each yields the candidates of one family of expressions -------------


def _find_month_first(text: _Text):
    for match in _MONTH_FIRST.finditer(text.body):
        if match["day"]:
            mention = _calendar_day(text, match)
        elif match["month_year"]:
            month, year = _month_number(match["month"]), int(match["month_year"])
            mention = _mention(match, year=year, month=month, granularity="month")
        else:
            mention = _month_alone(text, match)
        if mention is not None:
            yield _Candidate(mention)


def _find_day_first(text: _Text):
    for match in _DAY_FIRST.finditer(text.body):
        mention = _calendar_day(text, match)
        if mention is not None:
            yield _Candidate(mention)


def _calendar_day(text: _Text, match: re.Match) -> DateMention | None:
    """A day written with a month name, its weekday prefix included."""
    month, day = _month_number(match["month"]), int(_strip_ordinal(match["day"]))
    year = int(match["year"]) if match["year"] else None
    month2 = match.groupdict().get("month2")
    if year is not None and month2 and _month_number(month2) < month:
        year -= 1  # "December 30-January 2, 2026": the year written is the end's
    if year is None and text.reference is not None:
        year = _closest_year(month, day, text.reference)
    start = match.start()
    if prefix := _WEEKDAY_PREFIX.search(text.before(start)):
        start -= len(prefix[0])
    return _day_mention(text.body, start, match.end(), year, month, day)


def _month_alone(text: _Text, match: re.Match) -> DateMention | None:
    """A month name on its own ("in November", "last March", "November's")."""
    name = match["month"]
    if name.rstrip(".").lower() in _ABBREVIATIONS:
        return None  # abbreviations only count before a day or a year
    if _DIGIT_AFTER.match(text.body, match.end()):
        return None  # "November 45": not a date we understand
    month = _month_number(name)
    modifier = _MONTH_MODIFIER.search(text.before(match.start(), lower=True))
    if modifier is None and month in _AMBIGUOUS_MONTHS:
        return None
    mod = (modifier["mod"] or "") if modifier else ""
    start = match.start() - len(modifier[0]) if mod else match.start()
    year = _month_year(month, mod, text.reference)
    return DateMention(
        start,
        match.end(),
        text.body[start : match.end()],
        None,
        year=year,
        month=month,
        relative=True,
        granularity="month",
    )


def _find_iso(text: _Text):
    for match in _ISO.finditer(text.body):
        year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
        mention = _day_mention(text.body, match.start(), match.end(), year, month, day)
        if mention is not None:
            yield _Candidate(mention)


def _find_numeric(text: _Text):
    for match in _NUMERIC.finditer(text.body):
        first, second, year = int(match["first"]), int(match["second"]), int(match["year"])
        start, end = match.span()
        if first > 12 >= second:
            mention = _day_mention(text.body, start, end, year, second, first)
        elif first == second or second > 12:
            mention = _day_mention(text.body, start, end, year, first, second)
        else:  # "3/4/2026": March 4 or 3 April; only the year is certain
            mention = _mention(match, year=year, granularity="year")
        if mention is not None:
            yield _Candidate(mention)


def _find_years(text: _Text):
    for match in _YEAR_TOKEN.finditer(text.body):
        if int(match[0]) <= 2199 and _is_year_in_context(text, match):
            yield _Candidate(_mention(match, year=int(match[0]), granularity="year"))


def _is_year_in_context(text: _Text, match: re.Match) -> bool:
    """Whether a four-digit number reads as a year: after "in", "since", ...,
    as "2019's", or as either end of "from 1910 to 1945"."""
    before = text.before(match.start(), lower=True)
    if _YEAR_CONTEXT_BEFORE.search(before) or _YEAR_PAIR_BEFORE.search(before):
        return True
    if text.body.startswith(("'s", "’s"), match.end()):
        return True
    return bool(_YEAR_PAIR_FIRST.search(before) and _YEAR_PAIR_AFTER.match(text.lower, match.end()))


def _find_relative(text: _Text):
    for match in _RELATIVE.finditer(text.lower):
        if match[0] == "today" and _is_name(text.body, match.start()):
            continue
        kind, offset = _RELATIVE_PHRASES[" ".join(match[0].split())]
        mention = _relative(text.body, match.start(), match.end(), text.reference, kind, offset)
        yield _Candidate(mention, anaphora=offset if kind == "same" else None)


def _find_ago(text: _Text):
    for match in _AGO.finditer(text.lower):
        before = text.before(match.start(), lower=True)
        count_match = _AGO_BEFORE.search(before)
        if count_match is None:
            continue
        count = count_match["count"]
        count = int(count) if count.isdigit() else _SMALL_COUNTS[count]
        kind = count_match["unit"].rstrip("s")
        start = match.start() - len(before) + count_match.start()
        yield _Candidate(_relative(text.body, start, match.end(), text.reference, kind, -count))


def _find_weekdays(text: _Text):
    for match in _WEEKDAY_TOKEN.finditer(text.body):
        if _NOT_A_WEEKDAY.search(text.before(match.start())):
            continue
        modifier = _WEEKDAY_MODIFIER.search(text.before(match.start(), lower=True))
        start = match.start() - len(modifier[0]) if modifier else match.start()
        mod = modifier["mod"] if modifier else ""
        weekday = _WEEKDAY_NUMBERS[match[0].lower()]
        yield _Candidate(_weekday(text.body, start, match.end(), weekday, mod, text.reference))


_FINDERS = (
    _find_iso,
    _find_numeric,
    _find_month_first,
    _find_day_first,
    _find_years,
    _find_relative,
    _find_ago,
    _find_weekdays,
)


# Building and resolving mentions ------------------------------------------------


def _mention(match: re.Match, **fields) -> DateMention:
    """An unresolved mention covering the whole match."""
    return DateMention(match.start(), match.end(), match[0], None, **fields)


def _day_mention(
    body: str, start: int, end: int, year: int | None, month: int, day: int
) -> DateMention | None:
    """A calendar day; None when the day does not exist (Feb. 30, month 13)."""
    text = body[start:end]
    if year is None:
        if _safe_date(2000, month, day) is None:  # 2000 was a leap year
            return None
        return DateMention(start, end, text, None, month=month, day=day)
    value = _safe_date(year, month, day)
    if value is None:
        return None
    return DateMention(start, end, text, value, year, month, day, value.weekday())


def _resolved_day(start: int, end: int, text: str, value: datetime.date) -> DateMention:
    return DateMention(
        start, end, text, value, value.year, value.month, value.day, value.weekday(), True
    )


def _weekday(
    body: str, start: int, end: int, weekday: int, mod: str, reference: datetime.date | None
) -> DateMention:
    """A weekday: the most recent on or before the reference when bare, strictly
    before with "last"/"past", strictly after with "next"."""
    text = body[start:end]
    if reference is None:
        return DateMention(
            start, end, text, None, weekday=weekday, relative=True, granularity="weekday"
        )
    if mod == "next":
        value = reference + datetime.timedelta(days=(weekday - reference.weekday()) % 7 or 7)
    else:
        back = (reference.weekday() - weekday) % 7
        value = reference - datetime.timedelta(days=back or (7 if mod else 0))
    return _resolved_day(start, end, text, value)


def _month_year(month: int, mod: str, reference: datetime.date | None) -> int | None:
    """The year of a month named without one."""
    if reference is None:
        return None
    if mod == "this":
        return reference.year
    if mod == "next":
        return reference.year + (1 if month <= reference.month else 0)
    if mod == "last":
        return reference.year - (1 if month >= reference.month else 0)
    return reference.year - (1 if month > reference.month else 0)


def _relative(
    body: str, start: int, end: int, reference: datetime.date | None, kind: str, offset: int
) -> DateMention:
    """A mention ``offset`` days, weeks, months or years from the reference
    ("same" mentions are resolved later against the text)."""
    text = body[start:end]
    if reference is None or kind == "same":
        granularity = "day" if kind == "same" else kind
        return DateMention(start, end, text, None, relative=True, granularity=granularity)
    if kind == "day":
        return _resolved_day(start, end, text, reference + datetime.timedelta(days=offset))
    if kind == "week":
        year, month = _week(reference, offset)
    elif kind == "month":
        year, month = divmod(reference.year * 12 + reference.month - 1 + offset, 12)
        month += 1
    else:
        year, month = reference.year + offset, None
    return DateMention(
        start, end, text, None, year=year, month=month, relative=True, granularity=kind
    )


def _week(reference: datetime.date, offset: int) -> tuple[int | None, int | None]:
    """Year and month of the Monday-to-Sunday week ``offset`` weeks from the
    reference's, each kept only when the whole week shares it."""
    monday = reference + datetime.timedelta(days=7 * offset - reference.weekday())
    sunday = monday + datetime.timedelta(days=6)
    if monday.year != sunday.year:
        return None, None
    return monday.year, monday.month if monday.month == sunday.month else None


def _closest_year(month: int, day: int, reference: datetime.date) -> int | None:
    """The year that puts month/day closest to the reference ("Dec. 30" read on
    Jan. 3 is last December)."""
    options = [
        date
        for year in (reference.year - 1, reference.year, reference.year + 1)
        if (date := _safe_date(year, month, day)) is not None
    ]
    if not options:
        return None
    return min(options, key=lambda date: abs((date - reference).days)).year


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest candidate where candidates overlap; earlier finders win ties."""
    ordered = sorted(candidates, key=lambda c: (c.mention.start, c.mention.start - c.mention.end))
    kept: list[_Candidate] = []
    for candidate in ordered:
        if kept and candidate.mention.start < kept[-1].mention.end:
            continue
        kept.append(candidate)
    return kept


def _resolve_anaphora(candidates: list[_Candidate]) -> list[DateMention]:
    """Resolve "the same day" and kin against the nearest earlier day-level mention."""
    mentions: list[DateMention] = []
    previous: DateMention | None = None
    for candidate in candidates:
        mention = candidate.mention
        if candidate.anaphora is not None:
            mention = _follow(mention, previous, candidate.anaphora)
        if mention.granularity in ("day", "weekday"):
            previous = mention
        mentions.append(mention)
    return mentions


def _follow(mention: DateMention, previous: DateMention | None, offset: int) -> DateMention:
    if previous is None:
        return mention
    if previous.value is not None:
        value = previous.value + datetime.timedelta(days=offset)
        return _resolved_day(mention.start, mention.end, mention.text, value)
    if offset == 0:
        return dataclasses.replace(
            previous, start=mention.start, end=mention.end, text=mention.text, relative=True
        )
    if previous.weekday is not None:
        return dataclasses.replace(
            mention, weekday=(previous.weekday + offset) % 7, granularity="weekday"
        )
    return mention


# Comparison --------------------------------------------------------------------


def _weekday_equal(a: DateMention, b: DateMention) -> bool | None:
    if a.weekday is None or b.weekday is None:
        return None
    if a.weekday != b.weekday:
        return False
    return True if a.granularity == b.granularity == "weekday" else None


def _day_equal(a: DateMention, b: DateMention) -> bool | None:
    if a.value is not None and b.value is not None:
        first_a, last_a = a.value, range_end(a) or a.value
        first_b, last_b = b.value, range_end(b) or b.value
        if (first_a, last_a) == (first_b, last_b):
            return True
        if last_a < first_b or last_b < first_a:
            return False
        return None
    return False if _fields_differ(a, b, ("year", "month", "day", "weekday")) else None


def _fields_differ(a: DateMention, b: DateMention, fields) -> bool:
    """True when some field is known on both mentions and differs."""
    for field in fields:
        x, y = getattr(a, field), getattr(b, field)
        if x is not None and y is not None and x != y:
            return True
    return False


# Small helpers -----------------------------------------------------------------


def lowered(body: str) -> str:
    """``body`` in lower case with the same offsets, for case-insensitive scans:
    plain lower-case literals scan much faster than (?i) alternations.
    ``str.lower`` keeps offsets unless a character lowers to two ("İ"); only
    ASCII letters are lowered then."""
    lower = body.lower()
    return lower if len(lower) == len(body) else body.translate(_ASCII_LOWER)


def _month_number(token: str) -> int:
    return _MONTH_NUMBERS[token.rstrip(".").lower()]


def _strip_ordinal(token: str) -> str:
    return token.rstrip("stndrh")


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _is_name(body: str, index: int) -> bool:
    """Whether a capitalised "Today" at ``index`` is part of a name such as
    "USA Today": a capitalised word precedes it within the sentence."""
    if not body[index].isupper():
        return False
    if not _NAME_BEFORE_TODAY.search(body[max(0, index - _LOOKBACK) : index]):
        return False
    return not body[:index].rstrip(" \"'“‘(").endswith((".", "!", "?", "\n", ":"))
