"""
Other fact-checkers' ClaimReview (https://schema.org/ClaimReview). No Django.

Two shapes come in:

- a **feed** as aggregators read it: a ``DataFeed`` whose ``dataFeedElement``
  holds ``DataFeedItem``s, each with the review in ``item`` (one or a list),
  or, in older feeds, the ``ClaimReview`` objects themselves;
- **pages**: JSON-LD, either a JSON document or the
  ``<script type="application/ld+json">`` blocks of an HTML page, holding one
  or several ClaimReview objects, at the top, in a list, in ``@graph`` or
  nested in another object (a ``WebPage``'s ``mainEntity``).

:func:`parse_claimreviews` reads every review or none: any review that cannot
be stored as it is (no address, no statement, a number or date that is not
one) is named in :class:`ClaimReviewRefused` with what is wrong, so the
person importing fixes the source and tries again. Nothing is guessed.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import re

import lxml.etree
import lxml.html

from .base import ImportRefused, is_web_url, json_objects, load_json, printable, storable_date

# Field lengths of the model the reviews are stored in.
URL_MAX = 1000
NAME_MAX = 300
# Reported problems beyond this many are counted, not listed.
MAX_PROBLEMS = 20

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ClaimReviewRefused(ImportRefused):
    """Nothing was imported; ``problems`` says, per review, what is wrong."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        text = "; ".join(shown) + (f"; and {more} more" if more else "")
        super().__init__(f"nothing imported: {text}")


@dataclasses.dataclass
class ParsedFactCheck:
    """One review as its publisher states it. ``where`` names it in messages."""

    url: str
    claim_reviewed: str
    where: str
    claimant_name: str = ""
    rating_text: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    publisher_name: str = ""
    publisher_url: str = ""
    date_published: datetime.date | None = None
    raw: dict = dataclasses.field(default_factory=dict)


def parse_claimreviews(text: str) -> list[ParsedFactCheck]:
    """Every ClaimReview in ``text`` (JSON or HTML), or :class:`ClaimReviewRefused`."""
    found = _reviews_in(text)
    if not found:
        raise ImportRefused(
            "no ClaimReview found (neither a ClaimReview feed nor JSON-LD with one)"
        )
    problems: list[str] = []
    parsed = []
    first_at: dict[str, str] = {}
    for where, review in found:
        if isinstance(review, str):  # an element that is no review, in its place
            problems.append(f"{where}: {review}")
            continue
        fact_check = _read(review, where, problems)
        if fact_check is None:
            continue
        if fact_check.url in first_at:
            problems.append(f"{fact_check.where}: the same url as {first_at[fact_check.url]}")
            continue
        first_at[fact_check.url] = where
        parsed.append(fact_check)
    if problems:
        raise ClaimReviewRefused(problems)
    return parsed


# Finding the reviews -------------------------------------------------------------
# Each finder returns ``(where, review)`` pairs in document order; an element
# of a feed that holds no review comes as ``(where, "what is wrong with it")``.


def _reviews_in(text: str) -> list[tuple[str, dict | str]]:
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        return _reviews_in_json(load_json(stripped), "")
    reviews = []
    blocks = _json_ld_blocks(text)
    unreadable = []
    for number, block in enumerate(blocks, 1):
        try:
            data = load_json(block)
        except ImportRefused as exc:
            unreadable.append(f"script block {number}: {exc}")
            continue
        prefix = f"script block {number}, " if len(blocks) > 1 else ""
        reviews += _reviews_in_json(data, prefix)
    if not reviews:
        if unreadable:
            # A broken block elsewhere on a page that has its review is no reason
            # to refuse it; a page whose only blocks are broken is.
            raise ClaimReviewRefused(unreadable)
        if not blocks:
            raise ImportRefused(
                "no ClaimReview found: neither JSON nor an HTML page with "
                '<script type="application/ld+json">'
            )
    return reviews


def _json_ld_blocks(text: str) -> list[str]:
    try:
        tree = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ImportRefused(f"not JSON, and not an HTML page ({exc})") from exc
    return [
        script.text_content()
        for script in tree.iter("script")
        if (script.get("type") or "").split(";")[0].strip().lower() == "application/ld+json"
    ]


def _types(value: dict) -> set[str]:
    declared = value.get("@type", [])
    declared = declared if isinstance(declared, list) else [declared]
    # "ClaimReview", "schema:ClaimReview", "https://schema.org/ClaimReview".
    return {str(name).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for name in declared}


def _is_feed(data) -> bool:
    return isinstance(data, dict) and ("DataFeed" in _types(data) or "dataFeedElement" in data)


def _reviews_in_json(data, prefix: str) -> list[tuple[str, dict | str]]:
    if _is_feed(data):
        return _reviews_in_feed(data, prefix)
    found = [value for value in json_objects(data) if "ClaimReview" in _types(value)]
    if len(found) == 1:
        return [(f"{prefix}the ClaimReview" if prefix else "the ClaimReview", found[0])]
    return [(f"{prefix}ClaimReview {number}", value) for number, value in enumerate(found, 1)]


