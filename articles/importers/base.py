"""
What every importer returns, and how input bytes become text. No Django.

Importers are plain functions from input to :class:`ParsedArticle`; they never
touch the database. Anything wrong with the input raises :class:`ImportRefused`
with a one-line reason a newsroom user can act on.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime
import json
import os
import re

import charset_normalizer

FORMATS = ("text", "html", "json")
EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".json": "json"}


class ImportRefused(Exception):
    """The input cannot be imported; ``str(exc)`` says why in one line."""


# What every importer may hand to the database ---------------------------------

# The moments both databases and Python's datetime can hold, with a day to
# spare at each end so that showing one in any time zone cannot overflow.
EARLIEST = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
LATEST = datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC)
# JSON nests two levels in a feed and a few more in JSON-LD graphs; deeper
# than this is not an article's metadata, and would only exhaust the stack.
MAX_JSON_DEPTH = 64
# Python refuses to read integers longer than this (sys.int_info).
_MAX_INT_DIGITS = 4300

# A string the database cannot store: NUL (PostgreSQL refuses it in text) and
# lone surrogates (not encodable as UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Characters that must not reach a terminal or a log line as they are: C0/C1
# controls, line and paragraph separators, bidirectional overrides and
# isolates, and lone surrogates.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# A URL is one run of printable characters: no spaces, controls or newlines.
_URL_FORBIDDEN = re.compile("[\x00-\x20\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Quoted strings and brackets, for measuring how deep a JSON text nests.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')

# The input as a whole comes last, so that a refusal names the field first.
_STRING_FIELDS = ("source", "url", "headline", "byline", "dateline", "outlet", "language")
_STRING_FIELDS += ("story", "body", "raw_input")


def printable(value: object, *, limit: int = 200) -> str:
    """``value`` as one safe line for messages, logs and terminals: control
    characters, separators, bidirectional marks and lone surrogates become
    escapes such as ``\\n``, and a long value is cut with an ellipsis."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match) -> str:
    code = ord(match[0])
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(match[0])
    return named or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def storable_moment(moment: datetime.datetime) -> bool:
    """Whether an aware datetime is one both databases can store and show."""
    try:
        return EARLIEST <= moment.astimezone(datetime.UTC) <= LATEST
    except (OverflowError, ValueError):
        return False


def storable_date(day: datetime.date) -> bool:
    return EARLIEST.date() <= day <= LATEST.date()


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host and nothing a URL may not contain."""
    if not url or _URL_FORBIDDEN.search(url):
        return False
    scheme, _, rest = url.partition("://")
    return scheme.lower() in ("http", "https") and bool(rest.split("/", 1)[0].strip("@:"))


def load_json(text: str):
    """``json.loads`` for untrusted input, in time and memory linear in its
    size: nesting deeper than :data:`MAX_JSON_DEPTH` and integers Python will
    not read are refused before or instead of exhausting the stack."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token[0]
        if bracket in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise ImportRefused(
                    f"not valid JSON for an article: nested more than {MAX_JSON_DEPTH} levels deep"
                )
        elif bracket in "]}":
            depth -= 1
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc
    except ValueError as exc:
        # Python's own limit on the digits of an integer (CVE-2020-10735).
        raise ImportRefused(
            f"not valid JSON for an article: a number has more than {_MAX_INT_DIGITS:,} digits"
        ) from exc
    except RecursionError as exc:  # pragma: no cover - the depth check comes first
        raise ImportRefused("not valid JSON for an article: nested far too deeply") from exc


