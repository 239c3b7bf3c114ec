"""
JSON import: a list of article objects (or one object) to :class:`ParsedArticle`.

The whole file is validated before anything is returned, so a feed with one bad
article is refused as a whole and nothing half-imports. No Django.
"""

from __future__ import annotations

import datetime
import json
import re

from ..analysis.text import join_paragraphs, normalise_text, paragraphs
from .base import (
    ImportRefused,
    ParsedArticle,
    check_storable,
    is_web_url,
    load_json,
    printable,
    storable_date,
    storable_moment,
)

_STRING_FIELDS = (
    "headline",
    "outlet",
    "byline",
    "dateline",
    "published_on",
    "published_at",
    "language",
    "body",
    "text",
    "url",
    "story",
)
# Python's date parser also takes "20260113" and week dates; the feed format
# promises the plain calendar form only.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
# The database's field lengths, checked here so that the whole file is
# refused with a clear message instead of failing half-way through saving.
_MAX_LENGTH = {
    "headline": 500,
    "byline": 300,
    "dateline": 300,
    "outlet": 200,
    "language": 16,
    "url": 1000,
    "story": 200,
}
_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}


def parse_json(text: str, *, source: str) -> list[ParsedArticle]:
    """Parse a JSON feed into articles, in file order.

    ``source`` is the file name; an article without a ``url`` is identified as
    ``"<source>#<position>"`` (1-based). Raises :class:`ImportRefused` naming
    the position and field of the first problem found.
    """
    data = load_json(text)
    if isinstance(data, dict):
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise ImportRefused(
            f"expected a list of article objects or one article object, got {_describe(data)}"
        )
    if not items:
        raise ImportRefused("the JSON list is empty: no articles to import")
    articles = []
    seen: dict[str, int] = {}
    for position, item in enumerate(items, 1):
        article = _parse_item(item, f"article {position}")
        article.source = article.url or f"{source}#{position}"
        # The source identifies an article across imports; two in one file
        # would overwrite each other.
        if article.source in seen:
            raise ImportRefused(
                f'article {position}: "url" is the same as article {seen[article.source]}\'s'
            )
        seen[article.source] = position
        try:
            check_storable(article)
        except ImportRefused as exc:
            raise ImportRefused(f"article {position}: {exc}") from exc
        articles.append(article)
    return articles


def _parse_item(item: object, where: str) -> ParsedArticle:
    fields = _string_fields(item, where)
    body = _body(fields, where)
    published_at = _published_at(fields.get("published_at", ""), where)
    published_on = _published_on(fields.get("published_on", ""), where)
    if published_on is None and published_at is not None:
        # The date at the offset the source itself gave, so nothing is guessed.
        published_on = published_at.date()
    _check_formats(fields, where)
    return ParsedArticle(
        body=body,
        raw_input=json.dumps(item, ensure_ascii=False, indent=2),
        format="json",
        source="",  # set by the caller, which knows the position
        url=fields.get("url", ""),
        headline=_line(fields.get("headline", "")),
        byline=_line(fields.get("byline", "")),
        dateline=_line(fields.get("dateline", "")),
        outlet=_line(fields.get("outlet", "")),
        published_on=published_on,
        published_at=published_at,
        language=fields.get("language", "").replace("_", "-"),
        story=fields.get("story", ""),
    )


def _string_fields(item: object, where: str) -> dict[str, str]:
    """The object's fields, checked for names, types and lengths, stripped."""
    if not isinstance(item, dict):
        raise ImportRefused(f"{where}: expected an object, got {_describe(item)}")
    unknown = [key for key in item if key not in _STRING_FIELDS]
    if unknown:
        names = ", ".join(f'"{printable(key, limit=60)}"' for key in unknown)
        plural = "s" if len(unknown) > 1 else ""
        raise ImportRefused(
            f"{where}: unknown field{plural} {names} (allowed: {', '.join(_STRING_FIELDS)})"
        )
    fields = {}
    for key, value in item.items():
        # null counts as absent, the way most exporters write an empty optional field.
        if value is None:
            continue
        if not isinstance(value, str):
            raise ImportRefused(f'{where}: "{key}" must be a string, got {_describe(value)}')
        limit = _MAX_LENGTH.get(key)
        if limit is not None and len(value.strip()) > limit:
            raise ImportRefused(f'{where}: "{key}" is longer than {limit} characters')
        fields[key] = value.strip()
    return fields


def _check_formats(fields: dict[str, str], where: str) -> None:
    story = fields.get("story", "")
    # "-" and "_" alone would slugify to nothing.
    if story and not (_SLUG.fullmatch(story) and story.strip("-_")):
        raise ImportRefused(
            f'{where}: "story" must be a slug (letters, digits, hyphens, underscores)'
        )
    language = fields.get("language", "")
    if language and not _LANGUAGE_TAG.fullmatch(language):
        raise ImportRefused(f'{where}: "language" is not a language tag (e.g. "en" or "pt-BR")')
    url = fields.get("url", "")
    if url and not is_web_url(url):
        if printable(url, limit=len(url)) != url or " " in url:
            raise ImportRefused(f'{where}: "url" contains spaces or control characters')
        raise ImportRefused(f'{where}: "url" is not an http or https URL')


def _body(fields: dict[str, str], where: str) -> str:
    """Canonical body: paragraphs split on blank lines, lines within one joined."""
    if "body" in fields and "text" in fields:
        raise ImportRefused(f'{where}: give "body" or its alias "text", not both')
    name = "text" if "text" in fields else "body"
    body = join_paragraphs(paragraphs(normalise_text(fields.get(name, ""))))
    if not body:
        raise ImportRefused(f'{where}: "{name}" is missing or empty')
    return body


def _line(value: str) -> str:
    return normalise_text(value).replace("\n", " ")


def _published_on(value: str, where: str) -> datetime.date | None:
    if not value:
        return None
    if not _DATE.fullmatch(value):
        raise ImportRefused(f'{where}: "published_on" is not a date (YYYY-MM-DD)')
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise ImportRefused(f'{where}: "published_on" {value} is not a real date') from exc
    if not storable_date(day):
        raise ImportRefused(
            f'{where}: "published_on" {value} is outside the dates the archive can store'
        )
    return day


def _published_at(value: str, where: str) -> datetime.datetime | None:
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as exc:
        raise ImportRefused(
            f'{where}: "published_at" is not an ISO 8601 date and time '
            "(e.g. 2026-01-13T09:30:00+09:00)"
        ) from exc
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ImportRefused(
            f'{where}: "published_at" has no timezone offset (e.g. 2026-01-13T09:30:00+09:00)'
        )
    if not storable_moment(moment):
        raise ImportRefused(
            f'{where}: "published_at" {printable(value, limit=40)} is outside the dates '
            "the archive can store"
        )
    return moment


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return _JSON_TYPES.get(type(value), type(value).__name__)
