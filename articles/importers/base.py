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
import os

import charset_normalizer

FORMATS = ("text", "html", "json")
EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".json": "json"}


class ImportRefused(Exception):
    """The input cannot be imported; ``str(exc)`` says why in one line."""


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
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ImportRefused(f"not valid {encoding.upper()} text ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise ImportRefused("binary data, not a text, HTML or JSON document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ImportRefused("cannot tell the text encoding (save the file as UTF-8)")
    text = str(best)
    if _looks_binary(text):
        raise ImportRefused("binary data, not a text, HTML or JSON document")
    return text


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
