"""
Plain-text articles: paragraphs, and the metadata the text itself states.

Pure Python, no Django. :func:`analyse_paragraphs` is shared with the HTML
importer, which hands it the paragraphs trafilatura extracted. Everything here
is a generic heuristic about how news text is laid out (headline on top,
wire-style datelines, "By" credits, CMS comment forms); nothing is tuned to a
particular outlet. A field the text does not state stays empty.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from articles.analysis.text import PARAGRAPH_BREAK, fold, join_paragraphs, normalise_text
from articles.importers.base import (
    ImportRefused,
    ParsedArticle,
    TextAnalysis,
    storable_date,
    storable_moment,
)

# How far from the top a byline, date line or dateline may sit (captions and
# a repeated headline often come first), and how far from the end a sign-off.
HEADER_SPAN = 5
FOOTER_SPAN = 3
# A headline is a few words up to a long title; 1-3 words is a section label.
HEADLINE_MIN_WORDS = 4
HEADLINE_MAX_WORDS = 25
# Section labels ("Why This Matters", "Key Facts") are short.
LABEL_MAX_WORDS = 8
# A dateline without a year borrows it from a full date in the text only when
# the two are about this close; further apart, they are different events.
YEAR_WINDOW = datetime.timedelta(days=62)
# Hard-wrapped text is wrapped at a terminal width; longer lines mean the file
# was not wrapped by a tool.
MAX_WRAP_WIDTH = 100

# Closing quotes and brackets may follow the punctuation that ends a sentence.
_CLOSERS = "\"'”’»)\\]"
# A sentence ends here, so a line ending like this is not cut mid-sentence.
_ENDS_SENTENCE = re.compile(rf"[.!?…][{_CLOSERS}]*$")
# A headline never ends in a full stop or a clause break ("Here is why:").
_ENDS_CLAUSE = re.compile(rf"[.,;:…][{_CLOSERS}]*$")
# Section labels may end in a colon ("Key facts:"), never in a full stop.
_LABEL_CLAUSE_END = re.compile(rf"[.,;…][{_CLOSERS}]*$")
# "Headline | Site Name": page titles carry the site name after a bar.
_SITE_SEPARATOR = " | "
# A header line may combine credits: "By Jane Doe | January 13, 2026".
_HEADER_SEPARATOR = re.compile(r"\s+[|·•]\s+")

# Dates ------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
# "Jan. 13", "January 13, 2026", "13 January 2026", "2026-01-13": the year is
# optional in the first two because datelines usually leave it out.
_DATE = (
    rf"(?:(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORDINAL}(?!\d)(?:,?\s+(?P<year>\d{{4}})(?!\d))?"
    rf"|(?P<day2>\d{{1,2}}){_ORDINAL}\s+(?P<month2>{_MONTH})(?:,?\s+(?P<year2>\d{{4}})(?!\d))?"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})(?!\d))"
)
_DATE_IN_TEXT = re.compile(rf"\b{_DATE}", re.IGNORECASE)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_TIME = (
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\.?)?"
)
# A zone is an uppercase abbreviation or a UTC offset ("GMT", "+09:00", "UTC+9").
_ZONE = (
    r"(?:\s*\(?\s*(?P<zone>(?-i:Z|[A-Z]{2,5}))?\s*"
    r"(?P<offset>[+-]\d{1,2}(?::?\d{2})?)?\s*\)?)?"
)
# A line that is only a date, as sites print it under the headline:
# "January 13, 2026", "Published: 13 January 2026 14:05 GMT".
_DATE_LINE = re.compile(
    r"(?P<label>(?:first |last )?(?:published|posted|updated|date)(?: on)?\s*:?\s*)?"
    rf"(?:{_WEEKDAY},?\s+)?{_DATE}"
    rf"(?:(?:,|\s+at|\s*[|·•–—-]|T)?\s*{_TIME}{_ZONE})?\.?",
    re.IGNORECASE,
)
# Only abbreviations with one widely agreed meaning; ambiguous ones (CST, IST)
# leave the time without a zone rather than guess.
_ZONE_HOURS = {
    "Z": 0, "UTC": 0, "GMT": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2,
    "EET": 2, "EEST": 3, "MSK": 3, "HKT": 8, "SGT": 8, "AWST": 8, "KST": 9, "JST": 9,
    "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13, "EST": -5, "EDT": -4, "CDT": -5,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>\d{1,2}):?(?P<minutes>\d{2})?")

# Bylines ----------------------------------------------------------------------

# "By Jane Doe", "BY JANE DOE AND JOHN ROE": the credit above or below a story.
_BY = re.compile(r"(?:By|BY)\s+(?P<names>.+)")
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# "M. H. Lee (mhlee@example.com)", "Jane Doe <jane@example.org>": a sign-off.
_NAME_EMAIL = re.compile(
    rf"(?:(?:By|BY)\s+)?(?P<name>[^()<>\[\]|@]+?)\s*[(<\[|,–—-]?\s*{_EMAIL}\s*[)>\]]?"
)
# Lowercase particles that occur inside personal names.
_NAME_PARTICLES = frozenset(
    "and & de del della der den di da das dos du la le van von bin binti al y e".split()
)
# Determiners start phrases, never names: "By the Numbers", "By This Time".
_NOT_IN_NAMES = frozenset("the a an this that these those our your its my their".split())

# Datelines --------------------------------------------------------------------

# Wire-style opening: "CITY (Agency) — text", "CITY, Region, Jan. 13 (Outlet) -- text".
# The head is checked in code (capitals) because re has no Unicode letter classes.
_DATELINE = re.compile(
    r"(?P<head>[^\W\d_][^()\n—–]{1,100}?)\s*"
    r"(?:\((?P<outlet>[^()]{2,60})\)\s*)?"
    r"(?:—|–|--|(?<=\s)-\s)\s*"
    r"(?P<text>\S.*)",
    re.DOTALL,
)
_DATELINE_HEAD = re.compile(rf"(?P<places>.+?)(?:,\s*{_DATE})?", re.IGNORECASE)
_PLACE_SEPARATOR = re.compile(r"\s*(?:,|&|/)\s*")

# Boilerplate ------------------------------------------------------------------

# Where a CMS starts appending comment forms and related links after the story;
# found in the second half of the text, everything from here on goes.
_END_MARKER = re.compile(
    r"(?:leave a (?:reply|comment)|post a comment|add a comment|cancel reply"
    r"|join the (?:conversation|discussion)|\d+ (?:comments?|responses?|replies)"
    r"|comments?(?: \(\d+\))?|your email address will not be published.*"
    r"|you must be logged in to post a comment.*"
    r"|related(?: posts| articles| stories| coverage)?|you (?:may|might) also like"
    r"|recommended (?:for you|stories|articles)|more stories)[:.!]?",
    re.IGNORECASE,
)
# Whole lines that web pages and CMSs add around any story. They are dropped
# wherever they stand; each pattern must match the entire line.
_BOILERPLATE_LINE = re.compile(
    "|".join(
        [
            # sharing widgets
            r"share this(?: (?:article|story|post|page))?:?",
            r"like this:?",
            r"(?:like )?loading(?:\.\.\.|…)",
            r"(?:share|tweet|print|email|e-mail|pin it|whatsapp|copy link)",
            r"(?:share|post) (?:on|to|via) (?:facebook|twitter|x|linkedin|whatsapp|reddit"
            r"|telegram|email|e-mail)",
            r"click to (?:share|email|print|tweet)\b.{0,120}",
            r"\(?opens in new window\)?",
            # comment forms
            r"(?:post|submit) (?:comment|reply)",
            r"(?:comment|name|email|e-mail|website)\s*\*",
            r"required fields are marked.{0,40}",
            r"your email address will not be published.{0,120}",
            r"you may use these html tags and attributes.{0,400}",
            r"save my name, email,? and website.{0,120}",
            r"notify me of (?:follow-up comments|new posts).{0,120}",
            r"this site uses akismet.{0,200}",
            # newsletter and subscription prompts
            r"(?:sign up|subscribe|register)\b.{0,120}\b(?:newsletters?|inbox|e-?mail updates"
            r"|mailing list|briefing)\b.{0,120}",
            r"(?:get|receive) (?:our|the) .{0,60}newsletter.{0,120}",
            r"enter your e-?mail(?: address)?.{0,80}",
            r"subscribe(?: now| today| here)?[.!]?",
            # page furniture
            r"advertisement(?: ?[-–—] ?scroll to continue(?: with content)?)?",
            r"scroll to continue(?: with content)?",
            r"skip to (?:main )?content",
            r"continue reading(?: below)?",
            r"read more(?: »| ›|…|\.\.\.)?",
            r"back to top",
            r"follow us on .{1,60}",
            r"(?:copyright\s*)?©\s*\d{4}.{0,100}|copyright \d{4}.{0,100}|all rights reserved\.?",
            r"we use cookies.{0,200}|accept (?:all )?cookies",
        ]
    ),
    re.IGNORECASE,
)


# Public API -------------------------------------------------------------------


def analyse_paragraphs(paragraphs: list[str], *, find_headline: bool = True) -> TextAnalysis:
    """Find the metadata an article's paragraphs state, and its body paragraphs.

    Takes the article's paragraphs in order (normalised lines). Returns the
    headline (only when ``find_headline`` and the first line is a title),
    byline, dateline, outlet and publication date the text states, and the
    paragraphs left once the headline, the dateline prefix, credit and date
    lines and web boilerplate are removed. Nothing is guessed: fields the text
    does not state stay empty.
    """
    given = [p.strip() for p in paragraphs if p and p.strip()]
    analysis = TextAnalysis(paragraphs=_drop_boilerplate(given))
    # Dates in comment threads and widgets say nothing about the article.
    full_dates = _full_dates(analysis.paragraphs)
    if find_headline:
        _take_headline(analysis)
    analysis.paragraphs = _drop_repeats(analysis.paragraphs)
    _take_header_lines(analysis, full_dates)
    _take_dateline(analysis, full_dates)
    _take_signoff(analysis)
    return analysis


def parse_text(text: str, *, source: str, url: str = "") -> ParsedArticle:
    """Parse a plain-text article.

    Normalises ``text``, splits it into paragraphs (one per line, or
    blank-line-separated blocks with hard-wrapped lines joined), and keeps
    the body and the metadata :func:`analyse_paragraphs` finds. Raises
    :class:`ImportRefused` when no article text remains.
    """
    canonical = normalise_text(text)
    if not canonical:
        raise ImportRefused("the text is empty")
    analysis = analyse_paragraphs(_split_paragraphs(canonical))
    body = join_paragraphs(analysis.paragraphs)
    if not body:
        raise ImportRefused("no article text is left once headline, credits and boilerplate go")
    metadata = {
        field.name: getattr(analysis, field.name)
        for field in dataclasses.fields(analysis)
        if field.name != "paragraphs"
    }
    return ParsedArticle(
        body=body, raw_input=text, format="text", source=source, url=url, **metadata
    )


# Paragraphs -------------------------------------------------------------------


def _split_paragraphs(text: str) -> list[str]:
    if PARAGRAPH_BREAK not in text:
        return [line for line in text.split("\n") if line]
    blocks = [block.split("\n") for block in text.split(PARAGRAPH_BREAK)]
    width = _wrap_width(blocks)
    return [paragraph for block in blocks for paragraph in _join_wrapped(block, width)]


def _wrap_width(blocks: list[list[str]]) -> int | None:
    """The width the text was hard-wrapped at, or None when it was not: in
    wrapped text most lines that continue a block reach close to the width."""
    wrapped = [line for block in blocks if len(block) > 1 for line in block[:-1]]
    if len(wrapped) < 2:
        return None
    width = max(len(line) for block in blocks if len(block) > 1 for line in block)
    full = sum(len(line) >= 0.75 * width for line in wrapped)
    return width if width <= MAX_WRAP_WIDTH and full >= 0.6 * len(wrapped) else None


def _join_wrapped(lines: list[str], width: int | None) -> list[str]:
    paragraphs = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        if _continues(previous, line, width):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


def _continues(previous: str, line: str, width: int | None) -> bool:
    """Whether ``line`` continues the paragraph ``previous`` was cut from."""
    if _is_byline(line) or _is_date_line(line):
        return False
    if not _ENDS_SENTENCE.search(previous) and line[:1].islower():
        return True
    # A wrapping tool breaks a line when the next word would not fit.
    return width is not None and len(previous) + 1 + len(line.split(" ", 1)[0]) > width


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    """Keep once a paragraph repeated on consecutive lines (page templates
    print a photo caption both as alt text and as caption)."""
    kept: list[str] = []
    for paragraph in paragraphs:
        if not kept or fold(kept[-1]) != fold(paragraph):
            kept.append(paragraph)
    return kept


# Boilerplate ------------------------------------------------------------------


def _drop_boilerplate(paragraphs: list[str]) -> list[str]:
    half = len(paragraphs) // 2
    for index in range(half, len(paragraphs)):
        if _END_MARKER.fullmatch(paragraphs[index]):
            paragraphs = paragraphs[:index]
            break
    return [p for p in paragraphs if not _BOILERPLATE_LINE.fullmatch(p)]


# Headline ---------------------------------------------------------------------


def _without_site_suffix(line: str) -> str:
    return max(line.split(_SITE_SEPARATOR), key=len).strip()


def _take_headline(analysis: TextAnalysis) -> None:
    if len(analysis.paragraphs) < 2:
        return
    candidate = _without_site_suffix(analysis.paragraphs[0])
    key = fold(candidate)
    paragraphs = analysis.paragraphs
    # The page title is often printed again as the on-page headline. (An
    # index, not a sliced list per repeat: a file of identical lines is linear.)
    first = 1
    while first < len(paragraphs) and fold(_without_site_suffix(paragraphs[first])) == key:
        first += 1
    rest = paragraphs[first:]
    if rest and _looks_like_headline(candidate, rest):
        analysis.headline = candidate
        analysis.paragraphs = rest


def _looks_like_headline(candidate: str, rest: list[str]) -> bool:
    words = len(candidate.split())
    if not HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS:
        return False
    if _ENDS_CLAUSE.search(candidate) or _is_byline(candidate) or _is_date_line(candidate):
        return False
    # A short first line followed by more short lines of the same kind is the
    # first of a document's section labels, not its headline.
    if words <= LABEL_MAX_WORDS:
        style = _case_style(candidate)
        if any(_is_label_like(p) and _case_style(p) == style for p in rest):
            return False
    return True


def _is_label_like(line: str) -> bool:
    words = len(line.split())
    return (
        1 <= words <= LABEL_MAX_WORDS
        and line[0].isalnum()
        and not _LABEL_CLAUSE_END.search(line)
        and not _is_byline(line)
        and not _is_date_line(line)
    )


def _case_style(line: str) -> str:
    if line.isupper():
        return "upper"
    words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    if words and sum(w[0].isupper() for w in words) >= 0.75 * len(words):
        return "title"
    return "sentence"


# Bylines ----------------------------------------------------------------------


def _byline_names(line: str) -> str:
    """The names in a "By ..." credit line, or "" when it is not one."""
    match = _BY.fullmatch(line)
    if match and _is_name_list(match["names"], min_words=2, max_words=12):
        return match["names"].strip()
    return ""


def _is_byline(line: str) -> bool:
    return bool(_byline_names(line))


def _is_name_list(text: str, *, min_words: int, max_words: int) -> bool:
    words = text.replace(",", " ").split()
    if not min_words <= len(words) <= max_words or not words[0][0].isupper():
        return False
    if words[-1].lower() in _NAME_PARTICLES:
        return False
    return all(_is_name_word(word) for word in words)


def _is_name_word(word: str) -> bool:
    if word.lower() in _NOT_IN_NAMES:
        return False
    if word in _NAME_PARTICLES:
        return True
    return word[0].isupper() and all(c.isalpha() or c in ".'’-" for c in word)


def _signoff_names(line: str) -> str:
    """The name in a sign-off credit ("By Jane Doe", "Jane Doe (jd@example.org)")."""
    match = _NAME_EMAIL.fullmatch(line)
    if match and _is_name_list(match["name"], min_words=2, max_words=8):
        return match["name"].strip()
    return _byline_names(line)


def _take_signoff(analysis: TextAnalysis) -> None:
    paragraphs = analysis.paragraphs
    for index in range(len(paragraphs) - 1, max(len(paragraphs) - FOOTER_SPAN, 0) - 1, -1):
        names = _signoff_names(paragraphs[index])
        if names:
            analysis.byline = analysis.byline or names
            analysis.paragraphs = paragraphs[:index] + paragraphs[index + 1 :]
            return


# Header credit and date lines -------------------------------------------------


def _take_header_lines(analysis: TextAnalysis, full_dates: list[datetime.date]) -> None:
    """Take byline and date lines out of the top of the text."""
    head, tail = analysis.paragraphs[:HEADER_SPAN], analysis.paragraphs[HEADER_SPAN:]
    kept: list[str] = []
    dates: list[tuple[bool, datetime.date, datetime.datetime | None]] = []
    for paragraph in head:
        segments = _HEADER_SEPARATOR.split(paragraph)
        parsed = [(_byline_names(s), _parse_date_line(s, full_dates)) for s in segments]
        if not all(names or date for names, date in parsed):
            kept.append(paragraph)
            continue
        for names, date in parsed:
            analysis.byline = analysis.byline or names
            if date:
                dates.append(date)
    analysis.paragraphs = kept + tail
    if dates:
        # An "Updated" stamp is not the publication date when another is given.
        _, analysis.published_on, analysis.published_at = min(dates, key=lambda d: d[0])


def _is_date_line(line: str) -> bool:
    return _DATE_LINE.fullmatch(line) is not None


def _parse_date_line(
    line: str, full_dates: list[datetime.date]
) -> tuple[bool, datetime.date, datetime.datetime | None] | None:
    """For a line that is only a date: (is an update stamp, date, aware time
    or None). None when the line is not a date line or names no real date."""
    match = _DATE_LINE.fullmatch(line)
    if not match:
        return None
    day = _resolve_date(match, full_dates)
    if day is None:
        return None
    moment = _aware_time(match, day)
    updated = "updated" in (match["label"] or "").lower()
    return updated, moment.date() if moment else day, moment


def _aware_time(match: re.Match, day: datetime.date) -> datetime.datetime | None:
    if match["hour"] is None:
        return None
    zone = _timezone(match["zone"], match["offset"])
    hour = int(match["hour"])
    if match["ampm"]:
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    try:
        clock = datetime.time(hour, int(match["minute"]), int(match["second"] or 0))
    except ValueError:
        return None
    if zone is None:
        return None
    moment = datetime.datetime.combine(day, clock, tzinfo=zone)
    return moment if storable_moment(moment) else None


def _timezone(zone: str | None, offset: str | None) -> datetime.tzinfo | None:
    if offset:
        parts = _OFFSET.fullmatch(offset)
        delta = datetime.timedelta(hours=int(parts["hours"]), minutes=int(parts["minutes"] or 0))
        if delta >= datetime.timedelta(hours=24):
            return None  # no place on Earth is a day or more from UTC: not an offset
        return datetime.timezone(-delta if parts["sign"] == "-" else delta)
    if zone and zone in _ZONE_HOURS:
        return datetime.timezone(datetime.timedelta(hours=_ZONE_HOURS[zone]))
    return None


# Dates ------------------------------------------------------------------------


def _date_parts(match: re.Match) -> tuple[int | None, int, int]:
    """(year or None, month, day) from a match of ``_DATE``."""
    if match["iso"]:
        year, month, day = (int(part) for part in match["iso"].split("-"))
        return year, month, day
    month = _MONTHS[(match["month"] or match["month2"]).rstrip(".").lower()[:3]]
    day = int(match["day"] or match["day2"])
    year = match["year"] or match["year2"]
    return (int(year) if year else None), month, day


def _has_date(match: re.Match) -> bool:
    return bool(match["month"] or match["month2"] or match["iso"])


def _resolve_date(match: re.Match, full_dates: list[datetime.date]) -> datetime.date | None:
    year, month, day = _date_parts(match)
    if year is None:
        return _complete_year(month, day, full_dates)
    try:
        resolved = datetime.date(year, month, day)
    except ValueError:
        return None
    # A date no database can hold names no real publication date.
    return resolved if storable_date(resolved) else None


def _full_dates(paragraphs: list[str]) -> list[datetime.date]:
    """Every date with day, month and year anywhere in the text."""
    found = []
    for paragraph in paragraphs:
        for match in _DATE_IN_TEXT.finditer(paragraph):
            year, month, day = _date_parts(match)
            if year is not None:
                try:
                    found.append(datetime.date(year, month, day))
                except ValueError:
                    continue
    return found


def _complete_year(month: int, day: int, full_dates: list[datetime.date]) -> datetime.date | None:
    """The month and day in the year that puts them closest to a full date
    the text gives, if that is within ``YEAR_WINDOW``."""
    best: tuple[datetime.timedelta, datetime.date] | None = None
    for full in full_dates:
        for year in (full.year - 1, full.year, full.year + 1):
            try:
                candidate = datetime.date(year, month, day)
            except ValueError:
                continue
            distance = abs(candidate - full)
            if distance <= YEAR_WINDOW and (best is None or distance < best[0]):
                best = (distance, candidate)
    return best[1] if best else None


# Dateline ---------------------------------------------------------------------


def _take_dateline(analysis: TextAnalysis, full_dates: list[datetime.date]) -> None:
    for index, paragraph in enumerate(analysis.paragraphs[:HEADER_SPAN]):
        match = _DATELINE.fullmatch(paragraph)
        head = match and _DATELINE_HEAD.fullmatch(match["head"].strip())
        if not head or not _is_place_list(head["places"]):
            continue
        analysis.dateline = match["head"].strip()
        analysis.outlet = (match["outlet"] or "").strip()
        analysis.paragraphs[index] = match["text"]
        if analysis.published_on is None and _has_date(head):
            analysis.published_on = _resolve_date(head, full_dates)
        return


def _is_place_list(places: str) -> bool:
    """Place names as datelines print them: the first in capitals ("NARA",
    "SÃO PAULO"), any others in capitals or as a region ("Japan", "Ill.")."""
    parts = _PLACE_SEPARATOR.split(places.strip())
    if not all(parts) or not all(_is_place_name(part) for part in parts):
        return False
    first = parts[0]
    if not first.isupper() or sum(c.isalpha() for c in first) < 3:
        return False
    return all(part.isupper() or part.istitle() for part in parts[1:])


def _is_place_name(part: str) -> bool:
    return len(part.split()) <= 4 and all(c.isalpha() or c in " .'’-" for c in part)
