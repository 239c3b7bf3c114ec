"""Passages compared word by word, and passages highlighted in a report's text.

Plain Python over strings and offsets: the admin turns the pieces returned here
into escaped HTML.
"""

from __future__ import annotations

import dataclasses

from .diff import DELETE, INSERT, word_diff
from .text import PARAGRAPH_BREAK

# Differences between the reports' wordings ------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Comparison:
    """One passage against the reference (the first report's passage)."""

    # The passage's own words as ``(text, differs)`` pieces, in order.
    pieces: list[tuple[str, bool]]
    # ``(the reference's words, this passage's words)`` for each change; either may be "".
    changes: list[tuple[str, str]]
    # ``(start, end)`` in the reference of the words this passage does not have.
    reference_spans: list[tuple[int, int]]


def _split_edges(text):
    """``(leading space, words, trailing space)``: marks cover words, not the gaps."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def _marked(pieces):
    """``(text, differs)`` pieces with whitespace moved outside the marks and
    neighbours of the same kind joined."""
    result = []
    for text, differs in pieces:
        parts = [(text, False)]
        if differs:
            before, core, after = _split_edges(text)
            parts = [(before, False), (core, True), (after, False)]
        for part, flag in parts:
            if not part:
                continue
            if result and result[-1][1] == flag:
                result[-1] = (result[-1][0] + part, flag)
            else:
                result.append((part, flag))
    return result


def compare(reference: str, quote: str) -> Comparison:
    """How ``quote`` differs from ``reference``, word by word
    (:func:`articles.analysis.diff.word_diff`)."""
    pieces, changes, spans = [], [], []
    position, deleted = 0, None
    for op, text in word_diff(reference, quote):
        if op == DELETE:
            deleted = text
            spans.append((position, position + len(text)))
            position += len(text)
            continue
        if op == INSERT:
            changes.append((deleted or "", text))
            pieces.append((text, True))
        else:
            if deleted is not None:
                changes.append((deleted, ""))
            pieces.append((text, False))
            position += len(text)
        deleted = None
    if deleted is not None:
        changes.append((deleted, ""))
    changes = [(old.strip(), new.strip()) for old, new in changes if old.strip() or new.strip()]
    return Comparison(pieces=_marked(pieces), changes=changes, reference_spans=spans)


def mark_spans(text: str, spans) -> list[tuple[str, bool]]:
    """``text`` as ``(text, differs)`` pieces, ``differs`` wherever a span covers it."""
    covered = [False] * len(text)
    for start, end in spans:
        for index in range(start, min(end, len(text))):
            covered[index] = True
    pieces, start = [], 0
    for index in range(1, len(text) + 1):
        if index == len(text) or covered[index] != covered[start]:
            pieces.append((text[start:index], covered[start]))
            start = index
    return _marked(pieces)


# Passages highlighted in a report's paragraphs -------------------------------------------


@dataclasses.dataclass(frozen=True)
class Span:
    start: int
    end: int
    item: object


def paragraph_ranges(body: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-empty paragraph of ``body``."""
    ranges, start = [], 0
    while start <= len(body):
        found = body.find(PARAGRAPH_BREAK, start)
        end = len(body) if found == -1 else found
        if end > start:
            ranges.append((start, end))
        if found == -1:
            break
        start = found + len(PARAGRAPH_BREAK)
    return ranges


def highlight(body: str, spans: list[Span]) -> list[list[tuple[str, list[Span]]]]:
    """``body`` as paragraphs, each a list of ``(text, spans covering it)``.

    Overlapping spans split the text where any of them starts or ends, so
    every piece knows all the passages it belongs to.
    """
    paragraphs = []
    for paragraph_start, paragraph_end in paragraph_ranges(body):
        cuts = {paragraph_start, paragraph_end}
        for span in spans:
            cuts.update(
                point for point in (span.start, span.end) if paragraph_start < point < paragraph_end
            )
        points = sorted(cuts)
        pieces = []
        for start, end in zip(points, points[1:], strict=False):
            covering = [span for span in spans if span.start <= start and span.end >= end]
            pieces.append((body[start:end], covering))
        paragraphs.append(pieces)
    return paragraphs
