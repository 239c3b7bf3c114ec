"""Passages in their article's text: one in its context, or many highlighted at once.

Plain Python over offsets; the admin turns the result into escaped HTML.
"""

from __future__ import annotations

import dataclasses

from articles.analysis.text import PARAGRAPH_BREAK

# Characters of the surrounding paragraph shown on each side of a claim's passage.
CONTEXT_CHARS = 300


@dataclasses.dataclass(frozen=True)
class PassageContext:
    """A passage with the text around it, or ``placed=False`` when it cannot be shown there."""

    quote: str
    placed: bool
    before: str = ""
    after: str = ""
    more_before: bool = False
    more_after: bool = False


def is_placed(passage, body: str) -> bool:
    """Whether ``passage`` (a Claim or ClaimAppearance) sits on its own words in ``body``."""
    return (
        not passage.is_orphaned
        and 0 <= passage.start < passage.end <= len(body)
        and body[passage.start : passage.end] == passage.quote
    )


def passage_in_context(passage) -> PassageContext:
    """The passage with up to :data:`CONTEXT_CHARS` of its paragraph on each side."""
    body = passage.article.body
    if not is_placed(passage, body):
        return PassageContext(quote=passage.quote, placed=False)
    start, end = passage.start, passage.end
    found = body.rfind(PARAGRAPH_BREAK, 0, start)
    paragraph_start = 0 if found == -1 else found + len(PARAGRAPH_BREAK)
    found = body.find(PARAGRAPH_BREAK, end)
    paragraph_end = len(body) if found == -1 else found
    before_start = max(paragraph_start, start - CONTEXT_CHARS)
    after_end = min(paragraph_end, end + CONTEXT_CHARS)
    return PassageContext(
        quote=body[start:end],
        placed=True,
        before=body[before_start:start],
        after=body[end:after_end],
        more_before=before_start > 0,
        more_after=after_end < len(body),
    )


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
