"""
CSV downloads, streamed: the staff changelists' exports and the public API's.

Rows are written one by one into a :class:`~django.http.StreamingHttpResponse`
as the caller's iterator yields them (a QuerySet's ``.iterator()``), so an
export of 100,000 rows holds one chunk of rows in memory, never the file.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (CSV injection: ``=HYPERLINK(…)`` in a quoted statement would become a
live link in an editor's spreadsheet). Such text cells are written with a
leading apostrophe, which spreadsheets show as text and do not run; numbers
are written as numbers.
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import StreamingHttpResponse

# What a spreadsheet takes for the start of a formula (OWASP's list: the four
# signs, and the tab and carriage return that can precede one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows fetched per round trip by the exports' QuerySet.iterator().
CHUNK_SIZE = 2000
# Characters of CSV sent in one piece of the streamed response.
BUFFER_SIZE = 64 * 1024


@dataclass(frozen=True)
class Column:
    """One column of an export: its header and how to read it from a row."""

    header: str
    value: Callable[[Any], Any]


def cell(value) -> str | int | float:
    """One value as a CSV cell, made safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer."""

    def write(self, value):
        return value


def csv_lines(columns: Iterable[Column], rows: Iterable) -> Iterator[str]:
    """The header line, then one line per row."""
    columns = list(columns)
    writer = csv.writer(_Echo())
    # A byte-order mark, so spreadsheets read the file as UTF-8.
    yield "\ufeff" + writer.writerow([column.header for column in columns])
    for row in rows:
        yield writer.writerow([cell(column.value(row)) for column in columns])


def buffered(lines: Iterable[str], size: int = BUFFER_SIZE) -> Iterator[str]:
    """``lines`` joined into pieces of about ``size`` characters: the server
    then sends a few large writes, not one per row (100,000 of them)."""
    buffer, length = [], 0
    for line in lines:
        buffer.append(line)
        length += len(line)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


def csv_response(filename: str, columns: Iterable[Column], rows: Iterable) -> StreamingHttpResponse:
    """A streamed CSV download of ``rows``, saved as ``filename``."""
    response = StreamingHttpResponse(
        buffered(csv_lines(columns, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
