"""
Archived copies of cited web pages: a fetched answer as a WARC record, and the
text read from it. No Django.

The record is the standard web-archive format (ISO 28500), written and read
with warcio, so that any archive tool (pywb, replayweb.page, warcio itself)
can open a copy a desk kept as evidence. The text is what a reader would
read, extracted as the importer extracts a report (trafilatura), and its
SHA-256 is what later checks compare to tell a changed page.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io

import trafilatura
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ..analysis.text import normalise_text
from .base import ImportRefused, decode
from .fetch import Fetched

# Hop-by-hop framing of the answer as it came over the wire; the record holds
# the body whole and decoded, so these would describe bytes it does not hold.
_FRAMING_HEADERS = {"transfer-encoding", "connection", "keep-alive"}


@dataclasses.dataclass(frozen=True)
class ArchivedResponse:
    """One response read back from a WARC record."""

    url: str
    date: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def warc_record(fetched: Fetched, *, fetched_at: datetime.datetime) -> bytes:
    """``fetched`` as one gzip-compressed WARC ``response`` record."""
    headers = [(k, v) for k, v in fetched.headers if k.lower() not in _FRAMING_HEADERS]
    http_headers = StatusAndHeaders(
        f"{fetched.status} {fetched.reason}".strip(), headers, protocol="HTTP/1.1"
    )
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    record = writer.create_warc_record(
        fetched.url,
        "response",
        payload=io.BytesIO(fetched.data),
        length=len(fetched.data),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Date": fetched_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        },
    )
    writer.write_record(record)
    return buffer.getvalue()


def read_warc(data: bytes) -> ArchivedResponse:
    """The first ``response`` record of ``data``, as stored by :func:`warc_record`."""
    for record in ArchiveIterator(io.BytesIO(data)):
        if record.rec_type != "response":
            continue
        return ArchivedResponse(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            date=record.rec_headers.get_header("WARC-Date"),
            status=int(record.http_headers.get_statuscode()),
            headers=list(record.http_headers.headers),
            body=record.content_stream().read(),
        )
    raise ValueError("no response record in the WARC data")


def extract_text(data: bytes, content_type: str) -> str:
    """What a reader reads on the page: the main text of an HTML page (no
    script, no markup), a text document as it is; ``""`` for anything else
    (a PDF, an image) or a page with no text to find."""
    try:
        text = decode(data)
    except ImportRefused:
        return ""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml") or (not kind and text.lstrip()[:1] == "<"):
        extracted = trafilatura.extract(text, include_comments=False, include_tables=True)
        return normalise_text(extracted or "")
    if kind.startswith("text/") or kind in ("application/json", ""):
        return normalise_text(text)
    return ""


def content_hash(text: str, data: bytes) -> str:
    """SHA-256 of the extracted text, or of the body where no text was found,
    so that a changed PDF is told from an unchanged one too."""
    return hashlib.sha256(text.encode() if text else data).hexdigest()
