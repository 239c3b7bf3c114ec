"""A passage in its article's text, with the paragraph around it.

Plain Python over offsets; the admin turns the result into escaped HTML. Many
passages highlighted at once: :func:`articles.analysis.passages.highlight`.
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
