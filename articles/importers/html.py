"""
HTML pages: the article's main text and the metadata the page states. No Django.

trafilatura finds the main text and most metadata; the publication time and
language are read here from the page's own markup, because trafilatura gives
only a date, and that date may be a guess (from the URL or the running text).
The text analysis shared with the plain-text importer then finds what only the
text states (wire datelines, "By" credits). Page metadata wins over the text.
"""

from __future__ import annotations

import copy
import datetime
import email.utils
import re
import urllib.parse

import trafilatura

from ..analysis.text import fold, join_paragraphs, normalise_text
from .base import (
    ImportRefused,
    ParsedArticle,
    is_web_url,
    json_objects,
    load_json,
    storable_date,
    storable_moment,
)
from .plaintext import analyse_paragraphs

# <meta> names and properties that state when an article was first published,
# most specific first. Modification dates are deliberately absent.
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
)
_PUBLISHED_JSON_LD = ("datePublished", "dateCreated")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MODIFIED = re.compile(r"modif|updat")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_LANGUAGE_MAX = 16  # the model's field length


def parse_html(text: str, *, source: str, url: str = "") -> ParsedArticle:
    """Parse an HTML page into one article.

    ``source`` identifies the page (URL or file name); ``url`` is where it was
    fetched from, if anywhere, and otherwise the page's canonical URL is used.
    Raises :class:`ImportRefused` when the page has no article text.
    """
    tree = trafilatura.load_html(text)
    if tree is None:
        raise ImportRefused("not an HTML page that can be read")
    # bare_extraction prunes the tree it is given; the metadata readers below
    # need the page as it came.
    document = trafilatura.bare_extraction(
        copy.deepcopy(tree),
        with_metadata=True,
        # Reader comments are not the article.
        include_comments=False,
        # Precision mode: without it trafilatura falls back to dumping all the
        # page's text (menus, footers) when it finds little article text, so a
        # page with no article would import its navigation as one.
        favor_precision=True,
        # Keep htmldate's search narrow. Even so it falls back to dates in the
        # URL and the text, so its answer is checked against the metadata below.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not document.text:
        raise ImportRefused("no article text found in the page")

    headline = _line(document.title)
    paragraphs = [line for line in normalise_text(document.text).split("\n") if line]
    # The extracted text starts with the page's <h1>, which is the headline.
    headings = {fold(h) for h in (headline, _first_h1(tree)) if h}
    if paragraphs and fold(paragraphs[0]) in headings:
        paragraphs = paragraphs[1:]
    analysis = analyse_paragraphs(paragraphs, find_headline=False)
    body = join_paragraphs(analysis.paragraphs)
    if not body:
        raise ImportRefused("no article text found in the page")

    published_on, published_at = _published(tree, document.date)
    if published_on is None:
        # Date and time come from one place, so they cannot contradict.
        published_on, published_at = analysis.published_on, analysis.published_at
    # The page's own claim about its address is used only when it is one.
    canonical = document.url if is_web_url(document.url or "") else ""
    return ParsedArticle(
        body=body,
        raw_input=text,
        format="html",
        source=source,
        url=url or canonical,
        headline=headline,
        byline=_line(document.author) or analysis.byline,
        dateline=analysis.dateline,
        outlet=_outlet(document.sitename, canonical, url) or analysis.outlet,
        published_on=published_on,
        published_at=published_at,
        language=_language(tree),
    )


def _line(value: str | None) -> str:
    return normalise_text(value or "").replace("\n", " ")


def _first_h1(tree) -> str:
    for heading in tree.iter("h1"):
        return _line(heading.text_content())
    return ""


def _outlet(sitename: str | None, *urls: str) -> str:
    """The site name, unless trafilatura only derived it from a host name."""
    name = _line(sitename)
    hosts = {urllib.parse.urlsplit(u).hostname or "" for u in urls if u}
    hosts |= {h.removeprefix("www.") for h in hosts}
    return "" if name.lower() in hosts else name


# Dates ------------------------------------------------------------------------


def _published(tree, trafilatura_date: str | None):
    """``(published_on, published_at)`` as the page's markup states them.

    A stated time with a zone gives both; a date, or a time without a zone,
    gives only the date. trafilatura's date is used only when the page's
    metadata states it, never when it was inferred from the URL or the text.
    """
    for value in _published_values(tree):
        moment = _parse_moment(value)
        # A value no database can hold is read as no date at all, like one
        # that does not parse.
        if isinstance(moment, datetime.datetime):
            if moment.tzinfo is not None and moment.utcoffset() is not None:
                if storable_moment(moment):
                    return moment.date(), moment
            elif storable_date(moment.date()):
                return moment.date(), None
        elif isinstance(moment, datetime.date) and storable_date(moment):
            return moment, None
    if trafilatura_date and trafilatura_date in _metadata_dates(tree):
        return datetime.date.fromisoformat(trafilatura_date), None
    return None, None


def _published_values(tree):
    """Publication-date strings from <meta>, JSON-LD and itemprop, best first."""
    metas = {}
    for meta in tree.iter("meta"):
        key = _meta_key(meta)
        if key in _PUBLISHED_META and meta.get("content"):
            metas.setdefault(key, meta.get("content"))
    for key in _PUBLISHED_META[:3]:
        if key in metas:
            yield metas.pop(key)
    for data in _json_ld(tree):
        for node in json_objects(data):
            for key in _PUBLISHED_JSON_LD:
                if isinstance(node.get(key), str):
                    yield node[key]
    yield from metas.values()
    for element in tree.xpath('//*[@itemprop="datePublished"]'):
        value = element.get("datetime") or element.get("content")
        if value:
            yield value


def _metadata_dates(tree) -> set[str]:
    """Every YYYY-MM-DD that starts a <meta> value or a JSON-LD date, except
    modification dates."""
    values = [
        meta.get("content") or ""
        for meta in tree.iter("meta")
        if not _MODIFIED.search(_meta_key(meta))
    ]
    values += [
        node[key]
        for data in _json_ld(tree)
        for node in json_objects(data)
        for key in _PUBLISHED_JSON_LD
        if isinstance(node.get(key), str)
    ]
    return {match[0] for v in values if (match := _ISO_DATE.match(v.strip()))}


def _meta_key(meta) -> str:
    """What a <meta> element is about, whichever attribute names it."""
    for attribute in ("property", "name", "itemprop", "http-equiv"):
        if meta.get(attribute):
            return meta.get(attribute).strip().lower()
    return ""


def _parse_moment(value: str) -> datetime.date | datetime.datetime | None:
    value = value.strip()
    if _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        pass
    # Some sites state dates the e-mail way: "Tue, 13 Jan 2026 09:30:00 +0900".
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment


def _json_ld(tree):
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            yield load_json(script.text_content())
        except ImportRefused:
            continue  # broken JSON-LD is common; the page is still readable


# Language -----------------------------------------------------------------------


def _language(tree) -> str:
    """The language the page declares: <html lang>, Content-Language, og:locale."""
    candidates = [tree.getroottree().getroot().get("lang") or ""]
    for meta in tree.iter("meta"):
        if _meta_key(meta) in ("content-language", "og:locale"):
            candidates.append(meta.get("content") or "")
    for candidate in candidates:
        tag = candidate.strip().replace("_", "-")
        if len(tag) <= _LANGUAGE_MAX and _LANGUAGE_TAG.fullmatch(tag):
            return tag
    return ""