def json_objects(data):
    """Every JSON object in ``data``, in document order (JSON-LD nests via
    @graph). A stack, not recursion: the depth is bounded, but need not be
    trusted."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            yield value
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))


def check_storable(article: ParsedArticle) -> None:
    """Refuse, naming the field, anything in ``article`` the database cannot
    hold as it is. Every importer's output passes through here, whatever the
    importer already checked, so that no input reaches a save half-valid."""
    for field in _STRING_FIELDS:
        value = getattr(article, field)
        bad = _UNSTORABLE.search(value)
        if bad:
            what = "a NUL character" if bad[0] == "\x00" else "a lone surrogate (broken UTF-16)"
            where = "the input" if field == "raw_input" else f'"{field}"'
            raise ImportRefused(f"{where} contains {what}, which cannot be stored")
    if article.url and not is_web_url(article.url):
        raise ImportRefused(
            f'"url" {printable(article.url, limit=80)} is not an http or https URL '
            "without spaces or control characters"
        )
    if article.story and not article.story.strip("-_"):
        raise ImportRefused(f'"story" {printable(article.story)} has no letter or digit')
    moment = article.published_at
    if moment is not None:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ImportRefused('"published_at" has no timezone offset')
        if not storable_moment(moment):
            raise ImportRefused(
                f'"published_at" {printable(moment.isoformat())} is outside the dates '
                "the archive can store"
            )
    if article.published_on is not None and not storable_date(article.published_on):
        raise ImportRefused(
            f'"published_on" {article.published_on.isoformat()} is outside the dates '
            "the archive can store"
        )


@dataclasses.dataclass
class ParsedArticle:
    """One article as read from its source, before it meets the database.

    ``source`` identifies the article across re-imports: the URL it was fetched
    from, or the file name (for JSON, ``url`` of the object when it has one,
    else ``"<file name>#<position>"``). Metadata is what the input itself says;
    an importer leaves a field empty rather than guess.
    """

    body: str
    raw_input: str
    format: str
    source: str
    url: str = ""
    headline: str = ""
    byline: str = ""
    dateline: str = ""
    outlet: str = ""
    published_on: datetime.date | None = None
    published_at: datetime.datetime | None = None
    language: str = ""
    # JSON objects may name their story (a slug); other formats leave it empty.
    story: str = ""


@dataclasses.dataclass
class TextAnalysis:
    """What :func:`articles.importers.plaintext.analyse_paragraphs` finds in a
    run of paragraphs: the metadata the text states, and the body paragraphs
    left once headline, dateline prefix, byline and boilerplate are taken out."""

    paragraphs: list[str]
    headline: str = ""
    byline: str = ""
    dateline: str = ""
    outlet: str = ""
    published_on: datetime.date | None = None
    published_at: datetime.datetime | None = None


def check_size(data: bytes, *, limit: int) -> None:
    if not data or not data.strip():
        raise ImportRefused("the file is empty")
    if len(data) > limit:
        raise ImportRefused(f"too large ({len(data):,} bytes; the limit is {limit:,} bytes)")


def decode(data: bytes) -> str:
    """Decode input bytes to text.

    UTF-8 (with or without BOM) and BOM-marked UTF-16/32 are taken as they are;
    anything else is decoded only when its encoding can be detected with
    confidence. Binary input is refused.
    """
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ImportRefused(f"not valid {encoding.upper()} text ({exc.reason})") from exc
            _refuse_nul(text)
            return text
    if b"\x00" in data[:8192]:
        raise ImportRefused("binary data, not a text, HTML or JSON document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_nul(text)
        return text
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ImportRefused("cannot tell the text encoding (save the file as UTF-8)")
    text = str(best)
    if _looks_binary(text):
        raise ImportRefused("binary data, not a text, HTML or JSON document")
    _refuse_nul(text)
    return text


def _refuse_nul(text: str) -> None:
    # A NUL past the first few kilobytes: still binary, and no database column
    # of PostgreSQL's can hold it.
    position = text.find("\x00")
    if position >= 0:
        raise ImportRefused(
            f"binary data, not a text, HTML or JSON document (a NUL character at {position:,})"
        )


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    return controls / len(sample) > 0.05


def detect_format(name: str, text: str, requested: str = "auto") -> str:
    """Pick the importer: the requested one, else by extension, else by content."""
    if requested != "auto":
        if requested not in FORMATS:
            raise ImportRefused(f"unknown format {requested!r} (use text, html or json)")
        return requested
    extension = os.path.splitext(name.split("?", 1)[0])[1].lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    head = text.lstrip()[:1024].lower()
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head or "<p>" in head:
        return "html"
    if extension in ("", ".md"):
        return "text"
    raise ImportRefused(f"unknown format: {extension} files are not articles (use --format)")
