"""
Importers: bytes in, :class:`ParsedArticle` out. No database access here.

``parse_document`` is the one entry point; it picks the format and refuses bad
input with :class:`ImportRefused`.
"""

from .base import (
    EXTENSIONS,
    FORMATS,
    ImportRefused,
    ParsedArticle,
    check_size,
    check_storable,
    decode,
    detect_format,
    printable,
)

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "ImportRefused",
    "ParsedArticle",
    "parse_document",
    "printable",
]


def parse_document(
    data: bytes, *, name: str, format: str = "auto", url: str = "", max_bytes: int
) -> list[ParsedArticle]:
    """Parse one input document (a file, an upload or a fetched page).

    ``name`` is the file name or URL; it identifies the article across
    re-imports. Returns one article, or several for a JSON list.
    """
    from . import html, jsonfeed, plaintext

    check_size(data, limit=max_bytes)
    text = decode(data)
    kind = detect_format(name, text, format)
    if kind == "json":
        return jsonfeed.parse_json(text, source=name)  # checks each article itself
    if kind == "html":
        article = html.parse_html(text, source=name, url=url)
    else:
        article = plaintext.parse_text(text, source=name, url=url)
    check_storable(article)
    return [article]