def _reviews_in_feed(feed: dict, prefix: str) -> list[tuple[str, dict | str]]:
    elements = feed.get("dataFeedElement")
    if elements is None:
        elements = []
    if not isinstance(elements, list):
        elements = [elements]
    reviews = []
    for number, element in enumerate(elements, 1):
        where = f"{prefix}dataFeedElement {number}"
        if not isinstance(element, dict):
            reviews.append((where, "not an object"))
            continue
        types = _types(element)
        if "ClaimReview" in types:
            reviews.append((where, element))
        elif "DataFeedItem" in types or "item" in element:
            items = element.get("item")
            items = items if isinstance(items, list) else [items]
            for index, item in enumerate(items, 1):
                at = where if len(items) == 1 else f"{where}, item {index}"
                if isinstance(item, dict) and "ClaimReview" in _types(item):
                    reviews.append((at, item))
                else:
                    reviews.append((at, "its item is not a ClaimReview"))
        else:
            kind = ", ".join(sorted(types)) or "no @type"
            reviews.append((where, f"not a DataFeedItem or a ClaimReview ({printable(kind)})"))
    return reviews


# Reading one review ----------------------------------------------------------------


def _read(review: dict, where: str, problems: list[str]) -> ParsedFactCheck | None:
    wrong: list[str] = []
    url = _text(review.get("url"))
    if not url:
        wrong.append("url is missing")
    elif not is_web_url(url) or len(url) > URL_MAX:
        wrong.append(f'url "{printable(url, limit=80)}" is not an http(s) address')
    claim_reviewed = _text(review.get("claimReviewed"))
    if not claim_reviewed:
        wrong.append("claimReviewed is missing")
    rating = _first_object(review.get("reviewRating"))
    publisher = _first_object(review.get("author")) or _first_object(review.get("publisher"))
    item = _first_object(review.get("itemReviewed"))
    fact_check = ParsedFactCheck(
        url=url,
        claim_reviewed=claim_reviewed,
        where=f"{where} ({printable(url, limit=80)})" if url else where,
        claimant_name=_names((item or {}).get("author")),
        rating_text=_text((rating or {}).get("alternateName")) or _text((rating or {}).get("name")),
        publisher_name=_text((publisher or {}).get("name")),
        publisher_url=_text((publisher or {}).get("url")),
        raw=review,
    )
    for field, key in (
        ("rating_value", "ratingValue"),
        ("best_rating", "bestRating"),
        ("worst_rating", "worstRating"),
    ):
        value = (rating or {}).get(key)
        number = _number(value)
        if value not in (None, "") and number is None:
            wrong.append(f'reviewRating.{key} "{printable(value, limit=40)}" is not a number')
        setattr(fact_check, field, number)
    if not (fact_check.rating_text or fact_check.rating_value is not None):
        wrong.append("reviewRating has no alternateName, name or ratingValue")
    published = review.get("datePublished")
    if published not in (None, ""):
        fact_check.date_published = _date(published)
        if fact_check.date_published is None:
            wrong.append(f'datePublished "{printable(published, limit=40)}" is not a date')
    if fact_check.publisher_url and not is_web_url(fact_check.publisher_url):
        shown = printable(fact_check.publisher_url, limit=80)
        wrong.append(f'author.url "{shown}" is not an http(s) address')
    for field, label in (
        ("claimant_name", "itemReviewed.author.name"),
        ("rating_text", "reviewRating.alternateName"),
        ("publisher_name", "author.name"),
        ("publisher_url", "author.url"),
    ):
        if len(getattr(fact_check, field)) > (URL_MAX if field == "publisher_url" else NAME_MAX):
            wrong.append(f"{label} is longer than the archive stores")
    for field in ("url", "claim_reviewed", "claimant_name", "rating_text", "publisher_name"):
        if _UNSTORABLE.search(getattr(fact_check, field)):
            wrong.append(f"{field} contains a character that cannot be stored")
    if wrong:
        problems.append(f"{fact_check.where}: {', '.join(wrong)}")
        return None
    return fact_check


def _text(value) -> str:
    """A string property: JSON-LD may give a plain value or {"@value": ...}."""
    if isinstance(value, dict):
        value = value.get("@value", value.get("@id"))
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def _first_object(value) -> dict | None:
    if isinstance(value, list):
        value = next((entry for entry in value if isinstance(entry, dict)), None)
    return value if isinstance(value, dict) else None


def _names(value) -> str:
    """One or several authors (people or organisations), their names joined."""
    entries = value if isinstance(value, list) else [value]
    names = []
    for entry in entries:
        name = _text(entry.get("name")) if isinstance(entry, dict) else _text(entry)
        if name and name not in names:
            names.append(name)
    return ", ".join(names)


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _date(value) -> datetime.date | None:
    """A date, or the date of a moment as its publisher wrote it (their day)."""
    value = _text(value)
    if not value:
        return None
    try:
        if _ISO_DATE.fullmatch(value):
            day = datetime.date.fromisoformat(value)
        else:
            day = datetime.datetime.fromisoformat(value).date()
    except ValueError:
        return None
    return day if storable_date(day) else None
