"""Passages shown in their reports on the change pages: a claim's in its
article's text with the paragraph around it, a discrepancy's side by side.

Plain Python over offsets and the passages' stored context; the templates turn
the result into escaped HTML. Many passages highlighted at once:
:func:`articles.analysis.passages.highlight`.
"""

from __future__ import annotations

import dataclasses

from articles.analysis.passages import Comparison, compare, mark_spans
from articles.analysis.text import PARAGRAPH_BREAK, first_sentence

from ..forms import PassageAssessForm
from ..models import DiscrepancyPassage

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


# A discrepancy's passages side by side ------------------------------------------------


def _context(passage):
    """The context stored around a passage, cut at word and paragraph boundaries,
    as :class:`Column` fields."""
    before, after = passage.prefix, passage.suffix
    more_before = passage.start > len(before)
    more_after = passage.end + len(after) < passage.article_length
    if PARAGRAPH_BREAK in before:
        before, more_before = before.rsplit(PARAGRAPH_BREAK, 1)[1], False
    elif more_before and " " in before:
        before = before.split(" ", 1)[1]
    if PARAGRAPH_BREAK in after:
        after, more_after = after.split(PARAGRAPH_BREAK, 1)[0], False
    elif more_after and " " in after:
        after = after.rsplit(" ", 1)[0]
    return {"before": before, "after": after, "more_before": more_before, "more_after": more_after}


@dataclasses.dataclass
class Column:
    """One report's passage on the change page."""

    passage: DiscrepancyPassage
    title: str
    comparison: Comparison
    is_reference: bool
    before: str = ""
    after: str = ""
    more_before: bool = False
    more_after: bool = False
    assess_form: PassageAssessForm | None = None


def report_title(passage):
    """The report's headline, or its opening sentence when it has none (the
    body is not loaded: the passage carries ``article_opening``)."""
    return passage.article.headline or first_sentence(passage.article_opening, limit=90)


def side_by_side(passages) -> list[Column]:
    """One column per passage, in reading order; the first is the reference the
    others are compared with, and its words that another report lacks are marked."""
    passages = list(passages)
    if not passages:
        return []
    reference = passages[0].quote
    columns = [
        Column(
            passage=passage,
            title=report_title(passage) or f"Article {passage.article_id}",
            comparison=compare(reference, passage.quote),
            is_reference=index == 0,
            # An orphaned passage's context is from a text the report no longer has.
            **({} if passage.is_orphaned else _context(passage)),
        )
        for index, passage in enumerate(passages)
    ]
    spans = [span for column in columns[1:] for span in column.comparison.reference_spans]
    columns[0].comparison = Comparison(
        pieces=mark_spans(reference, spans), changes=[], reference_spans=[]
    )
    return columns
